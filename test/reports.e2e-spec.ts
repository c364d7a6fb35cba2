import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { atInstant, enterRegistration, inBatches, monthly, parseCsv, type EnteredRegistration } from './reports.helpers.js';

const DAY = 86_400_000;

/**
 * The situation of the seed report "Voortgangsrapportage mei 2022" (seeds/004), built over HTTP:
 * 119 registrations (89 in guidance, 13 out of scope, 17 closed/dormant/not started), 98 % contacted
 * within two days, 67 % with a welcome talk planned within a week; 239 children of whom 110 placed,
 * for 73 of them the measure known (62 with, 11 without); reasons known for 33 parents; 30 regions,
 * most often Rijnmond, IJsselland and Amsterdam-Amstelland.
 */
function seedRegistrations(): EnteredRegistration[] {
  return Array.from({ length: 119 }, (_, i) => {
    // 110 received from July 2021 to April 2022, 9 in May 2022.
    const receivedAt = i < 110
      ? new Date(Date.UTC(2021, 6, 1, 9) + i * 2.7 * DAY).toISOString()
      : new Date(Date.UTC(2022, 4, 2, 9) + (i - 110) * 2 * DAY).toISOString();
    const route = i < 100 ? 'parent' : i < 112 ? 'professional' : i < 114 ? 'child' : 'other';
    const registrantType = i < 80 ? 'mother' : i < 92 ? 'father' : i < 100 ? 'both_parents' : i < 112 ? 'professional' : i < 114 ? 'child' : 'other';
    const finalStatus = i < 89 ? 'in_guidance' : i < 102 ? 'out_of_scope' : i < 108 ? 'closed' : i < 114 ? 'dormant' : 'not_started';
    return {
      receivedAt, route, registrantType, finalStatus,
      // 117 of 119 contacted within two days (20 h), two after 60 h.
      contactAfterHours: i >= 117 ? 60 : 20,
      // 80 of 119 with a welcome talk planned within a week (5 days), 9 later (10 days).
      welcomeAfterDays: i < 80 ? 5 : i < 89 ? 10 : null,
    } as EnteredRegistration;
  });
}

/** 239 children over the cases: 110 placed (62 with a measure, 11 without, 37 unknown), 100 at home, 29 unknown. */
function seedChild(j: number): Record<string, unknown> {
  const placedAt = ['foster_family', 'family_home', 'residential'][j % 3];
  const base = { birthYear: 2008 + (j % 13) };
  if (j < 62) return { ...base, placement: placedAt, protectionMeasure: j % 2 ? 'guardianship' : 'supervision_order', placedSince: '2020-03-01' };
  if (j < 73) return { ...base, placement: placedAt, protectionMeasure: 'none' };
  if (j < 110) return { ...base, placement: placedAt, protectionMeasure: 'unknown' };
  if (j < 210) return { ...base, placement: 'home', protectionMeasure: 'none' };
  return { ...base, placement: 'unknown', protectionMeasure: 'unknown' };
}

const TOP = ['rijnmond', 'ijsselland', 'amsterdam-amstelland'];

describe('reports: the monthly monitor reproduces the seed report of May 2022 (e2e)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let teamId: string;
  let caseIds: string[] = [];
  let registrationIds: string[] = [];
  let regionCodes: string[];

  beforeAll(async () => {
    t = await createTestApp({ INTAKE_MAX_PER_ADDRESS: '10000' });
    const team = await t.factories.organisation('support_team', 'Het Ondersteuningsteam');
    teamId = team.id;
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const regions: { code: string }[] = (await t.http().get('/api/regions').set(bearer(coordinator)).expect(200)).body;
    regionCodes = [...TOP, ...regions.map((r) => r.code).filter((c) => !TOP.includes(c))];

    // The team did this work during 2021-2022; the last status changes were entered on 31 May 2022 (20:00 in Amsterdam).
    await atInstant('2022-05-31T18:00:00Z', async () => {
      const registrations = seedRegistrations();
      const ids: string[] = new Array(registrations.length);
      const cases: string[] = new Array(registrations.length);
      await inBatches(registrations, 8, async (r, i) => {
        const { id, caseId } = await enterRegistration(t, coordinator, r);
        ids[i] = id;
        if (caseId) cases[i] = caseId;
      });
      registrationIds = ids;
      caseIds = cases.filter(Boolean);
      expect(caseIds).toHaveLength(89);

      // Regions: Rijnmond 20, IJsselland 15, Amsterdam-Amstelland 10, 27 other regions once each (30 in all), over 70 cases.
      const assignments = [...Array(20).fill(TOP[0]), ...Array(15).fill(TOP[1]), ...Array(10).fill(TOP[2]), ...regionCodes.slice(3, 30)];
      await inBatches(caseIds, 8, async (caseId, k) => {
        const caseRegions = k < 70 ? [assignments[k]] : [];
        if (k < 2) caseRegions.push(assignments[70 + k]);
        const body = {
          regionCodes: caseRegions,
          householdComposition: k < 55 ? 'single_parent' : k < 65 ? 'two_parents' : k < 72 ? 'blended' : 'unknown',
          registrantHasCustody: k < 50 ? false : k < 65 ? true : null,
          // Reasons known for 33 parents, often several at once.
          placementReasons: k < 33 ? (k % 3 === 0 ? ['financial', 'unsafe_home'] : k % 3 === 1 ? ['financial', 'housing', 'inability_to_care'] : ['complex_divorce']) : [],
          desiredSituation: k < 40 ? ['contact_restoration', 'reverse_placement'] : k < 50 ? ['family_restoration'] : [],
          supportRequests: k < 45 ? ['recognition', 'personal_recovery'] : k < 52 ? ['return_of_children', 'new_investigation'] : [],
        };
        await t.http().patch(`/api/cases/${caseId}`).set(bearer(coordinator)).send(body).expect(200);
      });
      await inBatches(Array.from({ length: 239 }, (_, j) => j), 8, async (j) => {
        await t.http().post(`/api/cases/${caseIds[j % caseIds.length]}/children`).set(bearer(coordinator)).send(seedChild(j)).expect(201);
      });
      // Results: nine in May 2022 (with a note), three in April.
      const results = [
        ...Array.from({ length: 9 }, (_, k) => ({ kind: ['contact_restored', 'visiting_arrangement', 'file_inspection'][k % 3], date: `2022-05-${String(10 + k).padStart(2, '0')}`, note: `Door het contact met de voogd te regelen (${k}), komt er ruimte voor gezinsherstel.` })),
        ...Array.from({ length: 3 }, (_, k) => ({ kind: 'therapy', date: `2022-04-${String(10 + k).padStart(2, '0')}` })),
      ];
      await inBatches(results, 6, async (r, k) => {
        await t.http().post(`/api/cases/${caseIds[k]}/results`).set(bearer(coordinator)).send(r).expect(201);
      });
    });
  }, 300_000);
  afterAll(() => t.close());

  it('reproduces every figure of the seed report for 2022-05', async () => {
    const res = await monthly(t, coordinator, 'month=2022-05').expect(200);
    const r = res.body;
    expect(r.month).toBe('2022-05');
    expect(r.period).toEqual({ start: '2022-04-30T22:00:00.000Z', end: '2022-05-31T22:00:00.000Z', timeZone: 'Europe/Amsterdam', complete: true });
    expect(r.published).toBe(false);
    expect(r.registrations).toMatchObject({
      total: 119, inGuidance: 89, outOfScope: 13, closedDormantNotStarted: 17, open: 0, newThisMonth: 9,
      byRoute: { parent: 100, professional: 12, child: 2, other: 5 },
      byRegistrantType: { mother: 80, father: 12, both_parents: 8, professional: 12, child: 2, other: 5 },
      byStatus: { new: 0, contacted: 0, welcome_planned: 0, in_guidance: 89, out_of_scope: 13, closed: 6, dormant: 6, not_started: 5 },
    });
    expect(r.responseTimes).toEqual({ registrations: 119, contactedWithin2Days: 117, welcomePlannedWithin7Days: 80, contactWithin2DaysPct: 98, welcomeWithin7DaysPct: 67 });
    expect(r.children).toEqual({
      total: 239, placed: 110, protectionMeasure: { with: 62, without: 11, unknown: 37 },
      byPlacement: { home: 100, foster_family: 37, family_home: 37, residential: 36, other: 0, unknown: 29 },
    });
    expect(r.cases).toEqual({ total: 89, newThisMonth: 0 });
    expect(r.placementReasons).toMatchObject({ casesWithKnownReasons: 33, financial: 22, unsafe_home: 11, housing: 11, inability_to_care: 11, complex_divorce: 11, substance_use: 0 });
    expect(r.regions.count).toBe(30);
    expect(r.regions.casesWithKnownRegions).toBe(70);
    expect(r.regions.top.slice(0, 3)).toEqual([
      { code: 'rijnmond', name: 'Rijnmond', cases: 20 },
      { code: 'ijsselland', name: 'IJsselland', cases: 15 },
      { code: 'amsterdam-amstelland', name: 'Amsterdam-Amstelland', cases: 10 },
    ]);
    expect(r.householdComposition).toEqual({ single_parent: 55, two_parents: 10, blended: 7, other: 0, unknown: 17 });
    expect(r.custody).toEqual({ yes: 15, no: 50, unknown: 24 });
    expect(r.desiredSituation).toMatchObject({ casesKnown: 50, contact_restoration: 40, reverse_placement: 40, family_restoration: 10 });
    expect(r.supportRequests).toMatchObject({ casesKnown: 52, recognition: 45, personal_recovery: 45, return_of_children: 7, new_investigation: 7 });
    expect(r.results).toMatchObject({ thisMonth: 9, cumulative: 12, byKind: { contact_restored: 3, visiting_arrangement: 3, file_inspection: 3, therapy: 0 } });
    expect(r.results.notes).toHaveLength(9);
    // The series: 12 months up to May 2022, cumulative totals end at 119.
    expect(r.registrations.byMonth).toHaveLength(12);
    expect(r.registrations.byMonth[0].month).toBe('2021-06');
    expect(r.registrations.byMonth[11]).toEqual({ month: '2022-05', new: 9, total: 119 });
    expect(r.registrations.byMonth.reduce((n: number, m: { new: number }) => n + m.new, 0)).toBe(119);
    // The previous month and the change against it.
    expect(r.previousMonth.month).toBe('2022-04');
    expect(r.previousMonth.registrations).toMatchObject({ total: 110 });
    expect(r.change.registrations.total).toBe(9);
    expect(r.change.results.thisMonth).toBe(9 - 3);
  });

  it('counts statuses exactly as intake reconstructs them at the month end (registration_status_at)', async () => {
    for (const [month, instant] of [['2022-05', '2022-05-31T21:59:59.999999Z'], ['2022-04', '2022-04-30T21:59:59.999999Z'], ['2021-12', '2021-12-31T22:59:59.999999Z']]) {
      const rows: { status: string; n: number }[] = await t.dataSource.query(
        `SELECT status, count(*)::int AS n FROM registration_status_at($1::timestamptz) WHERE team_id = $2 GROUP BY status`, [instant, teamId]);
      const expected = Object.fromEntries(rows.map((x) => [x.status, x.n]));
      const report = (await monthly(t, coordinator, `month=${month}`).expect(200)).body;
      const nonZero = Object.fromEntries(Object.entries(report.registrations.byStatus).filter(([, n]) => n !== 0));
      expect({ month, byStatus: nonZero }).toEqual({ month, byStatus: expected });
    }
  });

  it('gives another team nothing of this team', async () => {
    const other = await t.factories.user('coordinator');
    const r = (await monthly(t, other, 'month=2022-05').expect(200)).body;
    expect(r.registrations.total).toBe(0);
    expect(r.children.total).toBe(0);
    expect(r.responseTimes.contactWithin2DaysPct).toBeNull();
    expect(r.results.notes).toEqual([]);
  });

  it('audits the read without personal data', async () => {
    await t.http().get('/api/reports/monthly?month=2022-05&publish=true').set(bearer(coordinator)).expect(200);
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id, action, subject_type, subject_id, details FROM audit_event WHERE action = 'report.monthly.read' ORDER BY seq DESC LIMIT 1`);
    expect(event).toMatchObject({ actor_user_id: coordinator.id, subject_type: 'team', subject_id: teamId, details: { month: '2022-05', publish: true, format: 'json' } });
    expect(Object.keys(event.details).sort()).toEqual(['format', 'month', 'publish']);
  });

  it('serves the same figures as CSV: one row per figure, Dutch labels, machine keys, proper quoting', async () => {
    const res = await t.http().get('/api/reports/monthly.csv?month=2022-05').set(bearer(coordinator)).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('voortgangsrapportage-2022-05.csv');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(['sleutel', 'omschrijving', 'waarde', 'vorige_maand', 'verschil']);
    const byKey = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect(byKey.get('registrations.total')).toEqual(['registrations.total', 'Aanmeldingen in totaal t/m eind mei 2022', '119', '110', '9']);
    expect(byKey.get('registrations.closedDormantNotStarted')?.slice(1, 3)).toEqual(['Afgesloten, slapend of niet gestart', '17']);
    expect(res.text).toContain('"Afgesloten, slapend of niet gestart"');
    expect(byKey.get('responseTimes.contactWithin2DaysPct')?.[2]).toBe('98');
    expect(byKey.get('children.protectionMeasure.with')?.[2]).toBe('62');
    expect(byKey.get('regions.count')?.[2]).toBe('30');
    expect(byKey.get('regions.byRegion.rijnmond')?.slice(1, 3)).toEqual(['Jeugdzorgregio: Rijnmond', '20']);
    // Every data row has the same five fields; notes (free text) appear in the team's own version.
    expect(rows.every((row) => row.length === 5)).toBe(true);
    expect([...byKey.keys()].filter((k) => k.startsWith('results.notes.'))).toHaveLength(9);
    expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
  });

  it('serves a readable Dutch PDF with tables and charts', async () => {
    const res = await t.http().get('/api/reports/monthly.pdf?month=2022-05').set(bearer(coordinator)).buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      }).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const dir = mkdtempSync(join(tmpdir(), 'ev-report-'));
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file]).toString();
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(info).toMatch(/Title:\s+Voortgangsrapportage mei 2022/);
    // Words, not lines: a phrase may wrap.
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    for (const expected of ['VOORTGANGSRAPPORTAGE', 'MEI 2022', 'Het Ondersteuningsteam', '119 aanmeldingen binnengekomen', '89 in begeleiding',
      'Bij 98% van de aanmeldingen', 'Bij 67% van de aanmeldingen', '239 kinderen', '110 kinderen', 'Met jeugdbeschermingsmaatregel',
      'Bij 33 ouders', 'in totaal 30 jeugdzorgregio', 'Rijnmond, IJsselland en Amsterdam-Amstelland', 'Financiële problematiek', 'Eénoudergezin',
      'Verloop van de aanmeldingen', `pagina 1 van ${pages}`, 'Door het contact met de voogd te regelen']) {
      expect({ expected, found: text.includes(expected) }).toEqual({ expected, found: true });
    }
  });

  it('leaves a month unchanged by status changes after its end', async () => {
    const before = (await monthly(t, coordinator, 'month=2022-05').expect(200)).body;
    // Today (long after May 2022): one registration in guidance closes, a dormant one is picked up again, one case goes out of scope.
    await t.http().patch(`/api/registrations/${registrationIds[0]}`).set(bearer(coordinator)).send({ status: 'closed' }).expect(200);
    await t.http().patch(`/api/registrations/${registrationIds[110]}`).set(bearer(coordinator)).send({ status: 'contacted' }).expect(200);
    await t.http().patch(`/api/cases/${caseIds[1]}`).set(bearer(coordinator)).send({ status: 'out_of_scope' }).expect((r) => {
      if (r.status !== 200) throw new Error(`case status: ${r.status} ${JSON.stringify(r.body)}`);
    });
    const after = (await monthly(t, coordinator, 'month=2022-05').expect(200)).body;
    const { generatedAt: _a, ...beforeFigures } = before;
    const { generatedAt: _b, ...afterFigures } = after;
    expect(afterFigures).toEqual(beforeFigures);
    // This month sees the changes.
    const now = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date());
    const current = (await monthly(t, coordinator, `month=${now}`).expect(200)).body;
    expect(current.period.complete).toBe(false);
    expect(current.registrations).toMatchObject({ total: 119, inGuidance: 88, closedDormantNotStarted: 17, open: 1 });
    expect(current.registrations.byStatus).toMatchObject({ closed: 7, dormant: 5, contacted: 1 });
    expect(current.cases.total).toBe(88);
  });
});
