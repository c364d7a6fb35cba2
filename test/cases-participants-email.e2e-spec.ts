import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, type CaseWorld } from './cases.helpers.js';

/**
 * `POST /api/cases/{id}/participants` also takes `{ email, role }`: the address is matched exactly
 * but case-insensitively (as at login), then every rule of `{ userId, role }` applies unchanged.
 */
describe('cases: adding a participant by e-mail address (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = (await t.http().post('/api/cases').set(bearer(w.counsellor)).send({ title: 'Per e-mail' }).expect(201)).body.id;
    await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).send({ userId: w.parent.id, role: 'parent' }).expect(201);
  });
  afterAll(() => t.close());

  const add = (body: object, user: TestUser = w.counsellor, id = caseId) => t.http().post(`/api/cases/${id}/participants`).set(bearer(user)).send(body);
  /** What a refused request must leave untouched: the participants and the audit events of the case. */
  const written = async (id = caseId) => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM case_participant WHERE case_id = $1) AS participants,
              (SELECT count(*)::int FROM audit_event WHERE case_id = $1 AND action <> 'case.participants.read') AS events`,
      [id],
    );
    return row as { participants: number; events: number };
  };
  const participantIds = async () => (await t.http().get(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).expect(200)).body.map((p: { userId: string }) => p.userId);

  it('adds the account whose address matches in other capitals, audited in the same change', async () => {
    const res = await add({ email: w.partner.email.toUpperCase(), role: 'guardian' }).expect(201);
    expect(res.body).toMatchObject({
      userId: w.partner.id, role: 'guardian', accountRole: 'partner', displayName: 'Gijs Gezinsvoogd', isLead: false,
      organisation: { id: w.partnerOrgId, name: 'Jeugdbescherming Test', kind: 'youth_protection' },
    });
    expect(await participantIds()).toContain(w.partner.id);
    // The partner sees the case at once.
    await t.http().get(`/api/cases/${caseId}`).set(bearer(w.partner)).expect(200);

    const events = await t.dataSource.query(
      `SELECT actor_user_id, actor_role, subject_type, subject_id, details FROM audit_event
        WHERE case_id = $1 AND action = 'case.participant.added' AND subject_id = $2`,
      [caseId, w.partner.id],
    );
    expect(events).toEqual([{ actor_user_id: w.counsellor.id, actor_role: 'counsellor', subject_type: 'user', subject_id: w.partner.id, details: { role: 'guardian' } }]);
    // The address itself is not written into the audit log.
    expect(JSON.stringify(events)).not.toContain('@');

    // The parents read it in their access log, as for an addition by id.
    const log = await t.http().get(`/api/cases/${caseId}/access-log`).set(bearer(w.parent)).expect(200);
    expect(log.body.items).toContainEqual(expect.objectContaining({
      action: 'case.participant.added', what: 'voegde Gijs Gezinsvoogd toe aan het dossier', actor: expect.objectContaining({ id: w.counsellor.id }),
    }));
  });

  it('matches an address stored in capitals too, and lets the team\'s coordinator add by address', async () => {
    const fosterOrg = (await t.dataSource.query(`SELECT organisation_id FROM app_user WHERE id = $1`, [w.foster.id]))[0].organisation_id;
    const mixed = await t.factories.user('foster_parent', { organisationId: fosterOrg, email: 'Pien.Pleeg@Example.TEST', displayName: 'Pien Pleegouder' });
    const res = await add({ email: 'pien.pleeg@example.test', role: 'foster_parent' }, w.coordinator).expect(201);
    expect(res.body).toMatchObject({ userId: mixed.id, role: 'foster_parent', displayName: 'Pien Pleegouder' });
    expect(await participantIds()).toContain(mixed.id);
  });

  it('answers an unknown address with 400 unknown_user naming email, and writes nothing', async () => {
    const before = await written();
    const res = await add({ email: 'niemand@example.test', role: 'guardian' }).expect(400);
    expect(res.body).toMatchObject({ code: 'unknown_user', field: 'email' });
    expect(res.body.message).toBe('email: er is geen (actief) account met dit e-mailadres dat deze rol kan krijgen.');
    const en = await add({ email: 'niemand@example.test', role: 'guardian' }).set('Accept-Language', 'en').expect(400);
    expect(en.body.message).toBe('email: there is no (active) account with this e-mail address that can take this role.');
    // A disabled account answers the same: it cannot be told apart from no account.
    const disabled = await t.factories.user('partner', { organisationId: w.partnerOrgId });
    await t.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabled.id]);
    const off = await add({ email: disabled.email, role: 'guardian' }).expect(400);
    expect({ code: off.body.code, field: off.body.field, message: off.body.message }).toEqual({ code: res.body.code, field: res.body.field, message: res.body.message });
    // Exact, not a search: a part of an address matches nothing.
    await add({ email: `x${w.expert.email}`, role: 'expert' }).expect(400);
    expect(await written()).toEqual(before);
    expect(await participantIds()).not.toContain(w.expert.id);
  });

  it('takes exactly one of userId and email: both or neither is a 400 naming the field, and writes nothing', async () => {
    const before = await written();
    const both = await add({ userId: w.expert.id, email: w.expert.email, role: 'expert' }).expect(400);
    expect(both.body).toMatchObject({ code: 'one_of_user_id_or_email', field: 'email' });
    // Neither: answered as before the extension (userId is then required).
    const neither = await add({ role: 'expert' }).expect(400);
    expect(neither.body).toMatchObject({ code: 'validation_failed', fields: ['userId'] });
    const nulls = await add({ email: null, role: 'expert' }).expect(400);
    expect(nulls.body).toMatchObject({ code: 'one_of_user_id_or_email', field: 'userId' });
    expect((await add({ email: 'geen-adres', role: 'expert' }).expect(400)).body).toMatchObject({ code: 'validation_failed', fields: ['email'] });
    expect((await add({ email: `${'a'.repeat(250)}@example.test`, role: 'expert' }).expect(400)).body.fields).toEqual(['email']);
    expect((await add({ email: w.expert.email, role: 'expert', name: 'Eva' }).expect(400)).body.code).toBe('validation_failed');
    expect(await written()).toEqual(before);
  });

  // Issue 14, finding 9 (contract change): by address, an account that cannot take the role answers
  // exactly as no account (same status, code, field and message), administrators included.
  it('applies every rule of an addition by id, but by address an unsuitable account answers as no account at all', async () => {
    const before = await written();
    const none = await add({ email: 'niemand@example.test', role: 'other' }).expect(400);
    const sameAsNone = (res: { status: number; body: Record<string, unknown> }) =>
      expect({ status: res.status, code: res.body.code, field: res.body.field, message: res.body.message })
        .toEqual({ status: 400, code: 'unknown_user', field: 'email', message: none.body.message });
    sameAsNone(await add({ email: w.child.email, role: 'parent' }));
    sameAsNone(await add({ email: w.admin.email, role: 'other' }));
    expect(JSON.stringify((await add({ email: w.admin.email, role: 'other' })).body)).not.toMatch(/admin|beheerder/i);
    const loose = await t.factories.user('partner', { organisationId: null });
    sameAsNone(await add({ email: loose.email, role: 'guardian' }));
    const inTeam = await t.factories.user('partner', { organisationId: w.teamId });
    sameAsNone(await add({ email: inTeam.email, role: 'board' }));
    const otherTeam = await t.factories.organisation('support_team');
    const stranger = await t.factories.user('counsellor', { organisationId: otherTeam.id });
    sameAsNone(await add({ email: stranger.email, role: 'counsellor' }));
    // By id the reasons stay named (an id cannot be guessed).
    expect((await add({ userId: w.child.id, role: 'parent' }).expect(400)).body).toMatchObject({ code: 'role_does_not_fit_account', field: 'role' });
    expect((await add({ userId: w.admin.id, role: 'other' }).expect(400)).body).toMatchObject({ code: 'admin_cannot_take_part', field: 'userId' });
    expect((await add({ email: w.parent.email, role: 'grandparent' }).expect(400)).body.fields).toEqual(['role']);
    expect(await written()).toEqual(before);

    // Already taking part: the same 409 as by id (which still names userId).
    const again = await add({ email: w.parent.email.toUpperCase(), role: 'parent' }).expect(409);
    expect(again.body).toMatchObject({ code: 'already_participant', field: 'email' });
    expect((await add({ userId: w.parent.id, role: 'parent' }).expect(409)).body).toMatchObject({ code: 'already_participant', field: 'userId' });
    expect(await written()).toEqual(before);
  });

  it('documents the extension in the OpenAPI document', async () => {
    const schema = (await t.http().get('/api/docs-json').expect(200)).body.components.schemas.AddParticipantDto;
    expect(schema.properties.userId).toMatchObject({ type: 'string', format: 'uuid' });
    expect(schema.properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    expect(schema.required).toEqual(['role']);
  });

  it('denies parents, partners and other teams exactly as before, whether or not the address exists', async () => {
    const before = await written();
    for (const caller of [w.parent, w.partner]) {
      const byId = await add({ userId: w.expert.id, role: 'expert' }, caller).expect(403);
      const byEmail = await add({ email: w.expert.email, role: 'expert' }, caller).expect(403);
      const unknown = await add({ email: 'niemand@example.test', role: 'expert' }, caller).expect(403);
      expect(byEmail.body.code).toBe(byId.body.code);
      expect(unknown.body.code).toBe(byId.body.code);
    }
    // A counsellor of another team cannot tell the case, nor the address, apart from nothing.
    const otherTeam = await t.factories.organisation('support_team');
    const foreign = await t.factories.user('counsellor', { organisationId: otherTeam.id });
    const known = await add({ email: w.expert.email, role: 'expert' }, foreign).expect(404);
    const unknown = await add({ email: 'niemand@example.test', role: 'expert' }, foreign).expect(404);
    const byId = await add({ userId: w.expert.id, role: 'expert' }, foreign).expect(404);
    for (const res of [known, unknown]) expect({ code: res.body.code, message: res.body.message }).toEqual({ code: byId.body.code, message: byId.body.message });
    // An admin never reaches case content.
    expect((await add({ email: w.expert.email, role: 'expert' }, w.admin)).status).toBe((await add({ userId: w.expert.id, role: 'expert' }, w.admin)).status);
    expect(await written()).toEqual(before);
    expect(await participantIds()).not.toContain(w.expert.id);
  });
});

/**
 * Failed look-ups by e-mail address (no active account) count per acting user, so a team member
 * cannot probe which addresses have an account. Only `unknown_user` by e-mail counts; once over the
 * limit every look-up *by e-mail* answers 429 with Retry-After (a known address too, or the answer
 * would still tell). Adding by `userId` stays possible: an id cannot be guessed.
 */
describe('cases: failed participant look-ups by e-mail are rate limited (e2e)', () => {
  const MAX = 3;
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp({ PARTICIPANT_LOOKUP_MAX_FAILURES: String(MAX) });
    w = await caseWorld(t);
    caseId = (await t.http().post('/api/cases').set(bearer(w.counsellor)).send({ title: 'Veel adressen' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const add = (body: object, user: TestUser = w.counsellor) => t.http().post(`/api/cases/${caseId}/participants`).set(bearer(user)).send(body);
  const failedLookups = async (actorId: string) => (await t.dataSource.query(
    `SELECT actor_user_id, actor_role, subject_type, subject_id, case_id, details FROM audit_event
      WHERE action = 'case.participant.lookup_failed' AND actor_user_id = $1 ORDER BY seq`,
    [actorId],
  )) as { actor_user_id: string; actor_role: string; subject_type: string; subject_id: string; case_id: string | null; details: Record<string, unknown> }[];

  it('counts only failed look-ups: successes and other refusals are free', async () => {
    // A known address, a refusal for another reason: neither counts.
    await add({ email: w.parent.email, role: 'parent' }).expect(201);
    await add({ email: w.parent.email, role: 'parent' }).expect(409);
    await add({ email: w.parent.email, role: 'grandparent' }).expect(400);
    for (let i = 0; i < MAX; i++) {
      expect((await add({ email: `niemand-${i}@example.test`, role: 'guardian' }).expect(400)).body).toMatchObject({ code: 'unknown_user', field: 'email' });
    }
    // Every failure audited, for the caller, without the address, outside the case's access log.
    const events = await failedLookups(w.counsellor.id);
    expect(events).toHaveLength(MAX);
    expect(events[0]).toEqual({ actor_user_id: w.counsellor.id, actor_role: 'counsellor', subject_type: 'case', subject_id: caseId, case_id: null, details: { by: 'email', role: 'guardian' } });
    expect(JSON.stringify(events)).not.toContain('@');
    expect(JSON.stringify(events)).not.toContain('niemand');
    const log = await t.http().get(`/api/cases/${caseId}/access-log`).set(bearer(w.parent)).expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).not.toContain('case.participant.lookup_failed');
  });

  it('then answers 429 with Retry-After to every look-up by e-mail of that user, writing nothing', async () => {
    const over = await add({ email: 'nog-iemand@example.test', role: 'guardian' }).expect(429);
    expect(over.body.code).toBe('rate_limited');
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(t.config.RATE_LIMIT_WINDOW_SECONDS);
    expect(over.body.retryAfter).toBe(retryAfter);
    // A known address is refused the same way: the answer tells nothing about the address.
    const known = await add({ email: w.partner.email, role: 'guardian' }).expect(429);
    expect(known.body.code).toBe('rate_limited');
    expect(Number(known.headers['retry-after'])).toBeGreaterThan(0);
    const ids = (await t.http().get(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).expect(200)).body.map((p: { userId: string }) => p.userId);
    expect(ids).not.toContain(w.partner.id);
    // Refused look-ups are not audited as failed look-ups: nothing was looked up.
    expect(await failedLookups(w.counsellor.id)).toHaveLength(MAX);
  });

  it('still lets the blocked user add by userId, and counts per user: a colleague is not blocked', async () => {
    const byId = await add({ userId: w.partner.id, role: 'guardian' }).expect(201);
    expect(byId.body).toMatchObject({ userId: w.partner.id, role: 'guardian' });
    // An unknown id is a 400 as before, not counted and not limited.
    expect((await add({ userId: '00000000-0000-4000-8000-000000000000', role: 'guardian' }).expect(400)).body).toMatchObject({ code: 'unknown_user', field: 'userId' });
    // The team's coordinator has a count of their own.
    const res = await add({ email: w.expert.email, role: 'expert' }, w.coordinator).expect(201);
    expect(res.body.userId).toBe(w.expert.id);
    expect((await add({ email: 'weer-niemand@example.test', role: 'expert' }, w.coordinator).expect(400)).body.code).toBe('unknown_user');
    // And the counsellor stays blocked for look-ups by e-mail.
    await add({ email: w.foster.email, role: 'foster_parent' }).expect(429);
  });

  it('counts an account that cannot take the role exactly like no account (issue 14, finding 9)', async () => {
    // The coordinator has one failure from the test above; an administrator's and a child's address fill the count.
    const colleague = w.coordinator;
    expect((await add({ email: w.admin.email, role: 'other' }, colleague).expect(400)).body.code).toBe('unknown_user');
    expect((await add({ email: w.child.email, role: 'guardian' }, colleague).expect(400)).body.code).toBe('unknown_user');
    await add({ email: w.admin.email, role: 'other' }, colleague).expect(429);
    const events = await failedLookups(colleague.id);
    expect(events.map((e) => e.details.role)).toEqual(['expert', 'other', 'guardian']);
  });
});
