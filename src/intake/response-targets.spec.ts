import { dueDates, nextDueAt, overdueFlags, type TargetState } from './response-targets.js';
import { rankSuggestions } from './caseload.service.js';
import { calendarDayInNetherlands } from '../shared/dates.js';

const received = new Date('2026-03-06T16:00:00Z'); // a Friday
const settings = { contactDays: 2, welcomeDays: 7 };

describe('response-time targets', () => {
  it('counts calendar days from receipt, weekends included', () => {
    const { contactDueAt, welcomeDueAt } = dueDates(received, settings);
    expect(contactDueAt.toISOString()).toBe('2026-03-08T16:00:00.000Z'); // Sunday
    expect(welcomeDueAt.toISOString()).toBe('2026-03-13T16:00:00.000Z');
    expect(dueDates(received, { contactDays: 3, welcomeDays: 10 }).welcomeDueAt.toISOString()).toBe('2026-03-16T16:00:00.000Z');
  });

  const state = (over: Partial<TargetState> = {}): TargetState => ({
    status: 'new', ...dueDates(received, settings), firstContactAt: null, welcomeTalkPlannedAt: null, ...over,
  });

  it('flags contact overdue only after the due moment, while nobody was contacted and it is open', () => {
    expect(overdueFlags(state(), new Date('2026-03-08T15:59:59Z')).overdue).toBe(false);
    expect(overdueFlags(state(), new Date('2026-03-08T16:00:01Z'))).toEqual({ contactOverdue: true, welcomeOverdue: false, overdue: true });
    expect(overdueFlags(state({ firstContactAt: new Date('2026-03-07T10:00:00Z'), status: 'contacted' }), new Date('2026-03-09T00:00:00Z')).overdue).toBe(false);
    expect(overdueFlags(state({ status: 'out_of_scope' }), new Date('2026-04-01T00:00:00Z')).overdue).toBe(false);
  });

  it('flags the welcome talk overdue after a week without one planned', () => {
    const contacted = state({ status: 'contacted', firstContactAt: new Date('2026-03-07T10:00:00Z') });
    expect(overdueFlags(contacted, new Date('2026-03-14T00:00:00Z'))).toEqual({ contactOverdue: false, welcomeOverdue: true, overdue: true });
    expect(overdueFlags({ ...contacted, status: 'welcome_planned', welcomeTalkPlannedAt: new Date('2026-03-10T10:00:00Z') }, new Date('2026-03-14T00:00:00Z')).overdue).toBe(false);
  });

  it('gives the next target still to meet', () => {
    expect(nextDueAt(state())?.toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(nextDueAt(state({ status: 'contacted', firstContactAt: received }))?.toISOString()).toBe('2026-03-13T16:00:00.000Z');
    expect(nextDueAt(state({ status: 'in_guidance' }))).toBeNull();
  });

  it('takes the calendar day in Amsterdam', () => {
    expect(calendarDayInNetherlands(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(calendarDayInNetherlands(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });
});

describe('assignment suggestions', () => {
  const c = (id: string, regionCodes: string[], capacity: number | null, activeCases: number) =>
    ({ id, displayName: id, regionCodes, capacity, activeCases, freeCapacity: capacity === null ? null : capacity - activeCases });

  it('puts region matches first, then free capacity, then unknown, then full', () => {
    const ranked = rankSuggestions([
      c('far-free', ['twente'], 10, 1),
      c('near-full', ['rijnmond'], 5, 5),
      c('near-free', ['rijnmond', 'haaglanden'], 8, 6),
      c('near-unknown', ['rijnmond'], null, 3),
      c('far-freer', ['zeeland'], 10, 0),
    ], 'rijnmond');
    expect(ranked.map((s) => s.counsellorId)).toEqual(['near-free', 'near-unknown', 'near-full', 'far-freer', 'far-free']);
    expect(ranked[0].reasons).toEqual(['region_match', 'free_capacity']);
    expect(ranked[2].reasons).toEqual(['region_match', 'at_capacity']);
  });

  it('ranks by free capacity alone when the registrant gave no region', () => {
    const ranked = rankSuggestions([c('a', ['twente'], 10, 8), c('b', ['zeeland'], 10, 2)], null);
    expect(ranked.map((s) => s.counsellorId)).toEqual(['b', 'a']);
    expect(ranked.every((s) => !s.regionMatch)).toBe(true);
  });
});
