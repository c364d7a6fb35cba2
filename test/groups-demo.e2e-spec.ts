import { DEMO_PASSWORD } from '../src/demo/demo.service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('demo peer group (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
  }, 60_000);
  afterAll(() => t.close());

  it('gives the demo team one fictional group with a moderator, two parents under pseudonyms and a reported message', async () => {
    const login = await t.http().post('/api/auth/login').send({ email: 'ouder1@demo.eenverhaal.test', password: DEMO_PASSWORD }).expect(200);
    const parent = { Authorization: `Bearer ${login.body.token}` };
    const groups = await t.http().get('/api/groups').set(parent).expect(200);
    expect(groups.body.items).toHaveLength(1);
    const group = groups.body.items[0];
    expect(group).toMatchObject({ name: expect.stringContaining('(demo)'), memberCount: 3, membership: { pseudonym: 'Zonnebloem', status: 'active' } });
    const messages = await t.http().get(`/api/groups/${group.id}/messages`).set(parent).expect(200);
    expect(messages.body.items.map((m: { author: { pseudonym: string } }) => m.author.pseudonym)).toEqual(['Gespreksleider Bas', 'Zonnebloem', 'Wandelaar', 'Zonnebloem']);
    expect(JSON.stringify(messages.body)).not.toContain('(demo)');
    const [bas] = await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'begeleider1@demo.eenverhaal.test'`);
    const moderator = { Authorization: `Bearer ${await t.factories.session(bas.id)}` };
    const reports = await t.http().get(`/api/groups/${group.id}/reports`).set(moderator).expect(200);
    expect(reports.body.items).toHaveLength(1);
    expect(reports.body.items[0]).toMatchObject({ reporter: { pseudonym: 'Zonnebloem' }, message: { author: { pseudonym: 'Wandelaar' } }, resolvedAt: null });
  });
});
