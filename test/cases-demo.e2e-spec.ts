import { DEMO_PASSWORD } from '../src/demo/demo.service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('demo families (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
  }, 60_000);
  afterAll(() => t.close());

  const userId = async (email: string) => (await t.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [email]))[0].id as string;

  it('gives each demo parent a case with a confirmed or draft story, children, updates and an access log', async () => {
    const login = await t.http().post('/api/auth/login').send({ email: 'ouder1@demo.eenverhaal.test', password: DEMO_PASSWORD }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const list = await t.http().get('/api/cases').set(auth).expect(200);
    expect(list.body.items).toHaveLength(1);
    const c = list.body.items[0];
    expect(c).toMatchObject({ title: 'Familie De Boer (demo)', status: 'active', myRole: 'parent' });
    const story = await t.http().get(`/api/cases/${c.id}/story`).set(auth).expect(200);
    expect(story.body).toMatchObject({ version: 2, writtenWithParent: true });
    expect(story.body.confirmedByParentAt).not.toBeNull();
    expect((await t.http().get(`/api/cases/${c.id}/children`).set(auth).expect(200)).body).toHaveLength(2);
    const updates = await t.http().get(`/api/cases/${c.id}/updates`).set(auth).expect(200);
    expect(updates.body.items.every((u: { visibility: string }) => u.visibility === 'everyone')).toBe(true);
    const consents = await t.http().get(`/api/cases/${c.id}/consents`).set(auth).expect(200);
    expect(consents.body.items.map((k: { givenInPerson: boolean }) => k.givenInPerson).sort()).toEqual([false, true]);
    const log = await t.http().get(`/api/cases/${c.id}/access-log`).set(auth).expect(200);
    expect(log.body.items.some((e: { description: string }) => e.description.includes('Bas Begeleider (demo)'))).toBe(true);

    // The family guardian has consent and reads the story; the Board member of the other family does not see this case.
    const guardian = await t.factories.session(await userId('voogd@demo.eenverhaal.test'));
    await t.http().get(`/api/cases/${c.id}/story`).set({ Authorization: `Bearer ${guardian}` }).expect(200);
    const board = await t.factories.session(await userId('raad@demo.eenverhaal.test'));
    await t.http().get(`/api/cases/${c.id}`).set({ Authorization: `Bearer ${board}` }).expect(404);
    const boardList = await t.http().get('/api/cases').set({ Authorization: `Bearer ${board}` }).expect(200);
    expect(boardList.body.items.map((x: { title: string }) => x.title)).toEqual(['Familie Vos (demo)']);
  });

  it('leaves the coordinator one open handover request to pick up', async () => {
    const coordinator = await t.factories.session(await userId('coordinator@demo.eenverhaal.test'));
    const open = await t.http().get('/api/handover-requests').set({ Authorization: `Bearer ${coordinator}` }).expect(200);
    expect(open.body).toHaveLength(1);
    expect(open.body[0]).toMatchObject({ status: 'open', case: { title: 'Familie Vos (demo)' }, requestedBy: { displayName: 'Fenna Procesbegeleider (demo)' } });
  });
});
