import { CASE_STATUSES } from './case-vocabulary.js';
import { CASE_STATUS_TRANSITIONS, canTransition } from './case-status.js';

describe('case status machine', () => {
  it('knows every status and only moves between known statuses', () => {
    expect(Object.keys(CASE_STATUS_TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    for (const targets of Object.values(CASE_STATUS_TRANSITIONS)) {
      for (const target of targets) expect(CASE_STATUSES).toContain(target);
    }
  });

  it('allows the everyday moves and refuses skipping intake backwards', () => {
    expect(canTransition('intake', 'active')).toBe(true);
    expect(canTransition('active', 'dormant')).toBe(true);
    expect(canTransition('dormant', 'active')).toBe(true);
    expect(canTransition('closed', 'active')).toBe(true);
    expect(canTransition('active', 'intake')).toBe(false);
    expect(canTransition('active', 'out_of_scope')).toBe(false);
    expect(canTransition('closed', 'dormant')).toBe(false);
  });

  it('never lists a status as a transition to itself', () => {
    for (const [from, targets] of Object.entries(CASE_STATUS_TRANSITIONS)) expect(targets).not.toContain(from);
  });
});
