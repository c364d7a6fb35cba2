import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';
import { connectSocket, nextEvent, noEvent } from './messaging-fixtures.js';

const GOOD_PASSWORD = 'paars-fiets-onder-de-brug-7';

/**
 * Children's own place (issue 20): linking a child record to the child's account, the child's
 * voice and who reads it, what a child never sees, and the public checklist.
 */
describe("children's own place (e2e)", () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  let childId: string;
  let siblingId: string;
  let board: TestUser;
  let sibling: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    const boardOrg = await t.factories.organisation('child_protection_board', 'Raad Test');
    board = await t.factories.user('partner', { organisationId: boardOrg.id, displayName: 'Rianne Raad' });
    sibling = await t.factories.user('child', { displayName: 'Sam Kind' });
    caseId = await createCase(t, w.counsellor, 'Familie Stem', [
      [w.parent, 'parent'], [w.partner, 'guardian'], [board, 'board'], [w.foster, 'foster_parent'], [w.child, 'child'], [sibling, 'child'], [w.expert, 'expert'],
    ]);
    const add = (firstName: string, birthYear: number) => t.http().post(`/api/cases/${caseId}/children`).set(bearer(w.counsellor))
      .send({ firstName, birthYear, placement: 'foster_family', protectionMeasure: 'supervision_order' }).expect(201);
    childId = (await add('Kiki', 2013)).body.id;
    siblingId = (await add('Sam', 2015)).body.id;
    // Every partner, including the guardian and the Board, gets the parents' FULL consent: it must not open a child's voice.
    for (const grantee of [w.partner, board, w.foster, w.expert]) {
      await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: grantee.id, scopes: ['story', 'updates', 'children', 'plan', 'analysis'] }).expect(201);
    }
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.parent)).send({ sections: [{ key: 'verhaal', title: 'Verhaal', text: 'Het verhaal van de ouders.' }] }).expect(200);
  });
  afterAll(() => t.close());

  const link = (by: TestUser, child: string, userId: string | null) => t.http().patch(`/api/cases/${caseId}/children/${child}`).set(bearer(by)).send({ userId });
  const voice = (by: TestUser, child = childId) => t.http().get(`/api/cases/${caseId}/children/${child}/voice`).set(bearer(by));
  const putVoice = (by: TestUser, body: object, child = childId) => t.http().put(`/api/cases/${caseId}/children/${child}/voice`).set(bearer(by)).send(body);

  describe('linking a child record to the child’s account', () => {
    it('is for the case’s team, with an account of a child taking part as child', async () => {
      expect((await link(w.counsellor, childId, w.parent.id).expect(400)).body).toMatchObject({ code: 'not_a_child_of_case', field: 'userId' });
      const outsiderChild = await t.factories.user('child');
      expect((await link(w.counsellor, childId, outsiderChild.id).expect(400)).body.field).toBe('userId');
      await link(w.parent, childId, w.child.id).expect(403);
      await link(w.child, childId, w.child.id).expect(403);
      await link(w.partner, childId, w.child.id).expect(403);
      await link(w.counsellor, t.factories.randomId(), w.child.id).expect(404);
      const linked = await link(w.counsellor, childId, w.child.id).expect(200);
      expect(linked.body).toMatchObject({ id: childId, userId: w.child.id, firstName: 'Kiki', placement: 'foster_family' });
      // One account per record and one record per account in a case.
      expect((await link(w.counsellor, siblingId, w.child.id).expect(409)).body.code).toBe('child_account_linked_elsewhere');
      await link(w.coordinator, siblingId, sibling.id).expect(200);
      const [event] = await t.dataSource.query(`SELECT action, details FROM audit_event WHERE action = 'case.child.account_linked' AND subject_id = $1`, [childId]);
      expect(event.details).toEqual({ by: 'team' });
    });

    it('unlinks with null, and the link survives other changes of the record', async () => {
      await link(w.counsellor, siblingId, null).expect(200);
      expect((await t.http().get(`/api/cases/${caseId}/children/${siblingId}`).set(bearer(w.counsellor)).expect(200)).body.userId).toBeNull();
      await link(w.counsellor, siblingId, sibling.id).expect(200);
      const changed = await t.http().patch(`/api/cases/${caseId}/children/${siblingId}`).set(bearer(w.parent)).send({ placement: 'home' }).expect(200);
      expect(changed.body).toMatchObject({ placement: 'home', userId: sibling.id });
    });

    it('links by an invitation with caseRole child and childId, on acceptance', async () => {
      const other = await createCase(t, w.counsellor, 'Familie Uitnodiging', [[w.parent, 'parent']]);
      const record = (await t.http().post(`/api/cases/${other}/children`).set(bearer(w.counsellor)).send({ firstName: 'Lot', birthYear: 2012, placement: 'residential', protectionMeasure: 'guardianship' }).expect(201)).body.id;
      const invite = (body: object) => t.http().post('/api/invitations').set(bearer(w.counsellor)).send({ displayName: 'Lot', role: 'child', caseId: other, ...body });
      expect((await invite({ email: 'lot-a@example.test', caseRole: 'parent', childId: record }).expect(400)).body.field).toBeDefined();
      expect((await invite({ email: 'lot-b@example.test', childId: siblingId }).expect(400)).body).toMatchObject({ code: 'unknown_child', field: 'childId' });
      expect((await t.http().post('/api/invitations').set(bearer(w.counsellor)).send({ email: 'lot-c@example.test', displayName: 'Lot', role: 'parent', caseId: other, childId: record }).expect(400)).body.field).toBe('childId');
      const sent = await invite({ email: 'lot@example.test', caseRole: 'child', childId: record }).expect(201);
      expect(sent.body).toMatchObject({ caseId: other, caseRole: 'child' });
      expect((await t.dataSource.query(`SELECT child_id FROM invitation WHERE id = $1`, [sent.body.id]))[0].child_id).toBe(record);
      const token = await t.mail.invitationToken('lot@example.test');
      const account = await t.http().post(`/api/invitations/${token}/accept`).send({ password: GOOD_PASSWORD }).expect(201);
      const child = await t.http().get(`/api/cases/${other}/children/${record}`).set(bearer(w.counsellor)).expect(200);
      expect(child.body.userId).toBe(account.body.id);
      // A second invitation for a linked record is refused.
      expect((await invite({ email: 'lot2@example.test', childId: record }).expect(409)).body.code).toBe('child_already_linked');
    });
  });

  describe('the child’s voice', () => {
    it('starts empty for the child and does not exist for anyone else', async () => {
      expect((await voice(w.child).expect(200)).body).toEqual({ childId, caseId, text: '', visibleTo: ['counsellor'], updatedAt: null });
      await voice(w.counsellor).expect(404);
      await voice(w.parent).expect(404);
    });

    it('is written only by the linked child; the counsellor is always a reader', async () => {
      const saved = await putVoice(w.child, { text: 'Ik wil vaker bij mama zijn.', visibleTo: [] }).expect(200);
      expect(saved.body).toMatchObject({ text: 'Ik wil vaker bij mama zijn.', visibleTo: ['counsellor'], updatedAt: expect.any(String) });
      await putVoice(sibling, { text: 'Niet van mij.', visibleTo: ['counsellor'] }).expect(403);
      await putVoice(w.child, { text: 'Niet van mij.', visibleTo: ['counsellor'] }, siblingId).expect(403);
      // Route-level: only child accounts write a voice at all.
      for (const other of [w.counsellor, w.parent, w.partner, w.coordinator]) await putVoice(other, { text: 'x', visibleTo: ['counsellor'] }).expect(403);
      expect((await voice(w.child).expect(200)).body.text).toBe('Ik wil vaker bij mama zijn.');
    });

    it('reaches only the readers the child chose: never a parent, guardian or partner with full consent who was not chosen', async () => {
      // The child chose only the counsellor.
      expect((await voice(w.counsellor).expect(200)).body.text).toBe('Ik wil vaker bij mama zijn.');
      expect((await voice(w.coordinator).expect(200)).body.visibleTo).toEqual(['counsellor']);
      for (const reader of [w.parent, w.partner, board, sibling]) {
        const refused = await voice(reader).expect(404);
        expect(JSON.stringify(refused.body)).not.toContain('mama');
      }
      // Foster parents and experts cannot ask at all (route level), whatever the parents consented.
      for (const reader of [w.foster, w.expert, w.admin]) {
        const refused = await voice(reader);
        expect([403, 404]).toContain(refused.status);
        expect(JSON.stringify(refused.body)).not.toContain('mama');
      }

      // The child lets the parents read it: the parent now reads it, the guardian still does not.
      await putVoice(w.child, { text: 'Ik wil vaker bij mama zijn.', visibleTo: ['counsellor', 'parents'] }).expect(200);
      expect((await voice(w.parent).expect(200)).body.text).toBe('Ik wil vaker bij mama zijn.');
      await voice(w.partner).expect(404);
      await voice(board).expect(404);

      // The guardian instead of the parents: the guardian reads it, the parents no longer do; the Board never.
      await putVoice(w.child, { text: 'Ik wil vaker bij mama zijn.', visibleTo: ['guardian'] }).expect(200);
      expect((await voice(w.partner).expect(200)).body.visibleTo).toEqual(['counsellor', 'guardian']);
      await voice(w.parent).expect(404);
      await voice(board).expect(404);
      await voice(w.foster).expect(403);
    });

    it('is refused to outsiders as an unknown case, and bad input names the field', async () => {
      const outsider = await t.factories.user('counsellor', { organisationId: w.teamId });
      await voice(outsider).expect(404);
      await voice(w.counsellor, t.factories.randomId()).expect(404);
      expect((await putVoice(w.child, { text: 'x', visibleTo: ['everyone'] }).expect(400)).body.message.join(' ')).toContain('visibleTo');
      expect((await putVoice(w.child, { text: 'x'.repeat(5001), visibleTo: [] }).expect(400)).body.message.join(' ')).toContain('text');
      expect((await putVoice(w.child, { text: 'x', visibleTo: [], extra: 1 }).expect(400)).body.message.join(' ')).toContain('extra');
      expect((await putVoice(w.child, { visibleTo: [] }).expect(400)).body.message.join(' ')).toContain('text');
    });

    it('tells the readers before and after a change live, by ids only, and nobody the child did not choose', async () => {
      const [parentSocket, guardianSocket, counsellorSocket, boardSocket] = await Promise.all(
        [w.parent, w.partner, w.counsellor, board].map((u) => connectSocket(t.baseUrl, { token: u.token })),
      );
      try {
        // Now the guardian reads it (chosen before); the child switches to the parents.
        const toParent = nextEvent<{ caseId: string; childId: string }>(parentSocket, 'child:voice');
        const toGuardian = nextEvent<{ caseId: string; childId: string }>(guardianSocket, 'child:voice');
        const toCounsellor = nextEvent(counsellorSocket, 'child:voice');
        const boardSilent = noEvent(boardSocket, 'child:voice', 1500);
        await putVoice(w.child, { text: 'Ik wil vaker bij mama zijn.', visibleTo: ['parents'] }).expect(200);
        expect(await toParent).toEqual({ caseId, childId });
        expect(await toGuardian).toEqual({ caseId, childId }); // to drop it from an open screen
        await toCounsellor;
        expect(await boardSilent).toBe(true);
        // Next change: the guardian was not a reader before and is not now, so hears nothing.
        const guardianSilent = noEvent(guardianSocket, 'child:voice', 1500);
        const again = nextEvent(parentSocket, 'child:voice');
        await putVoice(w.child, { text: 'Ik wil vaker bij mama zijn.', visibleTo: ['parents'] }).expect(200);
        await again;
        expect(await guardianSilent).toBe(true);
      } finally {
        for (const socket of [parentSocket, guardianSocket, counsellorSocket, boardSocket]) socket.close();
      }
    });

    it('is audited without the text, and stays out of the parents’ access log', async () => {
      const events: { action: string; case_id: string | null; details: Record<string, unknown> }[] = await t.dataSource.query(
        `SELECT action, case_id, details FROM audit_event WHERE action LIKE 'child_voice.%' AND subject_id = $1`, [childId],
      );
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['child_voice.saved', 'child_voice.read']));
      expect(events.every((e) => e.case_id === null && e.details.caseId === caseId)).toBe(true);
      expect(JSON.stringify(events)).not.toContain('mama');
      const log = await t.http().get(`/api/cases/${caseId}/access-log?limit=200`).set(bearer(w.parent)).expect(200);
      expect(log.body.items.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith('child_voice'))).toEqual([]);
      expect(JSON.stringify(log.body)).not.toMatch(/mama|stem van|voice/i);
    });

    it('shows the child their own records with their voice on their home', async () => {
      const mine = await t.http().get('/api/children/me').set(bearer(w.child)).expect(200);
      expect(mine.body.items).toEqual([expect.objectContaining({ childId, caseId, firstName: 'Kiki', voice: expect.objectContaining({ text: 'Ik wil vaker bij mama zijn.' }) })]);
      expect(mine.body.items[0].caseReference).toMatch(/^EV-/);
      await t.http().get('/api/children/me').set(bearer(w.parent)).expect(403);
    });
  });

  describe('what a child never sees', () => {
    it('the parents’ story, the access log, the consents and the case’s sensitive fields — even with a consent given to the child', async () => {
      await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.child.id, scopes: ['story', 'updates', 'children'] }).expect(201);
      const get = (path: string) => t.http().get(`/api/cases/${caseId}${path}`).set(bearer(w.child));
      const story = await get('/story').expect(403);
      expect(JSON.stringify(story.body)).not.toContain('verhaal van de ouders');
      await get('/story/versions').expect(403);
      await get('/access-log').expect(403);
      await get('/consents').expect(403);
      await get('/results').expect(403);
      await get('/status-history').expect(403);
      const file = await get('').expect(200);
      expect(file.body.placementReasons).toBeUndefined();
      expect(file.body.access).toMatchObject({ story: false });
      // What a child may reach: the case itself, who takes part, their own threads, updates the parents let them read.
      await get('/participants').expect(200);
      await get('/threads').expect(200);
      await get('/updates').expect(200);
    });

    it('reaches today exactly these case routes (every GET under /api/cases/{id})', async () => {
      const status = async (path: string) => (await t.http().get(`/api/cases/${caseId}${path}`).set(bearer(w.child))).status;
      const reached: Record<string, number> = {};
      for (const path of ['', '/participants', '/threads', '/updates', '/children', `/children/${childId}`, `/children/${childId}/voice`,
        '/story', '/story/versions', '/consents', '/access-log', '/results', '/status-history', '/handover-requests']) {
        reached[path || '/'] = await status(path);
      }
      expect(reached).toEqual({
        '/': 200, '/participants': 200, '/threads': 200, '/updates': 200, '/children': 200, [`/children/${childId}`]: 200, [`/children/${childId}/voice`]: 200,
        '/story': 403, '/story/versions': 403, '/consents': 403, '/access-log': 403, '/results': 403, '/status-history': 403, '/handover-requests': 403,
      });
    });

    it('sees the threads they are in, and only those', async () => {
      const theirs = await createThread(t, w.counsellor, caseId, 'Kiki en Bram', [w.counsellor, w.child]);
      await createThread(t, w.counsellor, caseId, 'Alleen volwassenen', [w.counsellor, w.parent]);
      const threads = await t.http().get(`/api/cases/${caseId}/threads`).set(bearer(w.child)).expect(200);
      const items = Array.isArray(threads.body) ? threads.body : threads.body.items;
      expect(items.map((th: { id: string }) => th.id)).toEqual([theirs]);
    });
  });

  describe('the checklist for children (public)', () => {
    it('answers in Dutch by default and in English on request; an unknown language is 400', async () => {
      const nl = await t.http().get('/api/children/checklist').expect(200);
      expect(nl.body).toMatchObject({ language: 'nl', sections: [{ key: 'now' }, { key: 'talk' }, { key: 'rights' }] });
      expect(nl.body.helplines.map((h: { key: string }) => h.key)).toContain('kindertelefoon');
      const en = await t.http().get('/api/children/checklist?lang=en').expect(200);
      expect(en.body.title).toMatch(/^What happens now/);
      expect((await t.http().get('/api/children/checklist?lang=de').expect(400)).body.message.join(' ')).toContain('lang');
    });
  });
});
