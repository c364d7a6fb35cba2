import { csvField, monthlyReportCsv } from './monthly-report.csv.js';
import { assembleMonthlyReport, forPublication, wholePercent } from './monthly-report.js';
import type { MonthlyFigures } from './monthly-report.repository.js';
import { amsterdamMonth } from './reports.service.js';

function figures(): MonthlyFigures {
  const zero = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  return {
    teamName: 'Team',
    bounds: {
      prevStart: new Date('2022-03-31T22:00:00Z'), start: new Date('2022-04-30T22:00:00Z'), end: new Date('2022-05-31T22:00:00Z'),
      seriesMonths: ['2021-06', '2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03', '2022-04', '2022-05'],
    },
    registrations: {
      total: 12, newThisMonth: 3,
      byStatus: { in_guidance: 8, out_of_scope: 1, closed: 1, dormant: 1, new: 1 },
      byRoute: { parent: 9, child: 3 }, byRegistrantType: { mother: 12 },
      contactedWithin2Days: 11, welcomePlannedWithin7Days: 8,
      prev: { total: 9, newThisMonth: 2, byStatus: { in_guidance: 7, new: 2 }, contactedWithin2Days: 9, welcomePlannedWithin7Days: 6 },
      receivedPerBucket: { 0: 4, 11: 5, 12: 3 },
    },
    cases: {
      cases: { total: 8, newThisMonth: 1, prevTotal: 7, prevNewThisMonth: 0 },
      children: { total: 20, placed: 9, withMeasure: 6, withoutMeasure: 2, unknownMeasure: 1, byPlacement: { home: 11, foster_family: 9 }, prevTotal: 18, prevPlaced: 8 },
      placementReasons: { casesWithKnownReasons: 4, financial: 4, ...zero(['unsafe_home']) } as never,
      householdComposition: { single_parent: 6, unknown: 2 },
      custody: { yes: 1, no: 6, unknown: 1 },
      desiredSituation: { casesKnown: 5, contact_restoration: 5 } as never,
      supportRequests: { casesKnown: 0 } as never,
      regions: { casesWithKnownRegions: 6, byRegion: [{ code: 'rijnmond', cases: 5 }, { code: 'ijsselland', cases: 2 }] },
      results: { thisMonth: 2, byKind: { therapy: 2 }, cumulative: 7, prevThisMonth: 3 },
      plan: {
        goals: { total: 9, byOwner: { parent: 4, family: 2, team: 3 }, byStatus: { open: 5, in_progress: 3, dropped: 1 }, byOwnerAndStatus: { parent: { open: 3, dropped: 1 }, family: { in_progress: 2 }, team: { open: 2, in_progress: 1 } } },
        casesWithGoals: 6, casesWithParentGoal: 5, resultsLinkedToGoals: { thisMonth: 1, cumulative: 6 },
      },
    },
    notes: [{ kind: 'therapy', date: '2022-05-03', note: 'Therapie geregeld, "eindelijk"' }],
  };
}

describe('monthly report: assembly, publication and CSV', () => {
  it('rounds whole percents half up, and has none without registrations', () => {
    expect(wholePercent(117, 119)).toBe(98);
    expect(wholePercent(80, 119)).toBe(67);
    expect(wholePercent(1, 8)).toBe(13);
    expect(wholePercent(0, 0)).toBeNull();
  });

  it('groups statuses, builds the series and the change against the previous month', () => {
    const r = assembleMonthlyReport('2022-05', figures(), new Date('2022-06-01T10:00:00Z'));
    expect(r.registrations).toMatchObject({ total: 12, inGuidance: 8, outOfScope: 1, closedDormantNotStarted: 2, open: 1, newThisMonth: 3 });
    expect(r.registrations.byRoute).toEqual({ parent: 9, child: 3, professional: 0, other: 0 });
    expect(r.registrations.byMonth[0]).toEqual({ month: '2021-06', new: 0, total: 4 });
    expect(r.registrations.byMonth.slice(-2)).toEqual([{ month: '2022-04', new: 5, total: 9 }, { month: '2022-05', new: 3, total: 12 }]);
    expect(r.responseTimes).toEqual({ registrations: 12, contactedWithin2Days: 11, welcomePlannedWithin7Days: 8, contactWithin2DaysPct: 92, welcomeWithin7DaysPct: 67 });
    expect(r.previousMonth).toMatchObject({ month: '2022-04', registrations: { total: 9, inGuidance: 7, open: 2 }, responseTimes: { contactWithin2DaysPct: 100 } });
    expect(r.change).toMatchObject({ registrations: { total: 3, inGuidance: 1, open: -1 }, responseTimes: { contactWithin2DaysPct: -8 }, children: { total: 2 }, results: { thisMonth: -1 } });
    expect(r.regions).toMatchObject({ count: 2, top: [{ code: 'rijnmond', name: 'Rijnmond', cases: 5 }, { code: 'ijsselland', name: 'IJsselland', cases: 2 }] });
    expect(r.period.complete).toBe(true);
    expect(assembleMonthlyReport('2022-05', figures(), new Date('2022-05-31T21:59:00Z')).period.complete).toBe(false);
  });

  it('publishes without counts below 5 (changes either way included) and without free text', () => {
    const p = forPublication(assembleMonthlyReport('2022-05', figures(), new Date('2022-06-01T10:00:00Z')));
    expect(p.published).toBe(true);
    expect(p.registrations).toMatchObject({ total: 12, inGuidance: 8, outOfScope: '<5', newThisMonth: '<5', byRoute: { parent: 9, child: '<5' } });
    expect(p.children.protectionMeasure).toEqual({ with: 6, without: '<5', unknown: '<5' });
    expect(p.change.registrations).toMatchObject({ total: '<5', open: '<5' });
    expect(p.change.responseTimes.contactWithin2DaysPct).toBe(-8);
    expect(p.regions.count).toBe(2);
    expect(p.regions.top[1]).toEqual({ code: 'ijsselland', name: 'IJsselland', cases: '<5' });
    expect(p.registrations.byMonth[11]).toEqual({ month: '2022-05', new: '<5', total: 12 });
    expect(p.results).not.toHaveProperty('notes');
  });

  it('hides percentages of fewer than 5 registrations when publishing', () => {
    const f = figures();
    f.registrations.total = 4;
    f.registrations.contactedWithin2Days = 4;
    const p = forPublication(assembleMonthlyReport('2022-05', f, new Date()));
    expect(p.responseTimes).toMatchObject({ registrations: '<5', contactWithin2DaysPct: null, welcomeWithin7DaysPct: null });
  });

  it('escapes CSV fields (quotes, commas, line breaks) and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('zei "ja"')).toBe('"zei ""ja"""');
    expect(csvField('regel 1\nregel 2')).toBe('"regel 1\nregel 2"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    const csv = monthlyReportCsv(assembleMonthlyReport('2022-05', figures(), new Date()));
    expect(csv.split('\r\n')[0]).toBe('sleutel,omschrijving,waarde,vorige_maand,verschil');
    expect(csv).toContain('registrations.total,Aanmeldingen in totaal t/m eind mei 2022,12,9,3\r\n');
    expect(csv).toContain('"Therapie geregeld, ""eindelijk"""');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes a semicolon CSV with a BOM for Excel with Dutch settings, quoting what holds a semicolon', () => {
    expect(csvField('a,b', ';')).toBe('a,b');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    const csv = monthlyReportCsv(assembleMonthlyReport('2022-05', figures(), new Date()), 'semicolon');
    expect(csv.startsWith('\ufeffsleutel;omschrijving;waarde;vorige_maand;verschil\r\n')).toBe(true);
    expect(csv).toContain('registrations.total;Aanmeldingen in totaal t/m eind mei 2022;12;9;3\r\n');
    expect(csv).toContain('"Therapie geregeld, ""eindelijk"""');
  });

  it('counts the plans: goals by owner and status, the share of cases with a goal of the parents\' own, results towards a goal (issue 18)', () => {
    const r = assembleMonthlyReport('2022-05', figures(), new Date('2022-06-01T10:00:00Z'));
    expect(r.plan.goals.byOwner).toEqual({ parent: 4, child: 0, family: 2, team: 3, partner: 0 });
    expect(r.plan.goals.byOwnerAndStatus.parent).toEqual({ open: 3, in_progress: 0, achieved: 0, dropped: 1 });
    expect(r.plan.goals.byOwnerAndStatus.child).toEqual({ open: 0, in_progress: 0, achieved: 0, dropped: 0 });
    expect(r.plan).toMatchObject({ casesWithGoals: 6, casesWithParentGoal: 5, casesWithParentGoalPct: 63, resultsLinkedToGoals: { thisMonth: 1, cumulative: 6 } });
    const p = forPublication(r);
    expect(p.plan).toMatchObject({ casesWithParentGoal: 5, casesWithParentGoalPct: 63, resultsLinkedToGoals: { thisMonth: '<5', cumulative: 6 } });
    expect(p.plan.goals.byOwnerAndStatus.parent).toEqual({ open: '<5', in_progress: '<5', achieved: '<5', dropped: '<5' });
    const few = figures();
    few.cases.plan.casesWithParentGoal = 3;
    expect(forPublication(assembleMonthlyReport('2022-05', few, new Date())).plan.casesWithParentGoalPct).toBeNull();
    const csv = monthlyReportCsv(r);
    expect(csv).toContain('plan.casesWithParentGoalPct,Dossiers met een eigen doel van de ouders (% van de gezinnen in beeld),63,,\r\n');
    expect(csv).toContain('plan.goals.byOwnerAndStatus.parent.dropped,Doelen van de ouder: gestopt,1,,\r\n');
  });

  it('knows the month of an instant in the Netherlands', () => {
    expect(amsterdamMonth(new Date('2022-05-31T21:30:00Z'))).toBe('2022-05');
    expect(amsterdamMonth(new Date('2022-05-31T22:30:00Z'))).toBe('2022-06');
    expect(amsterdamMonth(new Date('2022-12-31T23:30:00Z'))).toBe('2023-01');
  });
});
