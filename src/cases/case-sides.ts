import { isProfessional } from '../accounts/roles.js';
import type { CaseAccess } from './case-access.service.js';
import type { ConsentScope } from './case-vocabulary.js';

/**
 * The three sides of a case, from which every policy decides:
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
  const side = sideOf(access);
  return side !== 'partner' || access.consentScopes.includes(scope);
}

/** A counsellor of the case (any counsellor taking part, the lead or not). */
export function isCaseCounsellor(access: CaseAccess): boolean {
  return access.participantRole === 'counsellor' && access.accountRole === 'counsellor';
}

export function isProfessionalCaller(access: CaseAccess): boolean {
  return isProfessional(access.accountRole);
}
