import type { CaseStatus } from './case-vocabulary.js';

/**
 * The allowed status transitions. A case may always come back: dormant and closed cases can be
 * reopened (nothing punishes a parent for going quiet), and a case judged out of scope can return to intake.
 */
export const CASE_STATUS_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  intake: ['active', 'not_started', 'out_of_scope', 'closed', 'dormant'],
  active: ['dormant', 'closed'],
  dormant: ['active', 'closed'],
  closed: ['active'],
  not_started: ['intake', 'active', 'closed'],
  out_of_scope: ['intake', 'closed'],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_STATUS_TRANSITIONS[from].includes(to);
}
