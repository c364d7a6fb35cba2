import { SPECIALISMS } from '../src/accounts/roles.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** `npm run demo` (issue 19): a fictional expert of every specialism in a fictional pool, and one open consultation. */
describe('demo expert pool (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
  }, 60_000);
  afterAll(() => t.close());

  it('has an expert of each specialism in an expert pool with its coordinator, and one open consultation without names', async () => {
    const experts: { id: string; email: string; specialism: string; kind: string; display_name: string }[] = await t.dataSource.query(
      `SELECT u.id, u.email, u.specialism, o.kind, u.display_name FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.role = 'expert' ORDER BY u.specialism`,
    );
    expect(experts.map((e) => e.specialism).sort()).toEqual([...SPECIALISMS].sort());
    expect(experts.every((e) => e.kind === 'expert_pool' && e.email.endsWith('.demo.eenverhaal.test') && e.display_name.endsWith('(demo)'))).toBe(true);
    const [coordinator] = await t.dataSource.query(`SELECT u.id FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.role = 'coordinator' AND o.kind = 'expert_pool'`);
    expect(coordinator).toBeDefined();

    const psychiatrist = experts.find((e) => e.specialism === 'child_psychiatry')!;
    const token = await t.factories.session(psychiatrist.id);
    const open = await t.http().get('/api/consultations?state=open').set(bearer({ token })).expect(200);
    expect(open.body.items).toHaveLength(1);
    const one = await t.http().get(`/api/consultations/${open.body.items[0].id}`).set(bearer({ token })).expect(200);
    expect(one.body).toMatchObject({ status: 'requested', basis: 'professional_need', summary: { regions: [{ code: 'ijsselland' }] } });
    expect(one.body.summary.children).toHaveLength(2);
    const seen = JSON.stringify(one.body);
    for (const name of ['Boer', 'Olga', 'Mila', 'Daan', 'Bas', 'EV-']) expect(seen).not.toContain(name);
  });
});
