import type { Role } from '../accounts/roles.js';
import { Permission } from '../auth/permission.js';
import type { CaseRole, ConsentScope } from '../cases/case-vocabulary.js';
import {
  type CaseAccess, type CasePermission, decideCase, decideThread, mayListAccountsOf, mayManageAccount, sideOf, type ThreadAccess, visibleUpdates,
} from './access.rules.js';

function access(participantRole: CaseRole | null, accountRole: Role, options: { teamCoordinator?: boolean; consent?: ConsentScope[] } = {}): CaseAccess {
  return {
    caseId: 'c', teamId: 't', participantRole, isTeamCoordinator: options.teamCoordinator ?? false, userId: 'u', accountRole,
    organisationId: null, status: 'active', leadCounsellorId: null, consentScopes: options.consent ?? [],
  };
}

const counsellor = access('counsellor', 'counsellor');
const coordinatorNotTakingPart = access(null, 'coordinator', { teamCoordinator: true });
const parent = access('parent', 'parent');
const guardianWithoutConsent = access('guardian', 'partner');
const guardianWithStory = access('guardian', 'partner', { consent: ['story', 'updates'] });
const fosterParentWithUpdates = access('foster_parent', 'foster_parent', { consent: ['updates'] });
const child = access('child', 'child', { consent: ['updates'] });

const allowed = (permission: CasePermission, who: CaseAccess, visibility?: 'everyone' | 'professionals') =>
  decideCase(permission, who, { visibility })?.code ?? 'allowed';

describe('access rules: cases', () => {
  it('puts everyone on one of three sides', () => {
    expect([counsellor, coordinatorNotTakingPart, parent, guardianWithStory, child].map(sideOf)).toEqual(['team', 'team', 'parent', 'partner', 'partner']);
  });

  it('lets the team manage, the team and parents read results and the access log, and no partner either', () => {
    for (const p of [Permission.CaseUpdate, Permission.CaseParticipantManage, Permission.CaseResultWrite] as const) {
      expect([counsellor, coordinatorNotTakingPart, parent, guardianWithStory].map((w) => allowed(p, w))).toEqual(['allowed', 'allowed', 'forbidden', 'forbidden']);
    }
    for (const p of [Permission.CaseResultRead, Permission.CaseAccessLogRead] as const) {
      expect([counsellor, parent, guardianWithStory].map((w) => allowed(p, w))).toEqual(['allowed', 'allowed', 'forbidden']);
    }
  });

  it('opens the story and the children to partners only as far as consent reaches; only a parent confirms', () => {
    expect(allowed(Permission.CaseStoryRead, guardianWithoutConsent)).toBe('consent_required');
    expect(allowed(Permission.CaseStoryRead, guardianWithStory)).toBe('allowed');
    expect(allowed(Permission.CaseChildRead, guardianWithStory)).toBe('consent_required');
    expect(allowed(Permission.CaseStoryWrite, counsellor)).toBe('allowed');
    expect(allowed(Permission.CaseStoryWrite, coordinatorNotTakingPart)).toBe('forbidden');
    expect(allowed(Permission.CaseStoryConfirm, counsellor)).toBe('parent_only');
    expect(allowed(Permission.CaseStoryConfirm, parent)).toBe('allowed');
    expect(allowed(Permission.CaseConsentManage, guardianWithStory)).toBe('parent_only');
  });

  it('shows professional updates to professional partners with consent, never to parents or foster parents', () => {
    expect(visibleUpdates(guardianWithStory)).toEqual(['everyone', 'professionals']);
    expect(visibleUpdates(fosterParentWithUpdates)).toEqual(['everyone']);
    expect(visibleUpdates(parent)).toEqual(['everyone']);
    expect(visibleUpdates(guardianWithoutConsent)).toEqual([]);
    expect(allowed(Permission.CaseUpdatePost, parent, 'professionals')).toBe('parent_updates_are_for_everyone');
    expect(allowed(Permission.CaseUpdatePost, fosterParentWithUpdates, 'professionals')).toBe('forbidden');
    expect(allowed(Permission.CaseUpdatePost, child, 'everyone')).toBe('forbidden');
    expect(allowed(Permission.CaseUpdatePost, guardianWithoutConsent, 'everyone')).toBe('consent_required');
  });

  it('keeps handovers to the team coordinator and the case counsellors, and threads to those who take part', () => {
    expect(allowed(Permission.CaseHandoverPerform, coordinatorNotTakingPart)).toBe('allowed');
    expect(allowed(Permission.CaseHandoverPerform, counsellor)).toBe('forbidden');
    expect(allowed(Permission.CaseHandoverRequest, counsellor)).toBe('allowed');
    expect(allowed(Permission.CaseHandoverRequest, coordinatorNotTakingPart)).toBe('not_a_case_counsellor');
    expect(allowed(Permission.ThreadCreate, coordinatorNotTakingPart)).toBe('creator_not_in_case');
    expect(allowed(Permission.ThreadCreate, guardianWithoutConsent)).toBe('allowed');
  });
});

describe('access rules: threads', () => {
  const thread = (caseRole: CaseRole, createdById = 'someone-else', isTeamCoordinator = false): ThreadAccess =>
    ({ threadId: 'th', caseId: 'c', title: 'T', createdById, historyFromSeq: '0', caseRole, isTeamCoordinator });

  it('lets the team and parents add members, never a partner', () => {
    expect(decideThread(Permission.ThreadMemberAdd, thread('parent'), 'u')).toBeNull();
    expect(decideThread(Permission.ThreadMemberAdd, thread('counsellor'), 'u')).toBeNull();
    expect(decideThread(Permission.ThreadMemberAdd, thread('guardian'), 'u')?.code).toBe('member_add_forbidden');
  });

  it('lets whoever started the thread and the team take others out, not other members', () => {
    expect(decideThread(Permission.ThreadModerate, thread('guardian', 'u'), 'u')).toBeNull();
    expect(decideThread(Permission.ThreadModerate, thread('coordinator'), 'u')).toBeNull();
    expect(decideThread(Permission.ThreadModerate, thread('other', 'x', true), 'u')).toBeNull();
    expect(decideThread(Permission.ThreadModerate, thread('parent'), 'u')?.code).toBe('forbidden');
  });
});

describe('access rules: accounts', () => {
  const admin = { role: 'admin' as const, organisationId: null };
  const coordinator = { role: 'coordinator' as const, organisationId: 'team' };
  const counsellor = { role: 'counsellor' as const, organisationId: 'team' };

  it('lets an administrator manage any account, a coordinator only their own organisation\'s and never an administrator\'s', () => {
    expect(mayManageAccount(admin, { role: 'parent', organisationId: null })).toBe(true);
    expect(mayManageAccount(coordinator, { role: 'counsellor', organisationId: 'team' })).toBe(true);
    expect(mayManageAccount(coordinator, { role: 'counsellor', organisationId: 'other' })).toBe(false);
    expect(mayManageAccount(coordinator, { role: 'parent', organisationId: null })).toBe(false);
    expect(mayManageAccount(coordinator, admin)).toBe(false);
    expect(mayManageAccount(counsellor, { role: 'counsellor', organisationId: 'team' })).toBe(false);
  });

  it('shows an organisation\'s accounts to administrators and to its own coordinators', () => {
    expect(mayListAccountsOf(admin, 'team')).toBe(true);
    expect(mayListAccountsOf(coordinator, 'team')).toBe(true);
    expect(mayListAccountsOf(coordinator, 'other')).toBe(false);
    expect(mayListAccountsOf(counsellor, 'team')).toBe(false);
  });
});

describe('access rules: the plan and the shared explanatory analysis (issue 18)', () => {
  const guardianWithPlan = access('guardian', 'partner', { consent: ['plan'] });
  const guardianWithAnalysis = access('guardian', 'partner', { consent: ['analysis'] });
  const caseExpert = access('expert', 'expert');
  const decide = (permission: CasePermission, who: CaseAccess, context: Parameters<typeof decideCase>[2] = {}) => decideCase(permission, who, context)?.code ?? 'allowed';

  it('opens the plan to the team and the parents, and to partners only with plan consent', () => {
    expect([counsellor, coordinatorNotTakingPart, parent, guardianWithStory, guardianWithPlan, caseExpert].map((w) => decide(Permission.CasePlanRead, w)))
      .toEqual(['allowed', 'allowed', 'allowed', 'consent_required', 'allowed', 'consent_required']);
    expect(decideCase(Permission.CasePlanRead, guardianWithoutConsent)?.extra).toEqual({ scope: 'plan' });
  });

  it('lets the team write every goal, parents those of the parents\' side before and after the change, partners none', () => {
    for (const owner of ['parent', 'child', 'family', 'team', 'partner'] as const) {
      expect(decide(Permission.CasePlanWrite, counsellor, { goalOwners: [owner] })).toBe('allowed');
      expect(decide(Permission.CasePlanWrite, coordinatorNotTakingPart, { goalOwners: [owner] })).toBe('allowed');
      expect(decide(Permission.CasePlanWrite, guardianWithPlan, { goalOwners: [owner] })).toBe('forbidden');
    }
    expect(['parent', 'child', 'family', 'team', 'partner'].map((o) => decide(Permission.CasePlanWrite, parent, { goalOwners: [o as 'parent'] })))
      .toEqual(['allowed', 'allowed', 'allowed', 'family_goals_only', 'family_goals_only']);
    expect(decide(Permission.CasePlanWrite, parent, { goalOwners: ['family', 'team'] })).toBe('family_goals_only');
  });

  it('lets a partner who reads the plan change only the status of an action they own', () => {
    const own = { ownerUserId: 'u', statusOnly: true };
    expect(decide(Permission.CasePlanActionUpdate, guardianWithPlan, { goalOwners: ['team'], action: own })).toBe('allowed');
    expect(decide(Permission.CasePlanActionUpdate, guardianWithPlan, { goalOwners: ['team'], action: { ...own, statusOnly: false } })).toBe('action_status_only');
    expect(decide(Permission.CasePlanActionUpdate, guardianWithPlan, { goalOwners: ['team'], action: { ...own, ownerUserId: 'someone else' } })).toBe('action_status_only');
    expect(decide(Permission.CasePlanActionUpdate, guardianWithoutConsent, { goalOwners: ['team'], action: own })).toBe('consent_required');
    expect(decide(Permission.CasePlanActionUpdate, parent, { goalOwners: ['family'], action: { ownerUserId: null, statusOnly: false } })).toBe('allowed');
    // A parent marks their own step on a team goal as done, and changes nothing else of it.
    expect(decide(Permission.CasePlanActionUpdate, access('parent', 'parent', {}), { goalOwners: ['team'], action: own })).toBe('allowed');
    expect(decide(Permission.CasePlanActionUpdate, parent, { goalOwners: ['team'], action: { ownerUserId: 'someone else', statusOnly: true } })).toBe('family_goals_only');
    expect(decide(Permission.CasePlanActionUpdate, parent, { goalOwners: ['team'], action: { ...own, statusOnly: false } })).toBe('family_goals_only');
  });

  it('opens the analysis to the team, the parents and the case\'s experts, to other partners with analysis consent', () => {
    for (const p of [Permission.CaseAnalysisRead, Permission.CaseAnalysisPosition] as const) {
      expect([counsellor, parent, caseExpert, guardianWithPlan, guardianWithAnalysis, child].map((w) => decide(p, w)))
        .toEqual(['allowed', 'allowed', 'allowed', 'consent_required', 'allowed', 'consent_required']);
    }
  });

  it('lets the team and the case\'s experts write a version; only the expert in behavioural science signs off', () => {
    expect([counsellor, coordinatorNotTakingPart, caseExpert, parent, guardianWithAnalysis].map((w) => decide(Permission.CaseAnalysisWrite, w)))
      .toEqual(['allowed', 'allowed', 'allowed', 'forbidden', 'forbidden']);
    expect(decide(Permission.CaseAnalysisSignOff, caseExpert, { specialism: 'behavioural_science' })).toBe('allowed');
    expect(decide(Permission.CaseAnalysisSignOff, caseExpert, { specialism: 'child_psychiatry' })).toBe('sign_off_not_allowed');
    expect(decide(Permission.CaseAnalysisSignOff, caseExpert)).toBe('sign_off_not_allowed');
    // A behavioural scientist's account in another case role, or the team, does not sign off.
    expect(decide(Permission.CaseAnalysisSignOff, access('other', 'expert'), { specialism: 'behavioural_science' })).toBe('sign_off_not_allowed');
    expect(decide(Permission.CaseAnalysisSignOff, counsellor, { specialism: 'behavioural_science' })).toBe('sign_off_not_allowed');
  });
});
