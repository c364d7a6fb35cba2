import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { enterRegistration, inBatches, monthly, parseCsv } from './reports.helpers.js';

/** The month (YYYY-MM) of an instant in the Netherlands. */
function amsterdamMonth(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(instant).slice(0, 7);
}

describe('reports: month boundaries, time zone, validation and suppression (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ INTAKE_MAX_PER_ADDRESS: '10000' });
  });
  afterAll(() => t.close());

  describe('month ends in Europe/Amsterdam', () => {
    let coordinator: TestUser;
    let ids: Record<string, string>;

    beforeAll(async () => {
      const team = await t.factories.organisation('support_team', 'Grensteam');
      coordinator = await t.factories.user('coordinator', { organisationId: team.id });
      const entered = {
        // Summer time (UTC+2): 21:30 UTC on 31 May is 23:30 in Amsterdam (May); 23:30 UTC is 01:30 on 1 June (June).
        mayLate: '2022-05-31T21:30:00Z',
        juneEarly: '2022-05-31T23:30:00Z',
        julyEarly: '2022-06-30T22:30:00Z',
        // Winter time (UTC+1): 22:30 UTC on 31 January is 23:30 (January); 23:30 UTC is 00:30 on 1 February.
        janLate: '2022-01-31T22:30:00Z',
        febEarly: '2022-01-31T23:30:00Z',
      };
      ids = {};
      await inBatches(Object.entries(entered), 5, async ([name, receivedAt]) => {
        ids[name] = (await enterRegistration(t, coordinator, { receivedAt, finalStatus: 'new' })).id;
      });
      // The late-May registration is contacted at 01:30 on 1 June (Amsterdam): still "new" at the end of May.
      await t.http().patch(`/api/registrations/${ids.mayLate}`).set(bearer(coordinator))
        .send({ status: 'contacted', firstContactAt: '2022-05-31T23:30:00Z' }).expect(200);
    });

    it('counts an event at 23:30 UTC on the last day of a summer month in the next month', async () => {
      const may = (await monthly(t, coordinator, 'month=2022-05').expect(200)).body;
      expect(may.period).toMatchObject({ start: '2022-04-30T22:00:00.000Z', end: '2022-05-31T22:00:00.000Z' });
      expect(may.registrations).toMatchObject({ total: 3, newThisMonth: 1, open: 3 });
      expect(may.registrations.byStatus).toMatchObject({ new: 3, contacted: 0 });
      // Contacted within two days, but only after the month had ended.
      expect(may.responseTimes).toMatchObject({ registrations: 3, contactedWithin2Days: 0, contactWithin2DaysPct: 0 });

      const june = (await monthly(t, coordinator, 'month=2022-06').expect(200)).body;
      expect(june.period).toMatchObject({ start: '2022-05-31T22:00:00.000Z', end: '2022-06-30T22:00:00.000Z' });
      expect(june.registrations).toMatchObject({ total: 4, newThisMonth: 1 });
      expect(june.registrations.byStatus).toMatchObject({ new: 3, contacted: 1 });
      expect(june.responseTimes).toMatchObject({ contactedWithin2Days: 1, contactWithin2DaysPct: 25 });
      expect(june.previousMonth.registrations).toMatchObject({ total: 3, newThisMonth: 1 });
      expect(june.change.registrations).toMatchObject({ total: 1, newThisMonth: 0 });

      const july = (await monthly(t, coordinator, 'month=2022-07').expect(200)).body;
      expect(july.registrations).toMatchObject({ total: 5, newThisMonth: 1 });
    });

    it('uses winter time for a winter month', async () => {
      const jan = (await monthly(t, coordinator, 'month=2022-01').expect(200)).body;
      expect(jan.period).toMatchObject({ start: '2021-12-31T23:00:00.000Z', end: '2022-01-31T23:00:00.000Z' });
      expect(jan.registrations).toMatchObject({ total: 1, newThisMonth: 1 });
      const feb = (await monthly(t, coordinator, 'month=2022-02').expect(200)).body;
      expect(feb.registrations).toMatchObject({ total: 2, newThisMonth: 1 });
      // The registrations-over-time series puts each in its own month.
      const series = Object.fromEntries((await monthly(t, coordinator, 'month=2022-07').expect(200)).body.registrations.byMonth
        .map((m: { month: string; new: number }) => [m.month, m.new]));
      expect(series).toMatchObject({ '2022-01': 1, '2022-02': 1, '2022-03': 0, '2022-05': 1, '2022-06': 1, '2022-07': 1 });
    });

    it('counts a month before anything happened as empty', async () => {
      const r = (await monthly(t, coordinator, 'month=2021-06').expect(200)).body;
      expect(r.registrations.total).toBe(0);
      expect(r.responseTimes.contactWithin2DaysPct).toBeNull();
      expect(r.registrations.byMonth.every((m: { new: number }) => m.new === 0)).toBe(true);
    });
  });

  describe('validation and access', () => {
    let coordinator: TestUser;
    beforeAll(async () => {
      coordinator = await t.factories.user('coordinator');
    });

    it.each([
      ['', 'month'],
      ['month=2022-13', 'month'],
      ['month=2022-5', 'month'],
      ['month=mei-2022', 'month'],
      ['month=2022-05&publish=ja', 'publish'],
      ['month=2022-05&team=x', 'team'],
    ])('answers 400 naming the field for %s', async (query, field) => {
      for (const path of ['monthly', 'monthly.csv', 'monthly.pdf']) {
        const res = await t.http().get(`/api/reports/${path}?${query}`).set(bearer(coordinator));
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.message)).toContain(field);
      }
    });

    it('refuses a month that has not started (422 month_in_future), and marks the current month incomplete', async () => {
      const now = new Date();
      const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
      const future = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
      const res = await monthly(t, coordinator, `month=${future}`).expect(422);
      expect(res.body).toMatchObject({ code: 'month_in_future' });
      expect(JSON.stringify(res.body.message)).toContain('month');
      const current = (await monthly(t, coordinator, `month=${amsterdamMonth(now)}`).expect(200)).body;
      expect(current.period.complete).toBe(false);
    });

    it('is for coordinators only', async () => {
      const counsellor = await t.factories.user('counsellor', { organisationId: coordinator.organisationId });
      await monthly(t, counsellor, 'month=2022-05').expect(403);
      await t.http().get('/api/reports/monthly?month=2022-05').expect(401);
    });
  });

  describe('publication: counts below 5 as "<5", no free text', () => {
    let coordinator: TestUser;
    let month: string;
    const NOTE = 'Door gesprekken met de Raad goed voor te bereiden, loopt het gesprek beter.';

    beforeAll(async () => {
      const team = await t.factories.organisation('support_team', 'Klein team');
      coordinator = await t.factories.user('coordinator', { organisationId: team.id });
      const receivedAt = new Date(Date.now() - 60_000).toISOString();
      month = amsterdamMonth(new Date(receivedAt));
      // 7 registrations this month: 5 via a parent (mothers), 2 via a professional.
      await inBatches(Array.from({ length: 7 }, (_, i) => i), 7, async (i) => {
        await enterRegistration(t, coordinator, { receivedAt, route: i < 5 ? 'parent' : 'professional', registrantType: i < 5 ? 'mother' : 'professional', finalStatus: 'new' });
      });
      // One family with 6 placed children (5 under supervision, 1 without a measure), a result with a note.
      const created = await t.http().post('/api/cases').set(bearer(coordinator)).send({ title: 'Gezin Klein', regionCodes: ['twente'] }).expect(201);
      const caseId = created.body.id;
      await inBatches(Array.from({ length: 6 }, (_, i) => i), 6, async (i) => {
        await t.http().post(`/api/cases/${caseId}/children`).set(bearer(coordinator))
          .send({ birthYear: 2012, placement: 'foster_family', protectionMeasure: i < 5 ? 'supervision_order' : 'none' }).expect(201);
      });
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
      await t.http().post(`/api/cases/${caseId}/results`).set(bearer(coordinator)).send({ kind: 'board_talk_prepared', date: today, note: NOTE }).expect(201);
    });

    it('shows exact counts and the notes to the team', async () => {
      const r = (await monthly(t, coordinator, `month=${month}`).expect(200)).body;
      expect(r.published).toBe(false);
      expect(r.registrations).toMatchObject({ total: 7, byRoute: { parent: 5, professional: 2, child: 0 } });
      expect(r.children).toMatchObject({ total: 6, placed: 6, protectionMeasure: { with: 5, without: 1, unknown: 0 } });
      expect(r.results.notes).toEqual([expect.objectContaining({ kind: 'board_talk_prepared', note: NOTE })]);
    });

    it('suppresses counts below 5 and leaves out free text when publishing (JSON)', async () => {
      const r = (await monthly(t, coordinator, `month=${month}&publish=true`).expect(200)).body;
      expect(r.published).toBe(true);
      expect(r.registrations).toMatchObject({ total: 7, newThisMonth: 7, byRoute: { parent: 5, professional: '<5', child: '<5', other: '<5' } });
      expect(r.registrations.byRegistrantType).toMatchObject({ mother: 5, professional: '<5', father: '<5' });
      expect(r.children).toMatchObject({ total: 6, placed: 6, protectionMeasure: { with: 5, without: '<5', unknown: '<5' } });
      expect(r.cases).toEqual({ total: '<5', newThisMonth: '<5' });
      expect(r.regions).toMatchObject({ count: 1, top: [{ code: 'twente', name: 'Twente', cases: '<5' }] });
      expect(r.results).not.toHaveProperty('notes');
      expect(JSON.stringify(r)).not.toContain('Raad goed voor te bereiden');
      // Nothing below 5 survives anywhere (percentages and the number of regions are not counts).
      const small: string[] = [];
      const walk = (v: unknown, path: string) => {
        if (typeof v === 'number' && !path.endsWith('Pct') && path !== 'regions.count' && Math.abs(v) < 5) small.push(path);
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      };
      walk(r, '');
      expect(small).toEqual([]);
    });

    it('suppresses the same way in the CSV and the PDF', async () => {
      const csv = await t.http().get(`/api/reports/monthly.csv?month=${month}&publish=true`).set(bearer(coordinator)).expect(200);
      const rows = new Map(parseCsv(csv.text).map((row) => [row[0], row]));
      expect(rows.get('registrations.total')?.[2]).toBe('7');
      expect(rows.get('registrations.byRoute.professional')?.[2]).toBe('<5');
      expect(rows.get('children.protectionMeasure.without')?.[2]).toBe('<5');
      expect(csv.text).not.toContain('Raad goed voor te bereiden');
      expect([...rows.keys()].some((k) => k.startsWith('results.notes'))).toBe(false);
      expect(csv.headers['content-disposition']).toContain('-publicatie.csv');

      const internal = await t.http().get(`/api/reports/monthly.csv?month=${month}`).set(bearer(coordinator)).expect(200);
      expect(internal.text).toContain('Raad goed voor te bereiden');

      const pdf = await t.http().get(`/api/reports/monthly.pdf?month=${month}&publish=true`).set(bearer(coordinator)).buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        }).expect(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });
  });
});
