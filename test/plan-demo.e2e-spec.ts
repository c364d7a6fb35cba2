import { DEMO_PASSWORD } from '../src/demo/demo.service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Issue 18: the demo family De Boer has a plan (the parent's own goals beside the team's) and a shared analysis with positions. */
describe('demo plan and analysis (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
  }, 60_000);
  afterAll(() => t.close());

  it('gives the demo parent a plan with goals of her own and the team\'s, and an analysis she took a position on', async () => {
    const login = await t.http().post('/api/auth/login').send({ email: 'ouder1@demo.eenverhaal.test', password: DEMO_PASSWORD }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const [c] = (await t.http().get('/api/cases').set(auth).expect(200)).body.items;
    const plan = (await t.http().get(`/api/cases/${c.id}/plan`).set(auth).expect(200)).body;
    expect(plan.goals.map((g: { owner: string }) => g.owner)).toEqual(['parent', 'family', 'team']);
    expect(plan.goals.every((g: { description: string }) => g.description.includes('Verzonnen'))).toBe(true);
    expect(plan.goals[2]).toMatchObject({ status: 'in_progress', actions: [{ recurrence: 'monthly' }, { ownerDisplayName: 'Gijs Gezinsvoogd (demo)' }] });
    const analysis = (await t.http().get(`/api/cases/${c.id}/analysis`).set(auth).expect(200)).body;
    expect(analysis).toMatchObject({ version: 1, status: 'draft' });
    expect(analysis.positions.map((p: { role: string; stance: string }) => [p.role, p.stance])).toEqual([['parent', 'disagree'], ['parent', 'agree'], ['counsellor', 'addition']]);
    const log = (await t.http().get(`/api/cases/${c.id}/access-log`).set(auth).expect(200)).body.items;
    expect(log.some((e: { action: string }) => e.action === 'case.plan.goal.added')).toBe(true);
  });
});
