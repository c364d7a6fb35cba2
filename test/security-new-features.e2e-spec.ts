import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { connectSocket, nextEvent, noEvent } from './messaging-fixtures.js';

/**
 * An attacker's look at the features that landed together (plan, analysis, consultations, peer
 * groups, directory, children, privacy): ids of another case or person under a path that mixes
 * them, identities leaking to group members and experts, mass assignment, and CSRF on the new
 * cookie-authenticated state changes. Every probe asserts the safe answer.
 */
describe('security of the new features (e2e)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let counsellor: TestUser;
  let otherCounsellor: TestUser;
  let parentA: TestUser;
  let parentB: TestUser;
  let expert: TestUser;
  let caseA: string;
  let caseB: string;
  let foreignCase: string;

  const http = () => t.http();
  const cookie = (user: TestUser) => ({ Cookie: `ev_session=${user.token}` });

  beforeAll(async () => {
    t = await createTestApp({ MESSAGE_SEND_MAX_PER_MINUTE: '1000' });
    const team = await t.factories.organisation('support_team', 'Team Aanval');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    otherCounsellor = await t.factories.user('counsellor');
    parentA = await t.factories.user('parent', { displayName: 'Annemiek Geheim', email: 'annemiek.geheim@example.test' });
    parentB = await t.factories.user('parent', { displayName: 'Bram Verborgen', email: 'bram.verborgen@example.test' });
    expert = await t.factories.user('expert');
    caseA = (await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Familie Geheim', reference: 'REF-GEHEIM-1' })).id;
    caseB = (await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Familie Verborgen' })).id;
    foreignCase = (await t.factories.case({ teamId: otherCounsellor.organisationId!, createdById: otherCounsellor.id, leadId: otherCounsellor.id })).id;
    for (const c of [caseA, caseB]) await t.factories.participant(c, counsellor.id, 'counsellor');
    await t.factories.participant(caseA, parentA.id, 'parent');
    await t.factories.participant(caseB, parentB.id, 'parent');
    await t.factories.participant(foreignCase, otherCounsellor.id, 'counsellor');
  }, 60_000);
  afterAll(() => t.close());

  describe('peer groups: a moderator never learns a member\'s real name', () => {
    let groupId: string;
    let moderator: TestUser;
    let handleA: string;

    beforeAll(async () => {
      groupId = (await http().post('/api/groups').set(bearer(coordinator))
        .send({ name: 'Groep Aanval', theme: 'Thema', description: 'Samen.', rules: 'Noem geen namen.' }).expect(201)).body.id;
      moderator = await t.factories.user('parent', { displayName: 'Mo Moderator' });
      await http().post(`/api/groups/${groupId}/members`).set(bearer(coordinator)).send({ userId: moderator.id, pseudonym: 'Leider', role: 'moderator' }).expect(201);
      handleA = (await http().post(`/api/groups/${groupId}/join-requests`).set(bearer(parentA)).send({ pseudonym: 'Zonnebloem' }).expect(201)).body.handle;
    });

    it('answers a moderator\'s guess of the real name or e-mail exactly like any other renaming (403), so it is no oracle', async () => {
      const answers = [];
      for (const pseudonym of ['Annemiek Geheim', 'annemiek.geheim', 'Iemand Anders']) {
        const res = await http().post(`/api/groups/${groupId}/members`).set(bearer(moderator)).send({ userId: handleA, pseudonym, role: 'member' }).expect(403);
        answers.push({ code: res.body.code, field: res.body.field });
      }
      expect(answers).toEqual(Array(3).fill({ code: 'pseudonym_by_member', field: 'pseudonym' }));
      // Nothing changed: still a request under the pseudonym the parent chose.
      const [row] = await t.dataSource.query(`SELECT pseudonym, status FROM peer_group_member WHERE id = $1`, [handleA]);
      expect(row).toEqual({ pseudonym: 'Zonnebloem', status: 'requested' });
      // Accepting under the member's own pseudonym works, and a guess on an active member is refused the same way.
      await http().post(`/api/groups/${groupId}/members`).set(bearer(moderator)).send({ userId: handleA, pseudonym: 'zonnebloem ', role: 'member' }).expect(201);
      const active = await http().post(`/api/groups/${groupId}/members`).set(bearer(moderator)).send({ userId: handleA, pseudonym: 'Annemiek Geheim', role: 'member' }).expect(403);
      expect(active.body.code).toBe('pseudonym_by_member');
      // The team's coordinator, who knows who the member is, may still rename (and is told about a real name).
      const byCoordinator = await http().post(`/api/groups/${groupId}/members`).set(bearer(coordinator)).send({ userId: handleA, pseudonym: 'Annemiek Geheim', role: 'member' }).expect(400);
      expect(byCoordinator.body.code).toBe('pseudonym_is_real_name');
    });

    it('shows members and messages to a member by pseudonym and handle only', async () => {
      await http().post(`/api/groups/${groupId}/messages`).set(bearer(parentA)).send({ body: 'Hallo allemaal', clientMessageId: t.factories.randomId() }).expect(201);
      const seen = JSON.stringify([
        (await http().get(`/api/groups/${groupId}/members`).set(bearer(moderator)).expect(200)).body,
        (await http().get(`/api/groups/${groupId}/messages`).set(bearer(moderator)).expect(200)).body,
      ]);
      for (const secret of [parentA.id, parentA.email, parentA.displayName, 'annemiek']) expect(seen.toLowerCase()).not.toContain(secret.toLowerCase());
    });

    it('refuses mass assignment and oversized bodies on group messages (400 naming the field)', async () => {
      const extra = await http().post(`/api/groups/${groupId}/messages`).set(bearer(parentA))
        .send({ body: 'x', clientMessageId: t.factories.randomId(), authorId: moderator.id }).expect(400);
      expect(extra.body.fields).toContain('authorId');
      const proto = await http().post(`/api/groups/${groupId}/messages`).set(bearer(parentA)).set('Content-Type', 'application/json')
        .send(`{"body":"x","clientMessageId":"${t.factories.randomId()}","__proto__":{"hidden":true}}`).expect(400);
      expect(JSON.stringify(proto.body)).toContain('__proto__');
      const huge = await http().post(`/api/groups/${groupId}/messages`).set(bearer(parentA)).send({ body: 'x'.repeat(100_000), clientMessageId: t.factories.randomId() }).expect(400);
      expect(huge.body.fields).toContain('body');
    });

    it('limits reports per member (429 after the fifth in an hour) and refuses oversized sends over the socket too', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        ids.push((await http().post(`/api/groups/${groupId}/messages`).set(bearer(moderator)).send({ body: `Bericht ${i}`, clientMessageId: t.factories.randomId() }).expect(201)).body.id);
      }
      for (const id of ids.slice(0, 5)) await http().post(`/api/groups/${groupId}/messages/${id}/reports`).set(bearer(parentA)).send({ reason: 'Niet aardig' }).expect(201);
      const limited = await http().post(`/api/groups/${groupId}/messages/${ids[5]}/reports`).set(bearer(parentA)).send({ reason: 'Niet aardig' }).expect(429);
      expect(limited.body.code).toBe('rate_limited');
      expect(await t.dataSource.query(`SELECT 1 FROM peer_group_report WHERE message_id = $1`, [ids[5]])).toHaveLength(0);
      const socket = await connectSocket(t.baseUrl, { token: parentA.token });
      try {
        const ack = await socket.timeout(3000).emitWithAck('group:send', { groupId, body: 'x'.repeat(100_000), clientMessageId: t.factories.randomId() }) as { ok: boolean; error?: { status: number; fields?: string[] } };
        expect(ack.ok).toBe(false);
        expect(ack.error).toMatchObject({ status: 400 });
        expect(ack.error?.fields).toContain('body');
      } finally {
        socket.close();
      }
    });
  });

  describe('the plan: an id of one case under another case\'s path', () => {
    it('answers 404 for a goal or action of case A under case B, and changes nothing', async () => {
      const goal = (await http().post(`/api/cases/${caseA}/plan/goals`).set(bearer(counsellor)).send({ title: 'Doel A', owner: 'team' }).expect(201)).body;
      const action = (await http().post(`/api/cases/${caseA}/plan/goals/${goal.id}/actions`).set(bearer(counsellor)).send({ title: 'Actie A' }).expect(201)).body;
      const goalB = (await http().post(`/api/cases/${caseB}/plan/goals`).set(bearer(counsellor)).send({ title: 'Doel B', owner: 'team' }).expect(201)).body;
      await http().patch(`/api/cases/${caseB}/plan/goals/${goal.id}`).set(bearer(counsellor)).send({ title: 'Gekaapt' }).expect(404);
      await http().post(`/api/cases/${caseB}/plan/goals/${goal.id}/actions`).set(bearer(counsellor)).send({ title: 'Gekaapt' }).expect(404);
      await http().patch(`/api/cases/${caseB}/plan/goals/${goalB.id}/actions/${action.id}`).set(bearer(counsellor)).send({ title: 'Gekaapt' }).expect(404);
      await http().patch(`/api/cases/${caseA}/plan/goals/${goalB.id}/actions/${action.id}`).set(bearer(counsellor)).send({ title: 'Gekaapt' }).expect(404);
      // A parent of case B reaches nothing of case A, not even through its own case's path.
      await http().patch(`/api/cases/${caseB}/plan/goals/${goal.id}/actions/${action.id}`).set(bearer(parentB)).send({ status: 'done' }).expect(404);
      await http().get(`/api/cases/${caseA}/plan.pdf`).set(bearer(parentB)).expect(404);
      // An owner of another case is not an owner here.
      const owner = await http().post(`/api/cases/${caseA}/plan/goals`).set(bearer(counsellor)).send({ title: 'X', owner: 'parent', ownerUserId: parentB.id }).expect(400);
      expect(owner.body).toMatchObject({ code: 'not_in_case', field: 'ownerUserId' });
      // A result towards a goal of another case.
      const result = await http().post(`/api/cases/${caseB}/results`).set(bearer(counsellor)).send({ kind: 'other', date: '2026-01-01', goalId: goal.id });
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
      const [a] = await t.dataSource.query(`SELECT title FROM plan_action WHERE id = $1`, [action.id]);
      expect(a.title).toBe('Actie A');
      const [g] = await t.dataSource.query(`SELECT title, case_id FROM plan_goal WHERE id = $1`, [goal.id]);
      expect(g).toEqual({ title: 'Doel A', case_id: caseA });
      expect(await t.dataSource.query(`SELECT 1 FROM case_result WHERE goal_id = $1`, [goal.id])).toHaveLength(0);
    });

    it('refuses mass assignment on a goal (unknown fields, __proto__)', async () => {
      const res = await http().post(`/api/cases/${caseA}/plan/goals`).set(bearer(counsellor)).set('Content-Type', 'application/json')
        .send(`{"title":"x","owner":"team","caseId":"${caseB}","__proto__":{"status":"achieved"}}`).expect(400);
      expect(res.body.fields).toContain('__proto__');
      const unknown = await http().post(`/api/cases/${caseA}/plan/goals`).set(bearer(counsellor)).send({ title: 'x', owner: 'team', caseId: caseB, createdBy: parentA.id }).expect(400);
      expect(unknown.body.fields).toEqual(expect.arrayContaining(['caseId', 'createdBy']));
      expect(await t.dataSource.query(`SELECT 1 FROM plan_goal WHERE case_id = $1 AND title = 'x'`, [caseB])).toHaveLength(0);
    });
  });

  describe('a partner without consent', () => {
    it('reads neither plan nor analysis by route, PDF or socket event, and no refusal carries their text', async () => {
      const partner = await t.factories.user('partner');
      await t.factories.participant(caseB, partner.id, 'guardian');
      await t.factories.consent(caseB, { grantedById: parentB.id, scopes: ['story'], granteeUserId: partner.id });
      await http().post(`/api/cases/${caseB}/plan/goals`).set(bearer(counsellor)).send({ title: 'Geheim doel van B', owner: 'team' }).expect(201);
      await http().put(`/api/cases/${caseB}/analysis`).set(bearer(counsellor)).send({ sections: [{ key: 'risks', text: 'Geheime zorg van B' }] }).expect(200);
      const refusals = [];
      for (const path of ['plan', 'plan.pdf', 'analysis', 'analysis/versions']) {
        const res = await http().get(`/api/cases/${caseB}/${path}`).set(bearer(partner));
        expect([403, 404]).toContain(res.status);
        refusals.push(res.text);
      }
      expect(refusals.join(' ')).not.toMatch(/Geheim/);
      const socket = await connectSocket(t.baseUrl, { token: partner.token });
      const parentSocket = await connectSocket(t.baseUrl, { token: parentB.token });
      try {
        const silent = noEvent(socket, 'plan:update', 1500);
        const silentAnalysis = noEvent(socket, 'analysis:update', 1500);
        const heard = nextEvent(parentSocket, 'plan:update');
        await http().post(`/api/cases/${caseB}/plan/goals`).set(bearer(counsellor)).send({ title: 'Nog een doel', owner: 'team' }).expect(201);
        await http().put(`/api/cases/${caseB}/analysis`).set(bearer(counsellor)).send({ sections: [{ key: 'risks', text: 'Nog een zorg' }] }).expect(200);
        expect(await heard).toEqual({ caseId: caseB });
        expect(await silent).toBe(true);
        expect(await silentAnalysis).toBe(true);
      } finally {
        socket.close();
        parentSocket.close();
      }
    });
  });

  describe('consultations and the analysis seen from the expert', () => {
    let consultationId: string;

    beforeAll(async () => {
      consultationId = (await http().post(`/api/cases/${caseA}/consultations`).set(bearer(counsellor))
        .send({ expertId: expert.id, question: 'Hoe kijkt u naar de zorgen?', basis: 'professional_need' }).expect(201)).body.id;
      await http().put(`/api/cases/${caseA}/analysis`).set(bearer(counsellor)).send({ sections: [{ key: 'risks', text: 'Zorgen.' }] }).expect(200);
    });

    it('refuses oversized analysis sections (400 naming the field)', async () => {
      const res = await http().put(`/api/cases/${caseA}/analysis`).set(bearer(counsellor)).send({ sections: [{ key: 'risks', text: 'x'.repeat(20_001) }] }).expect(400);
      expect(JSON.stringify(res.body)).toContain('text');
    });

    it('gives the expert no case id, title, reference or parent\'s name in any answer, list, cursor or error', async () => {
      const bodies = [
        (await http().get('/api/consultations?limit=1').set(bearer(expert)).expect(200)).body,
        (await http().get(`/api/consultations/${consultationId}`).set(bearer(expert)).expect(200)).body,
        (await http().post(`/api/consultations/${consultationId}/messages`).set(bearer(expert)).send({ body: 'Mijn antwoord.' }).expect(201)).body,
        (await http().post(`/api/consultations/${consultationId}/analysis-additions`).set(bearer(expert)).send({ sectionKey: 'risks', text: 'Mijn kijk.' }).expect(201)).body,
        (await http().post(`/api/consultations/${consultationId}/analysis-additions`).set(bearer(expert)).send({ sectionKey: 'weather', text: 'x' }).expect(400)).body,
      ];
      const seen = JSON.stringify(bodies);
      for (const secret of [caseA, 'Familie Geheim', 'REF-GEHEIM-1', parentA.displayName, counsellor.displayName]) expect(seen).not.toContain(secret);
      await http().get(`/api/cases/${caseA}`).set(bearer(expert)).expect(404);
    });

    it('hides a consultation from another counsellor and another expert (404), and from a parent', async () => {
      const other = await t.factories.user('expert');
      await http().get(`/api/consultations/${consultationId}`).set(bearer(otherCounsellor)).expect(404);
      await http().get(`/api/consultations/${consultationId}`).set(bearer(other)).expect(404);
      await http().post(`/api/consultations/${consultationId}/messages`).set(bearer(other)).send({ body: 'Hallo' }).expect(404);
      await http().post(`/api/consultations/${consultationId}/analysis-additions`).set(bearer(other)).send({ sectionKey: 'risks', text: 'x' }).expect(404);
      const parent = await http().get(`/api/consultations/${consultationId}`).set(bearer(parentA));
      expect([403, 404]).toContain(parent.status);
      // A counsellor of another team cannot consult about a case not theirs.
      await http().post(`/api/cases/${caseA}/consultations`).set(bearer(otherCounsellor)).send({ expertId: expert.id, question: 'Vraag', basis: 'professional_need' }).expect(404);
    });
  });

  describe('children\'s voice', () => {
    it('answers 404 for a child of case A under case B\'s path', async () => {
      const childA = (await http().post(`/api/cases/${caseA}/children`).set(bearer(counsellor))
        .send({ firstName: 'Kim', birthYear: 2014, placement: 'residential', protectionMeasure: 'guardianship' }).expect(201)).body.id;
      await http().get(`/api/cases/${caseB}/children/${childA}/voice`).set(bearer(counsellor)).expect(404);
      await http().get(`/api/cases/${caseB}/children/${childA}/voice`).set(bearer(parentB)).expect(404);
      // Only a child writes a voice; a child of case B writing the record of case A's child through B's path gets 404.
      await http().put(`/api/cases/${caseB}/children/${childA}/voice`).set(bearer(parentB)).send({ text: 'x', visibleTo: [] }).expect(403);
      const kid = await t.factories.user('child');
      await t.factories.participant(caseB, kid.id, 'child');
      const childB = (await http().post(`/api/cases/${caseB}/children`).set(bearer(counsellor))
        .send({ firstName: 'Bo', birthYear: 2013, placement: 'residential', protectionMeasure: 'guardianship' }).expect(201)).body.id;
      await http().patch(`/api/cases/${caseB}/children/${childB}`).set(bearer(counsellor)).send({ userId: kid.id }).expect(200);
      await http().put(`/api/cases/${caseB}/children/${childB}/voice`).set(bearer(kid)).send({ text: 'Mijn stem', visibleTo: [] }).expect(200);
      await http().put(`/api/cases/${caseB}/children/${childA}/voice`).set(bearer(kid)).send({ text: 'x', visibleTo: ['parents'] }).expect(404);
      await http().put(`/api/cases/${caseA}/children/${childA}/voice`).set(bearer(kid)).send({ text: 'x', visibleTo: ['parents'] }).expect(404);
      // The child reaches neither the story, the consents nor the access log of their case.
      for (const path of ['story', 'consents', 'access-log']) {
        const res = await http().get(`/api/cases/${caseB}/${path}`).set(bearer(kid));
        expect([403, 404]).toContain(res.status);
      }
      expect(await t.dataSource.query(`SELECT 1 FROM child_voice WHERE child_id = $1`, [childA])).toHaveLength(0);
      const long = await http().put(`/api/cases/${caseB}/children/${childB}/voice`).set(bearer(kid)).send({ text: 'x'.repeat(5001), visibleTo: [] }).expect(400);
      expect(long.body.fields).toContain('text');
    });
  });

  describe('privacy: exports and erasure requests', () => {
    it('answers 404 for someone else\'s export and refuses path tricks', async () => {
      const mine = (await http().post('/api/me/exports').set(bearer(parentA)).send({}).expect(202)).body.id;
      await http().get(`/api/me/exports/${mine}`).set(bearer(parentB)).expect(404);
      await http().get(`/api/me/exports/${mine}/download`).set(bearer(parentB)).expect(404);
      for (const trick of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', `${mine}%00`]) {
        const res = await http().get(`/api/me/exports/${trick}/download`).set(bearer(parentA));
        expect([400, 404]).toContain(res.status);
      }
      await http().get(`/api/me/exports/${mine}/download`).set(bearer(parentA)).expect((res) => expect([200, 409]).toContain(res.status));
      // Once expired: 410, for the owner only; anyone else still 404.
      await t.dataSource.query(`UPDATE privacy_export SET status = 'ready', progress = 100, expires_at = now() - interval '1 minute', byte_size = 1 WHERE id = $1`, [mine]);
      expect((await http().get(`/api/me/exports/${mine}/download`).set(bearer(parentA)).expect(410)).body.code).toBe('export_expired');
      await http().get(`/api/me/exports/${mine}/download`).set(bearer(parentB)).expect(404);
    });

    it('refuses an eleventh export in 24 hours (429 with Retry-After), so a loop of requests cannot fill the disk', async () => {
      const looper = await t.factories.user('parent');
      // Ten earlier copies today (finished), one of yesterday that no longer counts.
      await t.dataSource.query(
        `INSERT INTO privacy_export (user_id, status, progress, requested_at, finished_at, expires_at)
         SELECT $1, 'failed', 100, now() - make_interval(mins => g), now(), NULL FROM generate_series(1, 10) g`, [looper.id]);
      const limited = await http().post('/api/me/exports').set(bearer(looper)).send({}).expect(429);
      expect(limited.body.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(23 * 3600);
      expect(await t.dataSource.query(`SELECT 1 FROM privacy_export WHERE user_id = $1`, [looper.id])).toHaveLength(10);
      await t.dataSource.query(`UPDATE privacy_export SET requested_at = now() - interval '25 hours' WHERE user_id = $1 AND id = (SELECT id FROM privacy_export WHERE user_id = $1 LIMIT 1)`, [looper.id]);
      await http().post('/api/me/exports').set(bearer(looper)).send({}).expect(202);
    });

    it('does not let a coordinator of another team decide a parent\'s erasure request', async () => {
      const request = (await http().post('/api/me/erasure-requests').set(bearer(parentA)).send({ note: 'Graag wissen' }).expect(201)).body;
      const foreign = await t.factories.user('coordinator');
      await http().post(`/api/erasure-requests/${request.id}/decision`).set(bearer(foreign)).send({ outcome: 'granted', reason: 'x' })
        .expect((res) => expect([400, 404]).toContain(res.status));
      const [row] = await t.dataSource.query(`SELECT status FROM privacy_erasure_request WHERE id = $1`, [request.id]);
      expect(row.status).toBe('open');
    });
  });

  describe('the help directory', () => {
    it('survives hostile search input, refuses an oversized HSDS import, and keeps suggestions within their case', async () => {
      const created = (await http().post('/api/directory/services').set(bearer(coordinator)).send({
        name: 'Hulp Aanval', description: 'Hulp bij geld.', themes: ['debts_and_money'], regionCodes: [], eligibility: 'Ouders.', referralNeeded: false,
        howToApply: 'Bel ons.', organization: { name: 'Org Aanval', url: 'https://org.example.test/', email: 'info@org.example.test', phone: '053 123 4567' },
        locations: [],
      }).expect(201)).body;
      for (const q of ["')(&|!:*", '\\', "a' OR 1=1 --", '<script>', '%00']) {
        const res = await http().get('/api/directory/services').query({ q });
        expect([200, 400]).toContain(res.status);
      }
      await http().get('/api/directory/services').query({ after: 'not-a-uuid' }).expect(400);
      const huge = { organizations: [], services: [], locations: [], service_at_locations: [], padding: 'x'.repeat(300_000) };
      expect((await http().post('/api/directory/hsds').set(bearer(coordinator)).send(huge)).status).toBe(413);
      await http().post('/api/directory/hsds').send({ organizations: [], services: [], locations: [], service_at_locations: [] }).expect(401);
      // A counsellor suggests help only in their own cases; the parent of another case never sees it.
      await http().post(`/api/cases/${foreignCase}/service-suggestions`).set(bearer(counsellor)).send({ serviceId: created.id }).expect(404);
      await http().post(`/api/cases/${caseA}/service-suggestions`).set(bearer(counsellor)).send({ serviceId: created.id, note: 'Voor Annemiek' }).expect(201);
      await http().get(`/api/cases/${caseA}/service-suggestions`).set(bearer(parentB)).expect(404);
      const mine = await http().get('/api/me/service-suggestions').set(bearer(parentB)).expect(200);
      expect(JSON.stringify(mine.body)).not.toContain('Voor Annemiek');
    });
  });

  describe('CSRF on cookie-authenticated state changes of the new routes', () => {
    it('refuses text/plain or cross-site requests by cookie (403 csrf) and changes nothing', async () => {
      const attempts = [
        () => http().post('/api/me/exports').set(cookie(parentB)),
        () => http().post('/api/me/erasure-requests').set(cookie(parentB)),
        () => http().post(`/api/cases/${caseB}/plan/goals`).set(cookie(parentB)),
        () => http().put(`/api/cases/${caseB}/analysis`).set(cookie(counsellor)),
        () => http().post(`/api/cases/${caseB}/consultations`).set(cookie(counsellor)),
        () => http().post(`/api/groups/${t.factories.randomId()}/join-requests`).set(cookie(parentB)),
        () => http().put(`/api/cases/${caseB}/children/${t.factories.randomId()}/voice`).set(cookie(parentB)),
        () => http().delete('/api/directory/services/' + t.factories.randomId()).set(cookie(coordinator)),
      ];
      for (const attempt of attempts) {
        expect((await attempt().set('Content-Type', 'text/plain').send('{}').expect(403)).body.code).toBe('csrf');
        expect((await attempt().set('Origin', 'https://evil.example').set('Content-Type', 'application/json').send('{}').expect(403)).body.code).toBe('csrf');
      }
      expect(await t.dataSource.query(`SELECT 1 FROM privacy_export WHERE user_id = $1`, [parentB.id])).toHaveLength(0);
      expect(await t.dataSource.query(`SELECT 1 FROM privacy_erasure_request WHERE user_id = $1`, [parentB.id])).toHaveLength(0);
    });
  });
});
