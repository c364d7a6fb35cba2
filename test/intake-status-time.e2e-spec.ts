import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const amsterdamMonth = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date(iso)).slice(0, 7);

/** A status change recorded afterwards takes effect when it happened, so month-end figures come out right. */
describe('intake: a status change recorded afterwards (statusChangedAt)', () => {
  let t: TestApp;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await t.factories.organisation('support_team', 'Team Terugwerkend');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
  });
  afterAll(() => t.close());

  const patch = (id: string, body: object) => t.http().patch(`/api/registrations/${id}`).set(bearer(coordinator)).send(body);
  const detail = async (id: string) => (await t.http().get(`/api/registrations/${id}`).set(bearer(coordinator)).expect(200)).body;
  /** Received 40 days ago, contacted 39 and a welcome talk planned 38 days ago: ready for guidance. */
  const planned = async (): Promise<string> => {
    const res = await t.http().post('/api/registrations').set(bearer(coordinator)).send({
      route: 'parent', registrantType: 'father', name: 'Henk Testvader', message: 'Mijn dochter woont in een pleeggezin.',
      consentToContact: true, channel: 'phone', receivedAt: daysAgo(40),
    }).expect(201);
    await patch(res.body.id, { status: 'contacted', firstContactAt: daysAgo(39) }).expect(200);
    await patch(res.body.id, { status: 'welcome_planned', welcomeTalkPlannedAt: daysAgo(38) }).expect(200);
    return res.body.id;
  };

  it('dates the change when it happened, keeps when it was recorded, and the month-end report follows it', async () => {
    const id = await planned();
    const when = daysAgo(35);
    const month = amsterdamMonth(when); // always a month before this one: months are at most 31 days
    const before = (await t.http().get(`/api/reports/monthly?month=${month}`).set(bearer(coordinator)).expect(200)).body;
    expect(before.registrations.inGuidance).toBe(0);

    const res = await patch(id, { status: 'in_guidance', statusChangedAt: when }).expect(200);
    expect(res.body.status).toBe('in_guidance');
    const last = (await detail(id)).history.at(-1);
    expect(last).toMatchObject({ from: 'welcome_planned', to: 'in_guidance', changedAt: when, changedById: coordinator.id });
    expect(Date.now() - new Date(last.recordedAt).getTime()).toBeLessThan(60_000);
    const [audit] = await t.dataSource.query(
      `SELECT details FROM audit_event WHERE action = 'registration.updated' AND subject_id = $1 ORDER BY seq DESC LIMIT 1`, [id]);
    expect(audit.details).toMatchObject({ from: 'welcome_planned', to: 'in_guidance', effectiveAt: when });

    const after = (await t.http().get(`/api/reports/monthly?month=${month}`).set(bearer(coordinator)).expect(200)).body;
    expect(after.registrations.inGuidance).toBe(1);
  });

  it('refuses a moment in the future, before the previous change or before receipt, naming statusChangedAt and writing nothing', async () => {
    const id = await planned();
    const cases: [string, string][] = [
      [new Date(Date.now() + DAY).toISOString(), 'date_in_future'],
      [daysAgo(38.5), 'status_changed_before_previous'],
      [daysAgo(41), 'date_before_receipt'],
    ];
    for (const [at, code] of cases) {
      const res = await patch(id, { status: 'in_guidance', statusChangedAt: at }).expect(400);
      expect(res.body).toMatchObject({ code, field: 'statusChangedAt' });
    }
    const after = await detail(id);
    expect(after.status).toBe('welcome_planned');
    expect(after.history).toHaveLength(3);
  });

  it('takes statusChangedAt only with a new status, and only as a date-time', async () => {
    const id = await planned();
    expect((await patch(id, { statusChangedAt: daysAgo(1) }).expect(400)).body).toMatchObject({ code: 'status_changed_at_without_change', field: 'statusChangedAt' });
    expect((await patch(id, { status: 'welcome_planned', statusChangedAt: daysAgo(1) }).expect(400)).body.field).toBe('statusChangedAt');
    const malformed = await patch(id, { status: 'in_guidance', statusChangedAt: 'last tuesday' }).expect(400);
    expect(JSON.stringify(malformed.body)).toContain('statusChangedAt');
    expect((await detail(id)).history).toHaveLength(3);
  });
});
