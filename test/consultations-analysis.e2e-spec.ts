import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issues 18 and 19 together: an expert of the pool, consulted on a case, adds their view to the
 * case's shared explanatory analysis from the consultation. They never see the case, its id or the
 * analysis's text; the family and the team see the addition beside everyone else's, and the parent's
 * access log says a specialist did it.
 */
describe('an expert consulted on a case adds to its shared analysis (e2e)', () => {
  let t: TestApp;
  let counsellor: TestUser;
  let parent: TestUser;
  let expert: TestUser;
  let otherExpert: TestUser;
  let caseId: string;
  let consultationId: string;

  const add = (by: TestUser, id: string, body: object) => t.http().post(`/api/consultations/${id}/analysis-additions`).set(bearer(by)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    const pool = await t.factories.organisation('expert_pool', 'Expertpool Analyse');
    expert = await t.factories.user('expert', { organisationId: pool.id, displayName: 'Gerda Gedrag' });
    otherExpert = await t.factories.user('expert', { organisationId: pool.id });
    await t.dataSource.query(`UPDATE app_user SET specialism = 'behavioural_science' WHERE id = ANY($1::uuid[])`, [[expert.id, otherExpert.id]]);
    const team = await t.factories.organisation('support_team', 'Team Analyse');
    counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    parent = await t.factories.user('parent', { displayName: 'Petra Analyse' });
    caseId = (await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Familie Analyse' })).id;
    await t.factories.participant(caseId, counsellor.id, 'counsellor');
    await t.factories.participant(caseId, parent.id, 'parent');
    consultationId = (await t.http().post(`/api/cases/${caseId}/consultations`).set(bearer(counsellor))
      .send({ expertId: expert.id, question: 'Hoe kijkt u naar de zorgen over het contact?', basis: 'professional_need' }).expect(201)).body.id;
  }, 60_000);
  afterAll(() => t.close());

  it('needs an analysis first, then records the addition on its latest version, with role expert and no case id in the answer', async () => {
    const none = await add(expert, consultationId, { sectionKey: 'risks', text: 'Mijn kijk op de zorgen.' }).expect(422);
    expect(none.body.code).toBe('no_analysis');
    await t.http().put(`/api/cases/${caseId}/analysis`).set(bearer(counsellor)).send({ sections: [{ key: 'risks', text: 'Zorgen over het contact met Petra.' }] }).expect(200);
    const res = await add(expert, consultationId, { sectionKey: 'risks', text: 'Mijn kijk op de zorgen.' }).expect(201);
    expect(res.body).toMatchObject({ version: 1, sectionKey: 'risks', stance: 'addition', text: 'Mijn kijk op de zorgen.', role: 'expert', userId: expert.id });
    expect(JSON.stringify(res.body)).not.toContain(caseId);
    expect(JSON.stringify(res.body)).not.toContain('Petra');

    // The family sees it beside everyone else's, and the parent's access log tells who (a specialist), in plain words.
    const analysis = (await t.http().get(`/api/cases/${caseId}/analysis`).set(bearer(parent)).expect(200)).body;
    expect(analysis.positions).toEqual([expect.objectContaining({ displayName: 'Gerda Gedrag', role: 'expert', stance: 'addition', text: 'Mijn kijk op de zorgen.' })]);
    const log = (await t.http().get(`/api/cases/${caseId}/access-log`).set(bearer(parent)).expect(200)).body.items as { action: string; actor: { displayName: string } | null }[];
    expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'case.analysis.position.added', actor: expect.objectContaining({ displayName: 'Gerda Gedrag' }) })]));
    // The expert still gets 404 on the case and its analysis.
    await t.http().get(`/api/cases/${caseId}`).set(bearer(expert)).expect(404);
  });

  it('refuses anyone but the expert asked (404), bad input (400 naming the field), and a closed consultation (409)', async () => {
    await add(otherExpert, consultationId, { sectionKey: 'risks', text: 'Niet mijn vraag.' }).expect(404);
    await add(counsellor, consultationId, { sectionKey: 'risks', text: 'Ik ben de begeleider.' }).expect(404);
    const bad = await add(expert, consultationId, { sectionKey: 'weather', text: '' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('sectionKey');
    expect(JSON.stringify(bad.body.message)).toContain('text');
    await add(expert, consultationId, { sectionKey: 'risks', text: 'x', caseId }).expect(400);
    await t.http().post(`/api/consultations/${consultationId}/close`).set(bearer(counsellor)).expect(200);
    await add(expert, consultationId, { sectionKey: 'risks', text: 'Te laat.' }).expect(409);
  });
});
