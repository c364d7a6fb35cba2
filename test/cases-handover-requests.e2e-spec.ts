import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** `GET /api/handover-requests`: a coordinator's team-wide list of open handover requests. */
describe('team-wide handover requests (e2e)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let bram: TestUser;
  let dana: TestUser;
  let parent: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await t.factories.organisation('support_team', 'Steunteam Lijst');
    const otherTeam = await t.factories.organisation('support_team', 'Ander steunteam');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    otherCoordinator = await t.factories.user('coordinator', { organisationId: otherTeam.id });
    bram = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bram Begeleider' });
    dana = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Dana Doorzetter' });
    parent = await t.factories.user('parent');
  });
  afterAll(() => t.close());

  const newCase = async (by: TestUser, lead: TestUser, title: string) =>
    (await t.http().post('/api/cases').set(bearer(by)).send({ title, leadCounsellorId: lead.id }).expect(201)).body as { id: string; reference: string };
  const ask = (caseId: string, who: TestUser, reason: string) =>
    t.http().post(`/api/cases/${caseId}/handover-requests`).set(bearer(who)).send({ reason }).expect(201);

  it('lists the open requests of the team\'s cases only, oldest first, with the case; done ones drop off', async () => {
    const first = await newCase(coordinator, bram, 'Gezin Eerst');
    const second = await newCase(coordinator, bram, 'Gezin Later');
    const otherCounsellor = await t.factories.user('counsellor', { organisationId: otherCoordinator.organisationId });
    const foreign = await newCase(otherCoordinator, otherCounsellor, 'Gezin Elders');
    await ask(first.id, bram, 'Ik ken de familie.');
    await ask(second.id, bram, 'Te zwaar op dit moment.');
    await ask(foreign.id, otherCounsellor, 'Niet van dit team.');

    const list = (await t.http().get('/api/handover-requests').set(bearer(coordinator)).expect(200)).body;
    expect(list).toEqual([
      expect.objectContaining({
        caseId: first.id, reason: 'Ik ken de familie.', status: 'open', resolvedAt: null,
        requestedBy: { id: bram.id, displayName: 'Bram Begeleider' },
        case: { id: first.id, reference: first.reference, title: 'Gezin Eerst', leadCounsellor: { id: bram.id, displayName: 'Bram Begeleider' } },
      }),
      expect.objectContaining({ caseId: second.id, reason: 'Te zwaar op dit moment.' }),
    ]);
    expect((await t.http().get('/api/handover-requests').set(bearer(otherCoordinator)).expect(200)).body.map((r: { caseId: string }) => r.caseId)).toEqual([foreign.id]);

    await t.http().post(`/api/cases/${first.id}/handover`).set(bearer(coordinator)).send({ toCounsellorId: dana.id, reason: 'Ik ken de familie.' }).expect(200);
    const after = (await t.http().get('/api/handover-requests').set(bearer(coordinator)).expect(200)).body;
    expect(after.map((r: { caseId: string }) => r.caseId)).toEqual([second.id]);
  });

  it('is for coordinators only, and is audited for the team, not in the parents\' access log', async () => {
    for (const who of [bram, parent]) await t.http().get('/api/handover-requests').set(bearer(who)).expect(403);
    const c = await newCase(coordinator, bram, 'Gezin Log');
    await t.http().post(`/api/cases/${c.id}/participants`).set(bearer(coordinator)).send({ userId: parent.id, role: 'parent' }).expect(201);
    await ask(c.id, bram, 'Verhuizing.');
    await t.http().get('/api/handover-requests').set(bearer(coordinator)).expect(200);
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id, case_id, details FROM audit_event WHERE action = 'handover_requests.team.read' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event).toMatchObject({ actor_user_id: coordinator.id, case_id: null });
    const log = (await t.http().get(`/api/cases/${c.id}/access-log`).set(bearer(parent)).expect(200)).body.items as { action: string }[];
    expect(log.map((e) => e.action)).not.toContain('handover_requests.team.read');
    expect(log.map((e) => e.action)).not.toContain('case.handover_requests.read');
  });
});
