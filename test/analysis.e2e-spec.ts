import { randomUUID } from 'node:crypto';
import { ConsultedExperts } from '../src/analysis/consulted-experts.js';
import { connectSocket, nextEvent, noEvent } from './messaging-fixtures.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

/** Issue 18: the shared explanatory analysis — versions, positions per version, consent, sign-off, the expert pool's seam. */
describe('the shared explanatory analysis (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  let scientist: TestUser;
  let lawyer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    const pool = await t.factories.organisation('expert_pool', 'Expertpool Analyse');
    scientist = await t.factories.user('expert', { organisationId: pool.id, displayName: 'Dr. Gea Gedrag' });
    lawyer = await t.factories.user('expert', { organisationId: pool.id, displayName: 'Mr. Jip Jurist' });
    await t.asOwner(`UPDATE app_user SET specialism = 'behavioural_science' WHERE id = $1`, [scientist.id]);
    await t.asOwner(`UPDATE app_user SET specialism = 'youth_protection_law' WHERE id = $1`, [lawyer.id]);
    caseId = await createCase(t, w.counsellor, 'Familie Analyse', [[w.parent, 'parent'], [w.partner, 'guardian'], [scientist, 'expert'], [lawyer, 'expert']]);
  });
  afterAll(() => t.close());

  const url = (path = '') => `/api/cases/${caseId}/analysis${path}`;
  const get = (user: TestUser) => t.http().get(url()).set(bearer(user));
  const save = (user: TestUser, sections: object[]) => t.http().put(url()).set(bearer(user)).send({ sections });
  const position = (user: TestUser, body: object) => t.http().post(url('/positions')).set(bearer(user)).send(body);
  const signOff = (user: TestUser) => t.http().post(url('/sign-off')).set(bearer(user)).send();

  it('starts empty, and a counsellor writes the first draft version', async () => {
    expect((await get(w.parent).expect(200)).body).toMatchObject({ version: 0, status: 'draft', sections: [], positions: [] });
    const saved = await save(w.counsellor, [
      { key: 'risks', text: 'Schulden en geen vaste woning.' },
      { key: 'situation', text: 'Twee kinderen in een pleeggezin sinds 2024.' },
    ]).expect(200);
    expect(saved.body).toMatchObject({ version: 1, status: 'draft', signedOffBy: null, updatedBy: { id: w.counsellor.id } });
    expect(saved.body.sections.map((s: { key: string }) => s.key)).toEqual(['situation', 'risks']);
  });

  it('refuses unknown sections and stances with 400 naming the field, and a parent may not write a version', async () => {
    const section = await save(w.counsellor, [{ key: 'feelings', text: 'x' }]).expect(400);
    expect(JSON.stringify(section.body.message)).toContain('sections.0.key');
    const twice = await save(w.counsellor, [{ key: 'risks', text: 'a' }, { key: 'risks', text: 'b' }]).expect(400);
    expect(twice.body).toMatchObject({ code: 'duplicate_section_key', field: 'sections' });
    const stance = await position(w.parent, { sectionKey: 'risks', stance: 'maybe' }).expect(400);
    expect(JSON.stringify(stance.body.message)).toContain('stance');
    const key = await position(w.parent, { sectionKey: 'nope', stance: 'agree' }).expect(400);
    expect(JSON.stringify(key.body.message)).toContain('sectionKey');
    await save(w.parent, [{ key: 'risks', text: 'x' }]).expect(403);
    expect((await get(w.counsellor)).body.version).toBe(1);
  });

  it('keeps each party\'s positions with the version they were given on', async () => {
    const mine = await position(w.parent, { sectionKey: 'risks', stance: 'disagree', text: 'De schulden zijn opgelost sinds maart.' }).expect(201);
    expect(mine.body).toMatchObject({ version: 1, userId: w.parent.id, displayName: 'Olga Ouder', role: 'parent', stance: 'disagree' });
    await position(w.counsellor, { sectionKey: 'risks', stance: 'addition', text: 'Klopt, de schuldhulp is afgerond.' }).expect(201);
    const v1 = (await get(w.parent)).body;
    expect(v1.positions.map((p: { role: string; stance: string }) => [p.role, p.stance])).toEqual([['parent', 'disagree'], ['counsellor', 'addition']]);

    await save(w.counsellor, [{ key: 'risks', text: 'Geen vaste woning (schulden opgelost).' }]).expect(200);
    const v2 = (await get(w.parent)).body;
    expect(v2).toMatchObject({ version: 2, positions: [] });
    const versions = (await t.http().get(url('/versions')).set(bearer(w.parent)).expect(200)).body;
    expect(versions.items.map((v: { version: number; positions: unknown[] }) => [v.version, v.positions.length])).toEqual([[2, 0], [1, 2]]);
    const page = (await t.http().get(url('/versions')).query({ limit: 1 }).set(bearer(w.parent)).expect(200)).body;
    expect(page).toMatchObject({ items: [{ version: 2 }], nextCursor: '2' });
    expect((await t.http().get(url('/versions')).query({ limit: 1, before: 2 }).set(bearer(w.parent)).expect(200)).body.items[0].version).toBe(1);
  });

  it('lets a partner read it only with consent scope analysis, like the story', async () => {
    // Without consent, no live word of it either; the parent hears of every change.
    const [parentSocket, partnerSocket] = [await connectSocket(t.baseUrl, { token: w.parent.token }), await connectSocket(t.baseUrl, { token: w.partner.token })];
    try {
      const heard = nextEvent(parentSocket, 'analysis:update');
      const silent = noEvent(partnerSocket, 'analysis:update', 1000);
      await position(w.counsellor, { sectionKey: 'situation', stance: 'agree' }).expect(201);
      expect(await heard).toEqual({ caseId });
      expect(await silent).toBe(true);
    } finally {
      parentSocket.close();
      partnerSocket.close();
    }
    const refused = await get(w.partner).expect(403);
    expect(refused.body).toMatchObject({ code: 'consent_required', scope: 'analysis' });
    await position(w.partner, { sectionKey: 'risks', stance: 'agree' }).expect(403);
    await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.partner.id, scopes: ['analysis'] }).expect(201);
    expect((await get(w.partner).expect(200)).body.version).toBe(2);
    expect((await position(w.partner, { sectionKey: 'risks', stance: 'agree' }).expect(201)).body.role).toBe('guardian');
    // The plan is another scope: still closed to them.
    await t.http().get(`/api/cases/${caseId}/plan`).set(bearer(w.partner)).expect(403);
  });

  it('is signed off only by the case\'s expert in behavioural science; twice is 409; a later PUT opens a new draft', async () => {
    await signOff(w.counsellor).expect(403);
    await signOff(w.parent).expect(403);
    expect((await signOff(lawyer).expect(403)).body.code).toBe('sign_off_not_allowed');
    const final = await signOff(scientist).expect(200);
    expect(final.body).toMatchObject({ version: 2, status: 'final', signedOffBy: { id: scientist.id, displayName: 'Dr. Gea Gedrag' }, signedOffAt: expect.any(String) });
    expect((await signOff(scientist).expect(409)).body.code).toBe('analysis_already_final');
    const next = await save(scientist, [{ key: 'hypotheses', text: 'Verhuizing gaf de meeste spanning.' }]).expect(200);
    expect(next.body).toMatchObject({ version: 3, status: 'draft', signedOffBy: null });
    const versions = (await t.http().get(url('/versions')).set(bearer(w.counsellor)).expect(200)).body.items;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[3, 'draft'], [2, 'final'], [1, 'draft']]);
    const log = await t.http().get(`/api/cases/${caseId}/access-log`).set(bearer(w.parent)).expect(200);
    const signed = log.body.items.find((e: { action: string }) => e.action === 'case.analysis.signed_off');
    expect(signed.description).toContain('Dr. Gea Gedrag');
  });

  it('lets an expert consulted on the case through the pool read, write and take a position there, and nowhere else', async () => {
    const consultedExpert = await t.factories.user('expert', { displayName: 'Dr. Pool Expert' });
    await t.asOwner(`UPDATE app_user SET specialism = 'behavioural_science' WHERE id = $1`, [consultedExpert.id]);
    await get(consultedExpert).expect(404);
    // A tiny stand-in for the expert pool (issue 19): this expert is consulted on this one case.
    const port = t.app.get(ConsultedExperts, { strict: false });
    const original = port.isConsultedOn.bind(port);
    port.isConsultedOn = (expertId: string, onCase: string) => Promise.resolve(expertId === consultedExpert.id && onCase === caseId);
    try {
      expect((await get(consultedExpert).expect(200)).body.version).toBe(3);
      expect((await save(consultedExpert, [{ key: 'hypotheses', text: 'Aangevuld door de expertpool.' }]).expect(200)).body.version).toBe(4);
      expect((await position(consultedExpert, { sectionKey: 'hypotheses', stance: 'addition', text: 'Zie mijn aanvulling.' }).expect(201)).body.role).toBe('expert');
      // Sign-off stays with an expert who takes part in the case; the case itself stays hidden.
      await signOff(consultedExpert).expect(404);
      await t.http().get(`/api/cases/${caseId}`).set(bearer(consultedExpert)).expect(404);
      await t.http().get(`/api/cases/${caseId}/plan`).set(bearer(consultedExpert)).expect(404);
      const other = await createCase(t, w.counsellor, 'Ander gezin', []);
      await t.http().get(`/api/cases/${other}/analysis`).set(bearer(consultedExpert)).expect(404);
      await t.http().get(`/api/cases/${randomUUID()}/analysis`).set(bearer(consultedExpert)).expect(404);
      // A partner is never taken for a consulted expert.
      const outsider = await t.factories.user('partner');
      port.isConsultedOn = () => Promise.resolve(true);
      await get(outsider).expect(404);
    } finally {
      port.isConsultedOn = original;
    }
  });
});
