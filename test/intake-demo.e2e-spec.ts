import { REGISTRATION_STATUSES } from '../src/intake/intake-vocabulary.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('demo data: registrations in every status, some overdue (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: '1', ORG_KEY_PASSPHRASE: 'e2e-organisation-key-passphrase' });
  }, 60_000);
  afterAll(() => t.close());

  it('fills the demo team’s intake', async () => {
    const [coordinator] = await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'coordinator@demo.eenverhaal.test'`);
    const auth = { Authorization: `Bearer ${await t.factories.session(coordinator.id)}` };
    const list = (await t.http().get('/api/registrations?limit=200').set(auth).expect(200)).body;
    const statuses = new Set(list.items.map((i: { status: string }) => i.status));
    expect([...statuses].sort()).toEqual([...REGISTRATION_STATUSES].sort());
    const overdue = (await t.http().get('/api/registrations?overdue=true').set(auth).expect(200)).body.items;
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(overdue[0].overdue).toBe(true);
    expect(list.items.every((i: { name: string }) => i.name.includes('(demo)'))).toBe(true);
    const caseload = (await t.http().get('/api/caseload').set(auth).expect(200)).body;
    expect(caseload.teamCapacity).toBe(120);
    expect(caseload.counsellors.every((c: { capacity: number | null; regionCodes: string[] }) => c.capacity === 12 && c.regionCodes.length > 0)).toBe(true);
  });
});
