import type { RegistrationStatus } from './intake-vocabulary.js';

/**
 * The status machine of a registration. Coming back must be easy (a dormant or not-started
 * registration can be picked up again, an out-of-scope decision can be reconsidered); only `closed`
 * is final: someone who returns after that registers again.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<RegistrationStatus, readonly RegistrationStatus[]>> = {
  new: ['contacted', 'out_of_scope', 'not_started', 'dormant'],
  contacted: ['welcome_planned', 'in_guidance', 'out_of_scope', 'not_started', 'dormant', 'closed'],
  welcome_planned: ['contacted', 'in_guidance', 'out_of_scope', 'not_started', 'dormant', 'closed'],
  in_guidance: ['dormant', 'closed'],
  dormant: ['contacted', 'welcome_planned', 'in_guidance', 'not_started', 'closed'],
  out_of_scope: ['contacted'],
  not_started: ['contacted', 'closed'],
  closed: [],
};

export function canTransition(from: RegistrationStatus, to: RegistrationStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** Registrations the team still has to act on: the response-time targets apply to these. */
export const OPEN_STATUSES: readonly RegistrationStatus[] = ['new', 'contacted', 'welcome_planned'];

export function isOpen(status: RegistrationStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** A registration can become a case once someone has spoken with the registrant. */
export const CONVERTIBLE_STATUSES: readonly RegistrationStatus[] = ['contacted', 'welcome_planned', 'in_guidance', 'dormant'];

export function isConvertible(status: RegistrationStatus): boolean {
  return CONVERTIBLE_STATUSES.includes(status);
}
