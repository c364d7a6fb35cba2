import { isProfessional, type Role } from '../accounts/roles.js';
import { Permission } from '../auth/permission.js';
import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import type { CaseRole, CaseStatus, ConsentScope, UpdateVisibility } from '../cases/case-vocabulary.js';
import { CaseErrors } from '../cases/cases.errors.js';
import { MessagingErrors } from '../messaging/messaging.errors.js';
import type { Specialism } from '../shared/roles.js';
import { type GoalOwner, isFamilyGoal } from '../shared/plan-vocabulary.js';
import { isChildAccess, refuseChild } from './children.rules.js';

/**
 * Who may do what to which case, thread or attachment: the rules, in one switch per kind of
 * resource, over the same `Permission` enum the routes declare. `AccessService` (beside this file)
 * reads the facts these rules decide from, in one query per resource kind. Anyone who may not see a
 * case (or use a thread) at all gets the same 404 as for an id that does not exist; the rules here
 * only ever decide for someone who does see it.
 */

/** How the caller relates to one case they may see. */
export interface CaseAccess {
  caseId: string;
  teamId: string;
  /** The caller's role in the case, or null when they see it only as a coordinator of its team. */
  participantRole: CaseRole | null;
  /** The caller is a coordinator of the support team that runs the case. */
  isTeamCoordinator: boolean;
  userId: string;
  accountRole: Role;
  organisationId: string | null;
  status: CaseStatus;
  leadCounsellorId: string | null;
  /**
   * What the parents' consent opens to the caller right now (granted to them or to their
   * organisation, not revoked, not expired). Read fresh on every request: revocation is immediate.
   */
  consentScopes: ConsentScope[];
}

/** How the caller relates to one thread they may use: a member who still takes part in its case. */
export interface ThreadAccess {
  threadId: string;
  caseId: string;
  title: string;
  createdById: string;
  /** The caller reads only messages with a higher sequence number (0: the whole history). */
  historyFromSeq: string;
  /** The caller's role in the thread's case. */
  caseRole: CaseRole;
  /** The caller is a coordinator of the team that runs the thread's case. */
  isTeamCoordinator: boolean;
}

/**
 * The three sides of a case:
 * - `team`: the support team that runs it (its coordinators, and its counsellors taking part);
 * - `parent`: a parent taking part — the owner of the story and of the consent;
 * - `partner`: everyone else taking part (guardian, board, foster parent, expert, child, other),
 *   who sees content only as far as the parents' consent reaches.
 */
export type CaseSide = 'team' | 'parent' | 'partner';

export function sideOf(access: CaseAccess): CaseSide {
  if (access.isTeamCoordinator) return 'team';
  if (access.participantRole === 'counsellor' || access.participantRole === 'coordinator') return 'team';
  if (access.participantRole === 'parent') return 'parent';
  return 'partner';
}

/** Whether the caller sees `scope`: the team and the parents always, partners by consent. */
export function seesScope(access: CaseAccess, scope: ConsentScope): boolean {
  if (scope === 'story' && isChildAccess(access)) return false; // issue 20: a child never sees the parents' story
  return sideOf(access) !== 'partner' || access.consentScopes.includes(scope);
}

/** A counsellor of the case (any counsellor taking part, the lead or not). */
export function isCaseCounsellor(access: CaseAccess): boolean {
  return access.participantRole === 'counsellor' && access.accountRole === 'counsellor';
}

/**
 * The monitor's structured fields (household, custody, placement reasons, wishes, support asked)
 * are as sensitive as the story: the team, the parents, and partners with `story` consent.
 */
export function seesCaseDetails(access: CaseAccess): boolean {
  return seesScope(access, 'story');
}

/**
 * The update visibilities the caller reads. `everyone` updates are for every participant who sees
 * updates (parents always); `professionals` updates for the team and professional partners with
 * `updates` consent.
 */
export function visibleUpdates(access: CaseAccess): UpdateVisibility[] {
  if (!seesScope(access, 'updates')) return [];
  const side = sideOf(access);
  if (side === 'team' || (side === 'partner' && isProfessional(access.accountRole))) return ['everyone', 'professionals'];
  return ['everyone'];
}

/** Everything a route or service may ask of a case. */
export type CasePermission =
  | Permission.CaseRead | Permission.CaseUpdate | Permission.CaseParticipantManage
  | Permission.CaseStoryRead | Permission.CaseStoryWrite | Permission.CaseStoryConfirm
  | Permission.CaseConsentRead | Permission.CaseConsentManage
  | Permission.CaseUpdateRead | Permission.CaseUpdatePost
  | Permission.CaseChildRead | Permission.CaseChildWrite
  | Permission.CaseResultRead | Permission.CaseResultWrite
  | Permission.CaseAccessLogRead
  | Permission.CaseHandoverPerform | Permission.CaseHandoverRequest
  | Permission.CaseLegalHold
  | Permission.Messaging | Permission.ThreadCreate
  | Permission.ConsultationRequest
  // One family, one plan, and the shared explanatory analysis (issue 18).
  | Permission.CasePlanRead | Permission.CasePlanWrite | Permission.CasePlanActionUpdate
  | Permission.CaseAnalysisRead | Permission.CaseAnalysisPosition | Permission.CaseAnalysisWrite | Permission.CaseAnalysisSignOff;

/** What a case decision may need beyond the case itself. */
export interface CaseContext {
  /** `CaseUpdatePost`: the visibility of the update to post. */
  visibility?: UpdateVisibility;
  /** `CasePlanWrite`, `CasePlanActionUpdate`: the owners of the goal concerned (as it is and as it would become). */
  goalOwners?: GoalOwner[];
  /** `CasePlanActionUpdate`: who owns the action, and whether only its status changes. */
  action?: { ownerUserId: string | null; statusOnly: boolean };
  /** `CaseAnalysisSignOff`: the caller's specialism (only experts carry one). */
  specialism?: Specialism | null;
}

/** null: allowed. Otherwise the error that says why not, to someone who does see the case. */
export function decideCase(permission: CasePermission, access: CaseAccess, context: CaseContext = {}): DomainError | null {
  const childRefusal = refuseChild(permission, access); // issue 20: src/access/children.rules.ts
  if (childRefusal) return childRefusal;
  const side = sideOf(access);
  switch (permission) {
    // Anyone who may see the case at all: its participants and the team's coordinators.
    case Permission.CaseRead:
    case Permission.CaseConsentRead: // partners see only the consents given to them (consents.service)
    case Permission.Messaging: // the case's conversations the caller takes part in
      return null;
    // Change the case, its participants and results, see handover requests: the team.
    case Permission.CaseUpdate:
    case Permission.CaseParticipantManage:
    case Permission.CaseResultWrite:
      return side === 'team' ? null : CommonErrors.forbidden();
    // Results, the status history and the access log: the team and the parents.
    case Permission.CaseResultRead:
    case Permission.CaseAccessLogRead:
      return side === 'partner' ? CommonErrors.forbidden() : null;
    // Moving the lead: a coordinator of the team that runs the case.
    case Permission.CaseHandoverPerform:
      return access.isTeamCoordinator ? null : CommonErrors.forbidden();
    // Asking for a handover: a counsellor of the case.
    case Permission.CaseHandoverRequest:
      return isCaseCounsellor(access) ? null : CaseErrors.notLead();
    // The parent's story: told once, read by the team, the parents, and partners with `story` consent.
    case Permission.CaseStoryRead:
      return seesScope(access, 'story') ? null : CaseErrors.consentRequired('story');
    // Written by a parent, or by a counsellor of the case together with the parent.
    case Permission.CaseStoryWrite:
      return side === 'parent' || isCaseCounsellor(access) ? null : CommonErrors.forbidden();
    // Only a parent confirms that the story is theirs.
    case Permission.CaseStoryConfirm:
      return side === 'parent' ? null : CaseErrors.parentOnly();
    // Consent belongs to the parents; a counsellor of the case may record what a parent said in person.
    case Permission.CaseConsentManage:
      return side === 'parent' || isCaseCounsellor(access) ? null : CaseErrors.parentOnly();
    case Permission.CaseUpdateRead:
      return visibleUpdates(access).length > 0 ? null : CaseErrors.consentRequired('updates');
    // Who reads updates may post them, except children; a parent's updates are for everyone.
    case Permission.CaseUpdatePost: {
      const visibilities = visibleUpdates(access);
      if (visibilities.length === 0) return CaseErrors.consentRequired('updates');
      if (access.participantRole === 'child' || access.accountRole === 'child') return CommonErrors.forbidden();
      if (context.visibility && !visibilities.includes(context.visibility)) return side === 'parent' ? CaseErrors.parentVisibility() : CommonErrors.forbidden();
      return null;
    }
    // The children: read by the team, the parents, and partners with `children` consent; kept by the team and the parents.
    case Permission.CaseChildRead:
      return seesScope(access, 'children') ? null : CaseErrors.consentRequired('children');
    case Permission.CaseChildWrite:
      return side === 'partner' ? CommonErrors.forbidden() : null;
    // Legal hold (issue 21): a coordinator of the team that runs the case.
    case Permission.CaseLegalHold:
      return access.isTeamCoordinator ? null : CommonErrors.forbidden();
    // Starting a conversation: only someone who takes part in the case.
    case Permission.ThreadCreate:
      return access.participantRole ? null : MessagingErrors.creatorNotParticipant();
    // Putting a question about the case to an expert of the pool (issue 19): a counsellor of the case.
    case Permission.ConsultationRequest:
      return isCaseCounsellor(access) ? null : CommonErrors.forbidden();
    default:
      return decidePlanAndAnalysis(permission, access, context);
  }
}

// ---------------------------------------------------------------------------------------------
// One family, one plan, and the shared explanatory analysis (issue 18)
// ---------------------------------------------------------------------------------------------

type PlanAndAnalysisPermission = Permission.CasePlanRead | Permission.CasePlanWrite | Permission.CasePlanActionUpdate
  | Permission.CaseAnalysisRead | Permission.CaseAnalysisPosition | Permission.CaseAnalysisWrite | Permission.CaseAnalysisSignOff;

/** An expert who takes part in the case (case role and account both `expert`). */
export function isCaseExpert(access: CaseAccess): boolean {
  return access.participantRole === 'expert' && access.accountRole === 'expert';
}

/**
 * The plan's goals and actions: the team writes all of them; the parents those owned by the parents'
 * side (parent, child, family), before and after the change; partners none (see CasePlanActionUpdate).
 */
function mayWritePlan(access: CaseAccess, goalOwners: GoalOwner[] = []): DomainError | null {
  const side = sideOf(access);
  if (side === 'team') return null;
  if (side === 'parent') return goalOwners.every(isFamilyGoal) ? null : PlanRuleErrors.familyGoalsOnly();
  return CommonErrors.forbidden();
}

function decidePlanAndAnalysis(permission: PlanAndAnalysisPermission, access: CaseAccess, context: CaseContext): DomainError | null {
  switch (permission) {
    // The plan: read by the team, the parents, and partners with `plan` consent.
    case Permission.CasePlanRead:
      return seesScope(access, 'plan') ? null : CaseErrors.consentRequired('plan');
    case Permission.CasePlanWrite:
      return mayWritePlan(access, context.goalOwners);
    // An action: whoever writes its goal; anyone else who reads the plan only the status of an action
    // they own (a partner's task, or a parent's own step towards a goal of the team).
    case Permission.CasePlanActionUpdate: {
      const partner = sideOf(access) === 'partner';
      const write = partner ? PlanRuleErrors.actionStatusOnly() : mayWritePlan(access, context.goalOwners);
      if (write === null) return null;
      if (!seesScope(access, 'plan')) return CaseErrors.consentRequired('plan');
      return context.action?.ownerUserId === access.userId && context.action.statusOnly ? null : write;
    }
    // The analysis: the team, the parents, the case's experts, and other partners with `analysis` consent.
    case Permission.CaseAnalysisRead:
    case Permission.CaseAnalysisPosition:
      return seesScope(access, 'analysis') || isCaseExpert(access) ? null : CaseErrors.consentRequired('analysis');
    // A new version: the team and the case's experts.
    case Permission.CaseAnalysisWrite:
      return sideOf(access) === 'team' || isCaseExpert(access) ? null : CommonErrors.forbidden();
    // The guideline's tegenspraak: only an expert of the case qualified in behavioural science.
    case Permission.CaseAnalysisSignOff:
      return isCaseExpert(access) && context.specialism === 'behavioural_science' ? null : PlanRuleErrors.signOffNotAllowed();
    default:
      return exhaustive(permission);
  }
}

/** The refusals of the plan and analysis rules (403s a client can branch on). */
export const PlanRuleErrors = {
  familyGoalsOnly: () => new DomainError(HttpStatus.FORBIDDEN, 'family_goals_only', {
    nl: 'U kunt doelen van uzelf, uw kind of uw gezin toevoegen en wijzigen. Doelen van het team of een ketenpartner niet.',
    en: 'You can add and change goals of yourself, your child or your family. Not goals of the team or a partner.',
  }),
  actionStatusOnly: () => new DomainError(HttpStatus.FORBIDDEN, 'action_status_only', {
    nl: 'U kunt alleen de status wijzigen van een actie die bij u hoort.',
    en: 'You can only change the status of an action that is yours.',
  }),
  signOffNotAllowed: () => new DomainError(HttpStatus.FORBIDDEN, 'sign_off_not_allowed', {
    nl: 'Alleen een gedragswetenschapper die als deskundige meedoet in dit dossier kan de analyse vaststellen.',
    en: 'Only a behavioural scientist taking part in this case as its expert can sign the analysis off.',
  }),
};

/** Everything a service may ask of a thread it is a member of. */
export type ThreadPermission = Permission.Messaging | Permission.ThreadMemberAdd | Permission.ThreadModerate;

/** Case roles that may add someone to a thread: the team and the parents, never a partner. */
const MEMBER_ADDING_CASE_ROLES: readonly CaseRole[] = ['counsellor', 'coordinator', 'parent'];
/** Case roles that may take someone else out of a thread (besides whoever started it). */
const MODERATING_CASE_ROLES: readonly CaseRole[] = ['counsellor', 'coordinator'];

/** null: allowed. Otherwise the error that says why not, to a member of the thread. */
export function decideThread(permission: ThreadPermission, thread: ThreadAccess, userId: string): DomainError | null {
  switch (permission) {
    // Read and write: a member of the thread who still takes part in its case (the query decides).
    case Permission.Messaging:
      return null;
    // Widening a conversation: the case's counsellors and coordinators (and the team's coordinators) and its parents.
    case Permission.ThreadMemberAdd:
      return thread.isTeamCoordinator || MEMBER_ADDING_CASE_ROLES.includes(thread.caseRole) ? null : MessagingErrors.memberAddForbidden();
    // Taking someone else out: whoever started the thread, counsellors and coordinators (anyone may leave).
    case Permission.ThreadModerate:
      return thread.createdById === userId || thread.isTeamCoordinator || MODERATING_CASE_ROLES.includes(thread.caseRole)
        ? null : MessagingErrors.memberRemovalForbidden();
    default:
      return exhaustive(permission);
  }
}

/** What the account rules decide from: the caller and the account they would manage. */
export interface AccountParty { role: Role; organisationId: string | null }

/**
 * Managing accounts (listing an organisation's, finding one by address, blocking and allowing):
 * an administrator any account; a coordinator the accounts of their own organisation, never an
 * administrator's. Anyone else none. (Nobody blocks themselves: that is a refusal of its own, 422.)
 */
export function mayManageAccount(user: AccountParty, account: AccountParty): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'coordinator' && user.organisationId !== null && account.organisationId === user.organisationId && account.role !== 'admin';
}

/** An organisation's account list: administrators for every organisation, a coordinator for their own. */
export function mayListAccountsOf(user: AccountParty, organisationId: string): boolean {
  return user.role === 'admin' || (user.role === 'coordinator' && user.organisationId === organisationId);
}

function exhaustive(permission: never): never {
  throw new Error(`no access rule for ${String(permission)}`);
}
