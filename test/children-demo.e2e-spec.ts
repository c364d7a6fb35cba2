import { DEMO_PASSWORD } from '../src/demo/demo.service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Issue 20: the demo's fictional child account, linked to her record, with her voice. */
describe('demo child (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
  }, 60_000);
  afterAll(() => t.close());

  const login = async (email: string) => {
    const answer = await t.http().post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    return { Authorization: `Bearer ${answer.body.token}` };
  };

  it('gives Mila (demo) her own home: her record with her voice, and a conversation with her counsellor', async () => {
    const mila = await login('kind1@demo.eenverhaal.test');
    const mine = await t.http().get('/api/children/me').set(mila).expect(200);
    expect(mine.body.items).toHaveLength(1);
    const record = mine.body.items[0];
    expect(record).toMatchObject({ firstName: 'Mila', voice: { visibleTo: ['counsellor', 'parents'] } });
    expect(record.voice.text).toContain('Verzonnen demotekst');
    const threads = await t.http().get(`/api/cases/${record.caseId}/threads`).set(mila).expect(200);
    const items = Array.isArray(threads.body) ? threads.body : threads.body.items;
    expect(items.map((th: { title: string }) => th.title)).toEqual(['Mila en Bas']);
    await t.http().get(`/api/cases/${record.caseId}/story`).set(mila).expect(403);

    // Her mother reads the voice (Mila chose her); the family guardian, with the mother's full consent, does not.
    const olga = await login('ouder1@demo.eenverhaal.test');
    await t.http().get(`/api/cases/${record.caseId}/children/${record.childId}/voice`).set(olga).expect(200);
    const [gijs] = await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'voogd@demo.eenverhaal.test'`);
    const guardian = { Authorization: `Bearer ${await t.factories.session(gijs.id)}` };
    await t.http().get(`/api/cases/${record.caseId}/children/${record.childId}/voice`).set(guardian).expect(404);
  });
});
