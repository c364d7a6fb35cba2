import { randomUUID } from 'node:crypto';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { formToken } from './intake.helpers.js';

const fields = (over: Record<string, unknown> = {}) => ({
  route: 'child', registrantType: 'child', name: 'Kim', message: 'Ik wil mijn moeder weer zien.', consentToContact: true, ...over,
});

describe('intake: public registration limits and team choice (e2e)', () => {
  let t: TestApp;
  const defaultTeamId = randomUUID();
  beforeAll(async () => {
    t = await createTestApp({ INTAKE_MAX_PER_ADDRESS: '3', INTAKE_DEFAULT_TEAM_ID: defaultTeamId });
  });
  afterAll(() => t.close());
  const valid = (over: Record<string, unknown> = {}) => fields({ formToken: formToken(t), ...over });

  const submit = (body: object) => t.http().post('/api/registrations').send(body);
  const teamOf = async (reference: string) => (await t.dataSource.query(`SELECT team_id FROM registration WHERE reference = $1`, [reference]))[0]?.team_id;
  const resetLimits = () => t.dataSource.query(`DELETE FROM rate_limit`);

  it('answers 503 when there is no support team to receive it, storing nothing', async () => {
    const res = await submit(valid()).expect(503);
    expect(res.body.code).toBe('intake_unavailable');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM registration`))[0].n).toBe(0);
    await resetLimits();
  });

  it('routes to the only team, then by region, then to the configured default', async () => {
    const first = await t.factories.organisation('support_team', 'Eerste team');
    expect(await teamOf((await submit(valid()).expect(201)).body.reference)).toBe(first.id);

    // A second, younger team whose counsellor covers Twente; and the configured default team, youngest.
    const twente = await t.factories.organisation('support_team', 'Team Oost');
    const counsellor = await t.factories.user('counsellor', { organisationId: twente.id });
    await t.dataSource.query(`INSERT INTO counsellor_profile (user_id, capacity, region_codes) VALUES ($1, 10, '{twente}')`, [counsellor.id]);
    await t.dataSource.query(`INSERT INTO organisation (id, name, kind) VALUES ($1, 'Standaardteam', 'support_team')`, [defaultTeamId]);
    await resetLimits();

    expect(await teamOf((await submit(valid({ regionCode: 'twente' })).expect(201)).body.reference)).toBe(twente.id);
    expect(await teamOf((await submit(valid({ regionCode: 'zeeland' })).expect(201)).body.reference)).toBe(defaultTeamId);
    expect(await teamOf((await submit(valid()).expect(201)).body.reference)).toBe(defaultTeamId);
    await resetLimits();
  });

  it('limits anonymous submissions per address with 429 and Retry-After; not a logged-in coordinator', async () => {
    const team = await t.factories.organisation('support_team');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    for (let i = 0; i < 3; i += 1) await submit(valid()).expect(201);
    const refused = await submit(valid()).expect(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A logged-in parent is still "the public".
    const parent = await t.factories.user('parent');
    await t.http().post('/api/registrations').set(bearer(parent)).send(valid()).expect(429);
    // A coordinator entering phone registrations from the same address is not limited, by bearer or cookie.
    for (let i = 0; i < 4; i += 1) {
      const res = await t.http().post('/api/registrations').set(bearer(coordinator)).send(valid({ channel: 'phone' })).expect(201);
      expect(await teamOf(res.body.reference)).toBe(team.id);
    }
    // A cookie-authenticated write must be same-origin JSON (CSRF, issue 14).
    await t.http().post('/api/registrations').set('Cookie', `ev_session=${coordinator.token}`).set('Origin', t.baseUrl).send(valid()).expect(201);
    // A stale or made-up token makes the caller anonymous, not an error.
    await t.http().post('/api/registrations').set('Authorization', 'Bearer not-a-real-token').send(valid()).expect(429);
  });
});
