import { DEMO_PASSWORD } from '../src/demo/demo.service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('demo threads and messages (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
  }, 60_000);
  afterAll(() => t.close());

  it('gives the demo families fictional threads with messages and unread counts', async () => {
    const login = await t.http().post('/api/auth/login').send({ email: 'ouder1@demo.eenverhaal.test', password: DEMO_PASSWORD }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const [c] = await t.dataSource.query(`SELECT id FROM case_file WHERE title = 'Familie De Boer (demo)'`);
    const threads = await t.http().get(`/api/cases/${c.id}/threads`).set(auth).expect(200);
    const byTitle = Object.fromEntries(threads.body.map((x: { title: string; unreadCount: number }) => [x.title, x]));
    expect(Object.keys(byTitle).sort()).toEqual(['Alleen Olga en Bas', 'Bezoeksregeling']);
    expect(byTitle.Bezoeksregeling.unreadCount).toBe(3);
    expect(byTitle['Alleen Olga en Bas'].unreadCount).toBe(0);
    const messages = await t.http().get(`/api/threads/${byTitle.Bezoeksregeling.id}/messages`).set(auth).expect(200);
    expect(messages.body.items).toHaveLength(4);
    expect(messages.body.items[0].author.displayName).toContain('(demo)');
  });
});
