import { REGISTRATION_STATUSES, type RegistrationStatus } from './intake-vocabulary.js';
import { ALLOWED_TRANSITIONS, canTransition, CONVERTIBLE_STATUSES, isConvertible, isOpen } from './registration-status.js';

/** The whole table, written out: a change to the machine must change this test too. */
const EXPECTED: Record<RegistrationStatus, RegistrationStatus[]> = {
  new: ['contacted', 'out_of_scope', 'not_started', 'dormant'],
  contacted: ['welcome_planned', 'in_guidance', 'out_of_scope', 'not_started', 'dormant', 'closed'],
  welcome_planned: ['contacted', 'in_guidance', 'out_of_scope', 'not_started', 'dormant', 'closed'],
  in_guidance: ['dormant', 'closed'],
  dormant: ['contacted', 'welcome_planned', 'in_guidance', 'not_started', 'closed'],
  out_of_scope: ['contacted'],
  not_started: ['contacted', 'closed'],
  closed: [],
};

describe('registration status machine', () => {
  const pairs = REGISTRATION_STATUSES.flatMap((from) => REGISTRATION_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    expect(canTransition(from, to)).toBe(EXPECTED[from].includes(to));
  });

  it('covers every status and never lists a status as a transition to itself', () => {
    expect(Object.keys(ALLOWED_TRANSITIONS).sort()).toEqual([...REGISTRATION_STATUSES].sort());
    for (const status of REGISTRATION_STATUSES) expect(ALLOWED_TRANSITIONS[status]).not.toContain(status);
  });

  it('lets every status but closed be left, and every status be reached from new', () => {
    for (const status of REGISTRATION_STATUSES) {
      if (status !== 'closed') expect(ALLOWED_TRANSITIONS[status].length).toBeGreaterThan(0);
    }
    const reached = new Set<RegistrationStatus>(['new']);
    const queue: RegistrationStatus[] = ['new'];
    while (queue.length) for (const next of ALLOWED_TRANSITIONS[queue.shift()!]) if (!reached.has(next)) { reached.add(next); queue.push(next); }
    expect([...reached].sort()).toEqual([...REGISTRATION_STATUSES].sort());
  });

  it('counts only new, contacted and welcome_planned as open; converts only after contact', () => {
    expect(REGISTRATION_STATUSES.filter(isOpen)).toEqual(['new', 'contacted', 'welcome_planned']);
    expect(CONVERTIBLE_STATUSES).not.toContain('new');
    expect(CONVERTIBLE_STATUSES).not.toContain('closed');
    expect(REGISTRATION_STATUSES.filter(isConvertible)).toEqual(['contacted', 'welcome_planned', 'in_guidance', 'dormant']);
  });
});
