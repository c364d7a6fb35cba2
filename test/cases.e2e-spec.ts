import { randomUUID } from 'node:crypto';
import { YOUTH_CARE_REGIONS } from '../src/cases/regions.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, type CaseWorld } from './cases.helpers.js';

describe('cases: reference, status, structured fields, participants (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  const createCase = (user: { token: string }, body: object) => t.http().post('/api/cases').set(bearer(user)).send(body);

  it('lists the 42 youth-care regions publicly', async () => {
    const res = await t.http().get('/api/regions').expect(200);
    expect(res.body).toHaveLength(42);
    expect(res.body).toEqual(expect.arrayContaining([{ code: 'ijsselland', name: 'IJsselland' }, { code: 'rijnmond', name: 'Rijnmond' }, { code: 'amsterdam-amstelland', name: 'Amsterdam-Amstelland' }]));
    expect(new Set(res.body.map((r: { code: string }) => r.code)).size).toBe(YOUTH_CARE_REGIONS.length);
    for (const r of res.body) expect(r.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('opens a case for the counsellor\'s team: reference EV-<year>-<seq>, intake, creator leads and takes part', async () => {
    const res = await createCase(w.counsellor, { title: 'Familie Test', regionCodes: ['ijsselland', 'rijnmond'] }).expect(201);
    const year = new Date().getUTCFullYear();
    expect(res.body).toMatchObject({ title: 'Familie Test', status: 'intake', teamId: w.teamId, regionCodes: ['ijsselland', 'rijnmond'], myRole: 'counsellor' });
    expect(res.body.reference).toMatch(new RegExp(`^EV-${year}-\\d{4}$`));
    expect(res.body.leadCounsellor).toEqual({ id: w.counsellor.id, displayName: w.counsellor.displayName });
    const second = await createCase(w.counsellor, { title: 'Familie Twee' }).expect(201);
    const seq = (ref: string) => Number(ref.split('-')[2]);
    expect(seq(second.body.reference)).toBe(seq(res.body.reference) + 1);
    const participants = await t.http().get(`/api/cases/${res.body.id}/participants`).set(bearer(w.counsellor)).expect(200);
    expect(participants.body).toEqual([expect.objectContaining({ userId: w.counsellor.id, role: 'counsellor', isLead: true })]);
  });

  it('gives unique references under concurrent creation', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createCase(w.counsellor, { title: `Gelijktijdig ${i}` })));
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.body.reference)).size).toBe(8);
  });

  it('lets a coordinator open a case with a lead counsellor of the team, who then takes part', async () => {
    const res = await createCase(w.coordinator, { title: 'Via coördinator', leadCounsellorId: w.counsellor2.id }).expect(201);
    expect(res.body.leadCounsellor.id).toBe(w.counsellor2.id);
    expect(res.body.myRole).toBeNull();
    const participants = await t.http().get(`/api/cases/${res.body.id}/participants`).set(bearer(w.coordinator)).expect(200);
    expect(participants.body.map((p: { userId: string }) => p.userId)).toEqual([w.counsellor2.id]);
  });

  it('refuses a lead who is not a counsellor of the team, unknown regions and unknown fields, writing nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_file`);
    const otherTeam = await t.factories.organisation('support_team');
    const foreignCounsellor = await t.factories.user('counsellor', { organisationId: otherTeam.id });
    const lead = await createCase(w.coordinator, { title: 'X', leadCounsellorId: foreignCounsellor.id }).expect(400);
    expect(lead.body).toMatchObject({ code: 'not_team_counsellor', field: 'leadCounsellorId' });
    await createCase(w.coordinator, { title: 'X', leadCounsellorId: w.parent.id }).expect(400);
    const region = await createCase(w.counsellor, { title: 'X', regionCodes: ['ijsselland', 'atlantis'] }).expect(400);
    expect(region.body.fields).toEqual(['regionCodes']);
    expect(JSON.stringify(region.body.message)).toContain('regionCodes');
    const extra = await createCase(w.counsellor, { title: 'X', secret: 1 }).expect(400);
    expect(extra.body.message.join(' ')).toContain('secret');
    await createCase(w.counsellor, { title: '' }).expect(400);
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_file`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('keeps structured fields to their exact vocabularies and the status to its allowed transitions, with history', async () => {
    const { body: c } = await createCase(w.counsellor, { title: 'Velden' }).expect(201);
    const patch = (body: object, user = w.counsellor) => t.http().patch(`/api/cases/${c.id}`).set(bearer(user)).send(body);
    const ok = await patch({
      householdComposition: 'single_parent', registrantHasCustody: false, placementReasons: ['financial', 'housing'],
      desiredSituation: ['reverse_placement'], supportRequests: ['recognition', 'return_of_children'], regionCodes: ['twente'],
    }).expect(200);
    expect(ok.body).toMatchObject({ householdComposition: 'single_parent', registrantHasCustody: false, placementReasons: ['financial', 'housing'], desiredSituation: ['reverse_placement'], supportRequests: ['recognition', 'return_of_children'], regionCodes: ['twente'] });
    await patch({ registrantHasCustody: null }).expect(200).then((r) => expect(r.body.registrantHasCustody).toBeNull());

    for (const [field, value] of [['householdComposition', 'big'], ['placementReasons', ['poverty']], ['desiredSituation', ['x']], ['supportRequests', ['money']], ['registrantHasCustody', 'yes'], ['status', 'archived']] as const) {
      const res = await patch({ [field]: value }).expect(400);
      expect(res.body.fields).toContain(field);
    }
    await patch({ status: 'active' }).expect(200);
    const refused = await patch({ status: 'intake' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'status_transition_not_allowed', field: 'status', from: 'active', to: 'intake' });
    await patch({ status: 'dormant' }).expect(200);
    await patch({ status: 'active' }).expect(200);
    const history = await t.http().get(`/api/cases/${c.id}/status-history`).set(bearer(w.coordinator)).expect(200);
    expect(history.body.map((h: { from: string | null; to: string }) => `${h.from}>${h.to}`)).toEqual(['dormant>active', 'active>dormant', 'intake>active', 'null>intake']);
    // A failed transition leaves the fields it came with unwritten.
    await patch({ status: 'intake', title: 'Nieuwe titel' }).expect(422);
    const now = await t.http().get(`/api/cases/${c.id}`).set(bearer(w.counsellor)).expect(200);
    expect(now.body.title).toBe('Velden');
  });

  describe('participants', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = (await createCase(w.counsellor, { title: 'Deelnemers' }).expect(201)).body.id;
    });
    const add = (body: object, user = w.counsellor) => t.http().post(`/api/cases/${caseId}/participants`).set(bearer(user)).send(body);

    it('adds a parent, and the parent sees the case at once; removes, and the parent loses it at once', async () => {
      await t.http().get(`/api/cases/${caseId}`).set(bearer(w.parent)).expect(404);
      const res = await add({ userId: w.parent.id, role: 'parent' }).expect(201);
      expect(res.body).toMatchObject({ userId: w.parent.id, role: 'parent', accountRole: 'parent', displayName: 'Olga Ouder', isLead: false });
      await t.http().get(`/api/cases/${caseId}`).set(bearer(w.parent)).expect(200);
      const list = await t.http().get('/api/cases').set(bearer(w.parent)).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
      await t.http().delete(`/api/cases/${caseId}/participants/${w.parent.id}`).set(bearer(w.counsellor)).expect(204);
      await t.http().get(`/api/cases/${caseId}`).set(bearer(w.parent)).expect(404);
      const after = await t.http().get('/api/cases').set(bearer(w.parent)).expect(200);
      expect(after.body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    });

    it('adds a guardian from a partner organisation with the organisation shown', async () => {
      const res = await add({ userId: w.partner.id, role: 'guardian' }).expect(201);
      expect(res.body.organisation).toMatchObject({ id: w.partnerOrgId, name: 'Jeugdbescherming Test', kind: 'youth_protection' });
      const again = await add({ userId: w.partner.id, role: 'guardian' }).expect(409);
      expect(again.body).toMatchObject({ code: 'already_participant', field: 'userId' });
    });

    it('refuses unknown users, admins, roles that do not fit the account, and partners outside a partner organisation', async () => {
      expect((await add({ userId: randomUUID(), role: 'parent' }).expect(400)).body).toMatchObject({ code: 'unknown_user', field: 'userId' });
      expect((await add({ userId: w.admin.id, role: 'other' }).expect(400)).body).toMatchObject({ code: 'admin_cannot_take_part' });
      expect((await add({ userId: w.child.id, role: 'parent' }).expect(400)).body).toMatchObject({ code: 'role_does_not_fit_account', field: 'role' });
      expect((await add({ userId: w.expert.id, role: 'guardian' }).expect(400)).body.field).toBe('role');
      const loose = await t.factories.user('partner', { organisationId: null });
      expect((await add({ userId: loose.id, role: 'guardian' }).expect(400)).body).toMatchObject({ code: 'not_in_partner_organisation', field: 'userId' });
      const inTeam = await t.factories.user('partner', { organisationId: w.teamId });
      expect((await add({ userId: inTeam.id, role: 'board' }).expect(400)).body.code).toBe('not_in_partner_organisation');
      const otherTeam = await t.factories.organisation('support_team');
      const stranger = await t.factories.user('counsellor', { organisationId: otherTeam.id });
      expect((await add({ userId: stranger.id, role: 'counsellor' }).expect(400)).body.code).toBe('not_in_case_team');
      expect((await add({ userId: w.parent.id, role: 'grandparent' }).expect(400)).body.fields).toEqual(['role']);
      expect((await add({ userId: 'nope', role: 'parent' }).expect(400)).body.fields).toEqual(['userId']);
    });

    it('lets only the team manage participants, and keeps the lead until a handover', async () => {
      await add({ userId: w.child.id, role: 'child' }).expect(201);
      await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(w.child)).send({ userId: w.foster.id, role: 'foster_parent' }).expect(403);
      await add({ userId: w.foster.id, role: 'foster_parent' }, w.coordinator).expect(201);
      const lead = await t.http().delete(`/api/cases/${caseId}/participants/${w.counsellor.id}`).set(bearer(w.coordinator)).expect(409);
      expect(lead.body.code).toBe('lead_counsellor');
      await t.http().delete(`/api/cases/${caseId}/participants/${randomUUID()}`).set(bearer(w.coordinator)).expect(404);
    });
  });

  describe('who sees what', () => {
    it('shows a coordinator every case of the team, and no one else\'s', async () => {
      const otherTeam = await t.factories.organisation('support_team');
      const otherCounsellor = await t.factories.user('counsellor', { organisationId: otherTeam.id });
      const foreign = (await createCase(otherCounsellor, { title: 'Ander team' }).expect(201)).body;
      const mine = (await createCase(w.counsellor2, { title: 'Eigen team' }).expect(201)).body;
      const list = await t.http().get('/api/cases?limit=200').set(bearer(w.coordinator)).expect(200);
      const ids = list.body.items.map((c: { id: string }) => c.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(foreign.id);
      await t.http().get(`/api/cases/${foreign.id}`).set(bearer(w.coordinator)).expect(404);
      await t.http().get(`/api/cases/${mine.id}`).set(bearer(w.coordinator)).expect(200);
      // A counsellor of the same team who does not take part does not see it.
      await t.http().get(`/api/cases/${mine.id}`).set(bearer(w.counsellor)).expect(404);
    });

    it('never lets an admin read a case', async () => {
      const c = (await createCase(w.counsellor, { title: 'Beheer kijkt niet' }).expect(201)).body;
      await t.http().get(`/api/cases/${c.id}`).set(bearer(w.admin)).expect(403);
      await t.http().get('/api/cases').set(bearer(w.admin)).expect(403);
    });

    it('pages the case list newest first with a cursor', async () => {
      const counsellor = await t.factories.user('counsellor', { organisationId: w.teamId });
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await createCase(counsellor, { title: `Pagina ${i}` }).expect(201)).body.id);
      const first = await t.http().get('/api/cases?limit=2').set(bearer(counsellor)).expect(200);
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([made[4], made[3]]);
      const second = await t.http().get(`/api/cases?limit=2&before=${first.body.nextCursor}`).set(bearer(counsellor)).expect(200);
      expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([made[2], made[1]]);
      const third = await t.http().get(`/api/cases?limit=2&before=${second.body.nextCursor}`).set(bearer(counsellor)).expect(200);
      expect(third.body).toEqual({ items: [expect.objectContaining({ id: made[0] })], nextCursor: null });
      await t.http().get('/api/cases?limit=500').set(bearer(counsellor)).expect(400);
      const filtered = await t.http().get('/api/cases?status=active').set(bearer(counsellor)).expect(200);
      expect(filtered.body.items).toEqual([]);
    });
  });
});
