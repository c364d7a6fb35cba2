import type { Socket } from 'socket.io-client';
import { ConsultationsService } from '../src/consultations/consultations.service.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { clientId, connectSocket, nextEvent, noEvent } from './messaging-fixtures.js';

const GOOD_PASSWORD = 'paars-fiets-onder-de-brug-7';

/**
 * The expert pool, consulted without names (issue 19): inviting experts with a specialism, the
 * pool's list, asking a question about a case on a recorded basis, the conversation over HTTP and
 * the socket, and above all that nothing identifying the family ever reaches the expert.
 */
describe('expert pool and consultations (e2e)', () => {
  let t: TestApp;
  let pool: { id: string };
  let poolCoordinator: TestUser;
  let psychiatrist: TestUser;
  let lawyer: TestUser;
  let team: { id: string };
  let counsellor: TestUser;
  let colleague: TestUser;
  let teamCoordinator: TestUser;
  let parent: TestUser;
  let caseId: string;
  const sockets: Socket[] = [];

  const ask = (by: TestUser, id: string, body: object) => t.http().post(`/api/cases/${id}/consultations`).set(bearer(by)).send(body);
  const write = (by: TestUser, id: string, body: string) => t.http().post(`/api/consultations/${id}/messages`).set(bearer(by)).send({ body });
  const connect = async (user: TestUser) => {
    const socket = await connectSocket(t.baseUrl, { token: user.token });
    sockets.push(socket);
    return socket;
  };
  const expertNamed = async (specialism: string, organisationId = pool.id, displayName?: string) => {
    const user = await t.factories.user('expert', { organisationId, displayName });
    await t.dataSource.query(`UPDATE app_user SET specialism = $2 WHERE id = $1`, [user.id, specialism]);
    return user;
  };

  beforeAll(async () => {
    t = await createTestApp();
    pool = await t.factories.organisation('expert_pool', 'Expertpool Test', ['pool.example.test']);
    poolCoordinator = await t.factories.user('coordinator', { organisationId: pool.id });
    psychiatrist = await expertNamed('child_psychiatry', pool.id, 'Petra Psychiater');
    lawyer = await expertNamed('youth_protection_law', pool.id, 'Lars Jurist');
    team = await t.factories.organisation('support_team', 'Team Test', ['team.example.test']);
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Carla Begeleider' });
    colleague = await t.factories.user('counsellor', { organisationId: team.id });
    teamCoordinator = await t.factories.user('coordinator', { organisationId: team.id });
    parent = await t.factories.user('parent', { displayName: 'Priscilla Ouwehand' });
    caseId = (await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Familie Ouwehand' })).id;
    await t.factories.participant(caseId, counsellor.id, 'counsellor');
    await t.factories.participant(caseId, parent.id, 'parent');
    await t.http().patch(`/api/cases/${caseId}`).set(bearer(counsellor))
      .send({ regionCodes: ['ijsselland'], householdComposition: 'single_parent', placementReasons: ['financial'], desiredSituation: ['reverse_placement'] }).expect(200);
    await t.http().post(`/api/cases/${caseId}/children`).set(bearer(counsellor))
      .send({ firstName: 'Jozefien', birthYear: 2015, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSince: '2023-03-01' }).expect(201);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  describe('experts: invitations with a specialism, the pool list, changing a specialism', () => {
    const address = (local: string, domain = 'pool.example.test') => `${local}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@${domain}`;
    const invite = (by: TestUser, body: object) => t.http().post('/api/invitations').set(bearer(by)).send(body);

    it('lets the pool\'s own coordinator invite an expert with a specialism, which the account takes on acceptance', async () => {
      const email = address('deskundige');
      const res = await invite(poolCoordinator, { email, displayName: 'Nieuwe Deskundige', role: 'expert', specialism: 'custom_solutions' }).expect(201);
      expect(res.body).toMatchObject({ role: 'expert', organisationId: pool.id, specialism: 'custom_solutions', status: 'sent' });
      const token = await t.mail.invitationToken(email);
      const account = await t.http().post(`/api/invitations/${token}/accept`).send({ password: GOOD_PASSWORD }).expect(201);
      expect(account.body).toMatchObject({ role: 'expert', specialism: 'custom_solutions', organisation: { id: pool.id, kind: 'expert_pool' } });
      const [row] = await t.dataSource.query(`SELECT specialism FROM app_user WHERE id = $1`, [account.body.id]);
      expect(row.specialism).toBe('custom_solutions');
    });

    it('requires the specialism for an expert and refuses it for anyone else, naming the field; nothing is kept', async () => {
      const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM invitation`);
      const missing = await invite(poolCoordinator, { email: address('x'), displayName: 'X', role: 'expert' }).expect(400);
      expect(missing.body).toMatchObject({ code: 'specialism_required', field: 'specialism' });
      expect(missing.body.message).toMatch(/^specialism:/);
      const wrong = await invite(poolCoordinator, { email: address('x'), displayName: 'X', role: 'expert', specialism: 'astrology' }).expect(400);
      expect(wrong.body.fields).toEqual(['specialism']);
      const notExpert = await invite(teamCoordinator, { email: address('x', 'team.example.test'), displayName: 'X', role: 'counsellor', specialism: 'other' }).expect(400);
      expect(notExpert.body).toMatchObject({ code: 'specialism_not_allowed', field: 'specialism' });
      const [after] = await t.dataSource.query(`SELECT count(*)::int AS n FROM invitation`);
      expect(after.n).toBe(before.n);
    });

    it('lets an administrator invite an expert only at the pool\'s verified domains; counsellors and other coordinators may not', async () => {
      const admin = await t.factories.user('admin');
      await invite(admin, { email: address('beheer'), displayName: 'Via Beheer', role: 'expert', organisationId: pool.id, specialism: 'other' }).expect(201);
      const unverified = await invite(admin, { email: address('beheer', 'elders.example.test'), displayName: 'X', role: 'expert', organisationId: pool.id, specialism: 'other' }).expect(422);
      expect(unverified.body.code).toBe('email_domain_not_verified');
      for (const by of [counsellor, teamCoordinator]) {
        const res = await invite(by, { email: address('x'), displayName: 'X', role: 'expert', organisationId: pool.id, specialism: 'other' }).expect(403);
        expect(res.body.code).toBe('role_not_allowed');
      }
      const notAPool = await invite(teamCoordinator, { email: address('x', 'team.example.test'), displayName: 'X', role: 'expert', organisationId: team.id, specialism: 'other' }).expect(400);
      expect(notAPool.body.code).toBe('organisation_not_allowed');
    });

    it('lists the active experts with their specialism for counsellors and coordinators', async () => {
      const disabled = await expertNamed('other', pool.id, 'Uitgeschakelde Expert');
      await t.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabled.id]);
      const res = await t.http().get('/api/experts').set(bearer(counsellor)).expect(200);
      expect(res.body).toEqual(expect.arrayContaining([
        { id: psychiatrist.id, displayName: 'Petra Psychiater', specialism: 'child_psychiatry', organisationName: 'Expertpool Test' },
        { id: lawyer.id, displayName: 'Lars Jurist', specialism: 'youth_protection_law', organisationName: 'Expertpool Test' },
      ]));
      expect(res.body.map((e: { id: string }) => e.id)).not.toContain(disabled.id);
      expect(JSON.stringify(res.body)).not.toMatch(/@/);
      await t.http().get('/api/experts').set(bearer(teamCoordinator)).expect(200);
      await t.http().get('/api/experts').set(bearer(parent)).expect(403);
    });

    it('lets the pool\'s coordinator (and an administrator) change a specialism; another coordinator gets 404', async () => {
      const expert = await expertNamed('other');
      const changed = await t.http().patch(`/api/experts/${expert.id}`).set(bearer(poolCoordinator)).send({ specialism: 'behavioural_science' }).expect(200);
      expect(changed.body).toMatchObject({ id: expert.id, specialism: 'behavioural_science' });
      await t.http().patch(`/api/experts/${expert.id}`).set(bearer(teamCoordinator)).send({ specialism: 'other' }).expect(404);
      await t.http().patch(`/api/experts/${counsellor.id}`).set(bearer(poolCoordinator)).send({ specialism: 'other' }).expect(404);
      const bad = await t.http().patch(`/api/experts/${expert.id}`).set(bearer(poolCoordinator)).send({ specialism: 'astrology', extra: 1 }).expect(400);
      expect(bad.body.fields).toEqual(expect.arrayContaining(['specialism']));
      const [row] = await t.dataSource.query(`SELECT specialism FROM app_user WHERE id = $1`, [expert.id]);
      expect(row.specialism).toBe('behavioural_science');
      const [event] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'expert.specialism_changed' AND subject_id = $1`, [expert.id]);
      expect(event.details).toEqual({ from: 'other', to: 'behavioural_science' });
    });
  });

  describe('asking an expert', () => {
    it('records the question with a pseudonym and a summary of codes and years only', async () => {
      const res = await ask(counsellor, caseId, { expertId: psychiatrist.id, question: 'Hoe bereiden we een terugplaatsing voor?', basis: 'professional_need' }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(['id', 'pseudonym', 'status']);
      expect(res.body.status).toBe('requested');
      expect(res.body.pseudonym).toMatch(/^Gezin [A-Z]{2}-\d{3}$/);
      const seen = await t.http().get(`/api/consultations/${res.body.id}`).set(bearer(psychiatrist)).expect(200);
      expect(seen.body).toMatchObject({
        id: res.body.id, pseudonym: res.body.pseudonym, status: 'requested', basis: 'professional_need', specialism: 'child_psychiatry',
        question: 'Hoe bereiden we een terugplaatsing voor?', messages: [],
        summary: {
          regions: [{ code: 'ijsselland', name: 'IJsselland' }], householdComposition: 'single_parent', placementReasons: ['financial'],
          desiredSituation: ['reverse_placement'], children: [{ birthYear: 2015, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSinceYear: 2023 }],
        },
      });
      expect(seen.body.caseId).toBeUndefined();
      expect(seen.body.expert).toBeUndefined();
      const mine = await t.http().get(`/api/consultations/${res.body.id}`).set(bearer(counsellor)).expect(200);
      expect(mine.body).toMatchObject({ caseId, expert: { id: psychiatrist.id, displayName: 'Petra Psychiater', specialism: 'child_psychiatry' } });
    });

    it('answers 404 to a counsellor who does not take part in the case, 403 to the team\'s coordinator, 400 for an unknown expert', async () => {
      const body = { expertId: psychiatrist.id, question: 'Een vraag', basis: 'professional_need' };
      await ask(colleague, caseId, body).expect(404);
      await ask(teamCoordinator, caseId, body).expect(403);
      const notExpert = await ask(counsellor, caseId, { ...body, expertId: colleague.id }).expect(400);
      expect(notExpert.body).toMatchObject({ code: 'unknown_expert', field: 'expertId' });
      const bad = await ask(counsellor, caseId, { expertId: 'nope', question: '', basis: 'because', caseId }).expect(400);
      expect(bad.body.fields).toEqual(expect.arrayContaining(['expertId', 'question', 'basis', 'caseId']));
    });

    it('backs "parent_consent" by a recorded consent to the expert or their pool covering the story and the children, or refuses it clearly', async () => {
      const body = { expertId: lawyer.id, question: 'Welke juridische stappen zijn er?', basis: 'parent_consent' };
      const missing = await ask(counsellor, caseId, body).expect(422);
      expect(missing.body).toMatchObject({ code: 'consent_missing', field: 'basis' });
      expect(missing.body.message).toMatch(/toestemming/);
      // Story only is not enough: the summary also shows the children.
      const storyOnly = await t.factories.consent(caseId, { grantedById: parent.id, granteeOrganisationId: pool.id, scopes: ['story'] });
      await ask(counsellor, caseId, body).expect(422);
      await t.dataSource.query(`UPDATE case_consent SET revoked_at = now(), revoked_by_id = $2 WHERE id = $1`, [storyOnly, parent.id]);
      const consentId = await t.factories.consent(caseId, { grantedById: parent.id, granteeOrganisationId: pool.id, scopes: ['story', 'children'] });
      const res = await ask(counsellor, caseId, body).expect(201);
      const [row] = await t.dataSource.query(`SELECT basis, consent_id FROM consultation WHERE id = $1`, [res.body.id]);
      expect(row).toEqual({ basis: 'parent_consent', consent_id: consentId });
      const [event] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'consultation.requested' AND subject_id = $1`, [res.body.id]);
      expect(event.details).toMatchObject({ basis: 'parent_consent', consentId, specialism: 'youth_protection_law' });
      const consultations = t.app.get(ConsultationsService);
      await t.http().get(`/api/consultations/${res.body.id}`).set(bearer(lawyer)).expect(200);
      expect(await consultations.isConsultedOn(lawyer.id, caseId)).toBe(true);
      // The parent withdraws it: the expert can no longer read or write, and is no longer consulted.
      await t.http().delete(`/api/cases/${caseId}/consents/${consentId}`).set(bearer(parent)).expect(200);
      const withdrawn = await t.http().get(`/api/consultations/${res.body.id}`).set(bearer(lawyer)).expect(403);
      expect(withdrawn.body.code).toBe('consent_withdrawn');
      await write(lawyer, res.body.id, 'Nog een gedachte').expect(403);
      const list = await t.http().get('/api/consultations').set(bearer(lawyer)).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(res.body.id);
      expect(await consultations.isConsultedOn(lawyer.id, caseId)).toBe(false);
      await t.http().get(`/api/consultations/${res.body.id}`).set(bearer(counsellor)).expect(200);
    });

    it('refuses a question that names the family, the reference, an e-mail address or a phone number, and keeps nothing', async () => {
      const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM consultation`);
      const [{ reference }] = await t.dataSource.query(`SELECT reference FROM case_file WHERE id = $1`, [caseId]);
      for (const [question, kind] of [
        ['Hoe gaat het met Jozefien op school?', 'name'],
        ['Mevrouw Ouwehand twijfelt.', 'name'],
        [`Zie dossier ${reference}.`, 'reference'],
        [`Mail ${parent.email} gerust.`, 'email'],
        ['Bel moeder op 06 12 34 56 78.', 'phone'],
        [`Zie ${caseId}.`, 'id'],
      ] as const) {
        const res = await ask(counsellor, caseId, { expertId: psychiatrist.id, question, basis: 'professional_need' }).expect(422);
        expect(res.body).toMatchObject({ code: 'identifying_text', field: 'question', kind });
        expect(res.body.message).toMatch(/^question:/);
      }
      const [after] = await t.dataSource.query(`SELECT count(*)::int AS n FROM consultation`);
      expect(after.n).toBe(before.n);
    });
  });

  describe('the conversation', () => {
    let consultationId: string;
    beforeAll(async () => {
      consultationId = (await ask(counsellor, caseId, { expertId: psychiatrist.id, question: 'Waar letten we op bij meer contact?', basis: 'professional_need' }).expect(201)).body.id;
    });

    it('goes live both ways over the socket, "answered" with the expert\'s first message; the expert never gets the counsellor\'s name', async () => {
      const counsellorSocket = await connect(counsellor);
      const expertSocket = await connect(psychiatrist);
      const toExpert = nextEvent<{ consultationId: string; status: string; message: { body: string; author: { side: string; displayName: string | null; mine: boolean } } }>(expertSocket, 'consultation:message');
      const sent = await write(counsellor, consultationId, 'Aanvulling: het contact is nu eens per twee weken.').expect(201);
      expect(sent.body.author).toEqual({ side: 'counsellor', displayName: 'Carla Begeleider', mine: true });
      const pushedToExpert = await toExpert;
      expect(pushedToExpert).toMatchObject({ consultationId, status: 'requested', message: { body: 'Aanvulling: het contact is nu eens per twee weken.', author: { side: 'counsellor', displayName: null, mine: false } } });
      expect(await noEvent(counsellorSocket, 'consultation:message', 300)).toBe(true);

      const toCounsellor = nextEvent<{ consultationId: string; status: string; message: { body: string; author: { displayName: string } } }>(counsellorSocket, 'consultation:message');
      await write(psychiatrist, consultationId, 'Begin met korte, voorspelbare bezoeken.').expect(201);
      expect(await toCounsellor).toMatchObject({ consultationId, status: 'answered', message: { body: 'Begin met korte, voorspelbare bezoeken.', author: { side: 'expert', displayName: 'Petra Psychiater' } } });
      const seen = await t.http().get(`/api/consultations/${consultationId}`).set(bearer(counsellor)).expect(200);
      expect(seen.body.status).toBe('answered');
      expect(seen.body.answeredAt).not.toBeNull();
      expect(seen.body.messages.map((m: { author: { side: string } }) => m.author.side)).toEqual(['counsellor', 'expert']);
    });

    it('checks the counsellor\'s messages for names like the question, not the expert\'s; bad bodies are 400', async () => {
      const named = await write(counsellor, consultationId, 'Jozefien wil graag vaker naar huis.').expect(422);
      expect(named.body).toMatchObject({ code: 'identifying_text', field: 'body' });
      await write(counsellor, consultationId, '').expect(400);
      await t.http().post(`/api/consultations/${consultationId}/messages`).set(bearer(counsellor)).send({ body: 'x', clientMessageId: clientId() }).expect(400);
      await write(counsellor, consultationId, 'x'.repeat(20001)).expect(400);
    });

    it('answers 404 to another expert and to another counsellor, and the expert 404 on the case, its story and its threads', async () => {
      await t.http().get(`/api/consultations/${consultationId}`).set(bearer(lawyer)).expect(404);
      await write(lawyer, consultationId, 'Ik ben niet gevraagd').expect(404);
      await t.http().post(`/api/consultations/${consultationId}/close`).set(bearer(lawyer)).expect(404);
      await t.http().get(`/api/consultations/${consultationId}`).set(bearer(colleague)).expect(404);
      const lawyersList = await t.http().get('/api/consultations').set(bearer(lawyer)).expect(200);
      expect(lawyersList.body.items.map((c: { id: string }) => c.id)).not.toContain(consultationId);
      for (const path of [`/api/cases/${caseId}`, `/api/cases/${caseId}/story`, `/api/cases/${caseId}/threads`, `/api/cases/${caseId}/children`, `/api/cases/${caseId}/participants`]) {
        await t.http().get(path).set(bearer(psychiatrist)).expect(404);
      }
    });

    it('is open for the analysis seam until closed; closed, nobody writes in it any more', async () => {
      const consultations = t.app.get(ConsultationsService);
      expect(await consultations.isConsultedOn(psychiatrist.id, caseId)).toBe(true);
      expect(await consultations.isConsultedOn(colleague.id, caseId)).toBe(false);
      const expertSocket = await connect(psychiatrist);
      const closedEvent = nextEvent<{ consultationId: string }>(expertSocket, 'consultation:closed', 3000, (e) => e.consultationId === consultationId);
      // Another open consultation of the same expert on this case keeps them consulted; close them all.
      const open: { id: string }[] = await t.dataSource.query(`SELECT id FROM consultation WHERE expert_id = $1 AND case_id = $2 AND status <> 'closed'`, [psychiatrist.id, caseId]);
      for (const { id } of open) {
        const closed = await t.http().post(`/api/consultations/${id}/close`).set(bearer(counsellor)).send({}).expect(200);
        expect(closed.body.status).toBe('closed');
      }
      expect(await closedEvent).toEqual({ consultationId });
      expect(await consultations.isConsultedOn(psychiatrist.id, caseId)).toBe(false);
      const again = await t.http().post(`/api/consultations/${consultationId}/close`).set(bearer(psychiatrist)).send({}).expect(200);
      expect(again.body.status).toBe('closed');
      const refused = await write(psychiatrist, consultationId, 'Nog iets').expect(409);
      expect(refused.body.code).toBe('consultation_closed');
    });
  });

  it('lists the expert\'s open questions oldest first (their home), and the counsellor\'s own', async () => {
    const expert = await expertNamed('custom_solutions');
    const ids: string[] = [];
    for (const question of ['Eerste vraag', 'Tweede vraag', 'Derde vraag']) {
      ids.push((await ask(counsellor, caseId, { expertId: expert.id, question, basis: 'professional_need' }).expect(201)).body.id);
    }
    await t.http().post(`/api/consultations/${ids[1]}/close`).set(bearer(expert)).send({}).expect(200);
    const open = await t.http().get('/api/consultations?state=open').set(bearer(expert)).expect(200);
    expect(open.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0], ids[2]]);
    const page = await t.http().get('/api/consultations?limit=1').set(bearer(expert)).expect(200);
    expect(page.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    const next = await t.http().get(`/api/consultations?limit=1&after=${page.body.nextCursor}`).set(bearer(expert)).expect(200);
    expect(next.body.items.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    const counsellors = await t.http().get('/api/consultations?state=all&limit=200').set(bearer(counsellor)).expect(200);
    expect(counsellors.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(ids));
    await t.http().get('/api/consultations?state=everything').set(bearer(expert)).expect(400);
  });

  it('leaves a question whose consent was withdrawn out of the expert\'s list before cutting the page, so a page is never short', async () => {
    const expert = await expertNamed('custom_solutions');
    const consentId = await t.factories.consent(caseId, { grantedById: parent.id, granteeUserId: expert.id, scopes: ['story', 'children'] });
    const withdrawn = (await ask(counsellor, caseId, { expertId: expert.id, question: 'Op toestemming', basis: 'parent_consent' }).expect(201)).body.id;
    const ids: string[] = [];
    for (const question of ['Eerste vraag', 'Tweede vraag']) {
      ids.push((await ask(counsellor, caseId, { expertId: expert.id, question, basis: 'professional_need' }).expect(201)).body.id);
    }
    await t.http().delete(`/api/cases/${caseId}/consents/${consentId}`).set(bearer(parent)).expect(200);
    const page = await t.http().get('/api/consultations?limit=1').set(bearer(expert)).expect(200);
    expect(page.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect(page.body.nextCursor).toBe(ids[0]);
    const next = await t.http().get(`/api/consultations?limit=1&after=${page.body.nextCursor}`).set(bearer(expert)).expect(200);
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: ids[1] })], nextCursor: null });
    const all = await t.http().get('/api/consultations').set(bearer(expert)).expect(200);
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(ids);
    expect(all.body.items.map((c: { id: string }) => c.id)).not.toContain(withdrawn);
  });

  it('tells the parent in the access log, in plain Dutch, that a specialist thought along without seeing their name', async () => {
    const expert = await expertNamed('youth_protection_law', pool.id, 'Jet Jurist');
    const { id } = (await ask(counsellor, caseId, { expertId: expert.id, question: 'Kan een ondertoezichtstelling eerder stoppen?', basis: 'professional_need' }).expect(201)).body;
    await write(expert, id, 'Ja, via een verzoek aan de kinderrechter.').expect(201);
    const log = await t.http().get(`/api/cases/${caseId}/access-log?limit=200`).set(bearer(parent)).expect(200);
    const lines: string[] = log.body.items.map((e: { description: string }) => e.description);
    expect(lines.some((l) => /vroeg een specialist in jeugdbeschermingsrecht om mee te denken over uw situatie, zonder uw naam te delen/.test(l))).toBe(true);
    expect(lines.some((l) => /dacht als specialist in jeugdbeschermingsrecht mee over uw situatie, zonder uw naam te zien/.test(l))).toBe(true);
    const english = await t.http().get(`/api/cases/${caseId}/access-log?limit=200`).set(bearer(parent)).set('Accept-Language', 'en').expect(200);
    expect(english.body.items.some((e: { description: string }) => /as a specialist in youth protection law, without seeing your name/.test(e.description))).toBe(true);
  });

  it('moves the previous lead\'s questions to the new lead at a handover, without the expert noticing', async () => {
    const lead = await t.factories.user('counsellor', { organisationId: team.id });
    const next = await t.factories.user('counsellor', { organisationId: team.id });
    const c = await t.factories.case({ teamId: team.id, createdById: lead.id, leadId: lead.id, title: 'Overdrachtsdossier' });
    await t.factories.participant(c.id, lead.id, 'counsellor');
    const expert = await expertNamed('custom_solutions');
    const { id } = (await ask(lead, c.id, { expertId: expert.id, question: 'Welke hulp op maat past hier?', basis: 'professional_need' }).expect(201)).body;
    await write(expert, id, 'Een vaste contactpersoon.').expect(201);
    await t.http().post(`/api/cases/${c.id}/handover`).set(bearer(teamCoordinator)).send({ toCounsellorId: next.id, reason: 'Verlof' }).expect(200);
    const theirs = await t.http().get(`/api/consultations/${id}`).set(bearer(next)).expect(200);
    expect(theirs.body).toMatchObject({ id, caseId: c.id, status: 'answered', messages: [{ body: 'Een vaste contactpersoon.' }] });
    await t.http().get(`/api/consultations/${id}`).set(bearer(lead)).expect(404);
    await write(next, id, 'Dank u, ik neem het over.').expect(201);
    const expertView = await t.http().get(`/api/consultations/${id}`).set(bearer(expert)).expect(200);
    expect(expertView.body.messages.map((m: { author: { displayName: string | null } }) => m.author.displayName)).toEqual([expert.displayName, null]);
    const [event] = await t.dataSource.query(`SELECT details, case_id FROM audit_event WHERE action = 'consultation.handed_over'`);
    expect(event).toMatchObject({ case_id: null, details: { count: 1, from: lead.id, to: next.id, consultationIds: [id] } });
  });

  it('never lets a name, e-mail address, reference or id of the case reach the expert, over HTTP or the socket', async () => {
    // A case where every field and every person carries a marker.
    const c = await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Familie Markertitelnaam', reference: 'EV-MARKERREF-0001' });
    const mark = (what: string) => ({ displayName: `Marker${what} Markerachter${what}`, email: `marker-${what}-${Date.now()}@markerdomein.example.test` });
    const markedCounsellor = await t.factories.user('counsellor', { organisationId: team.id, ...mark('begeleider') });
    const markedParent = await t.factories.user('parent', mark('ouder'));
    const markedGuardian = await t.factories.user('partner', mark('voogd'));
    const markedChild = await t.factories.user('child', mark('kind'));
    for (const [user, role] of [[markedCounsellor, 'counsellor'], [markedParent, 'parent'], [markedGuardian, 'guardian'], [markedChild, 'child']] as const) {
      await t.factories.participant(c.id, user.id, role);
    }
    const as = bearer(markedCounsellor);
    await t.http().patch(`/api/cases/${c.id}`).set(as).send({
      regionCodes: ['rijnmond'], householdComposition: 'blended', registrantHasCustody: false, placementReasons: ['unsafe_home', 'other'],
      desiredSituation: ['contact_restoration'], supportRequests: ['recognition'],
    }).expect(200);
    const child = await t.http().post(`/api/cases/${c.id}/children`).set(as).send({ firstName: 'Markerkindnaam', birthYear: 2013, placement: 'residential', protectionMeasure: 'guardianship' }).expect(201);
    await t.http().put(`/api/cases/${c.id}/story`).set(as).send({ sections: [{ key: 'wat', title: 'Markerkop', text: 'Markerverhaal van Markerouder' }] }).expect(200);
    await t.http().post(`/api/cases/${c.id}/updates`).set(as).send({ body: 'Markermededeling', visibility: 'professionals' }).expect(201);
    await t.http().post(`/api/cases/${c.id}/results`).set(as).send({ kind: 'therapy', note: 'Markerresultaat', date: '2026-01-01' }).expect(201);
    const thread = await t.http().post(`/api/cases/${c.id}/threads`).set(as).send({ title: 'Markergesprek', memberIds: [markedParent.id] }).expect(201);
    await t.http().post(`/api/threads/${thread.body.id}/messages`).set(as).send({ body: 'Markerbericht', clientMessageId: clientId() }).expect(201);
    const [{ phone }] = [{ phone: '0612345678' }];

    const expert = await expertNamed('child_psychiatry', pool.id, 'Eva Expert');
    const heard: unknown[] = [];
    const expertSocket = await connect(expert);
    expertSocket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));

    // Pasting any of them into the question or a message is refused.
    for (const pasted of ['Markerkindnaam', 'markerouder', 'Markerachtervoogd', 'Markertitelnaam', 'EV-MARKERREF-0001', markedParent.email, phone, c.id, markedChild.id]) {
      await ask(markedCounsellor, c.id, { expertId: expert.id, question: `Vraag over ${pasted}`, basis: 'professional_need' }).expect(422);
    }
    const created = await ask(markedCounsellor, c.id, { expertId: expert.id, question: 'Hoe houden we contact met een kind in een leefgroep?', basis: 'professional_need' }).expect(201);
    const id = created.body.id as string;
    for (const pasted of ['Markerkindnaam', 'Markerbegeleider Markerachterbegeleider', markedGuardian.email]) {
      await write(markedCounsellor, id, `Nog iets over ${pasted}`).expect(422);
    }
    const nextPush = nextEvent(expertSocket, 'consultation:message');
    await write(markedCounsellor, id, 'Het kind woont sinds twee jaar in een leefgroep.').expect(201);
    await nextPush;
    await write(expert, id, 'Vaste momenten helpen.').expect(201);

    const seenOverHttp = [
      (await t.http().get('/api/consultations').set(bearer(expert)).expect(200)).body,
      (await t.http().get('/api/consultations?state=open').set(bearer(expert)).expect(200)).body,
      (await t.http().get(`/api/consultations/${id}`).set(bearer(expert)).expect(200)).body,
      (await write(expert, id, 'Nog een tip.').expect(201)).body,
      (await t.http().post(`/api/consultations/${id}/close`).set(bearer(expert)).send({}).expect(200)).body,
    ];
    const everything = JSON.stringify({ seenOverHttp, heard });
    expect(heard.length).toBeGreaterThan(0);
    expect(everything).toMatch(/leefgroep/); // the check below looks at what the expert really got
    expect(everything).not.toMatch(/marker/i);
    for (const secret of [c.id, child.body.id, markedCounsellor.id, markedParent.id, markedGuardian.id, markedChild.id, thread.body.id, team.id, 'EV-']) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/@/);
  });
});
