import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { createCase } from './cases.helpers.js';

const GOOD_PASSWORD = 'paars-fiets-onder-de-brug-7';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

describe('invitations go by mail only (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let coordinator: TestUser;
  let counsellor: TestUser;
  let team: { id: string };
  let otherTeam: { id: string };
  let youthProtection: { id: string };
  let board: { id: string };
  let fosterCare: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.factories.user('admin');
    team = await t.factories.organisation('support_team', 'Team Uitnodigen', ['team.example.test']);
    otherTeam = await t.factories.organisation('support_team', 'Ander Team', ['ander-team.example.test']);
    youthProtection = await t.factories.organisation('youth_protection', 'Jeugdbescherming Uitnodigen', ['jbov.example.test']);
    board = await t.factories.organisation('child_protection_board', 'Raad Uitnodigen', ['raad.example.test']);
    fosterCare = await t.factories.organisation('foster_care', 'Pleegzorg Uitnodigen', ['pleeg.example.test']);
    coordinator = await t.factories.user('coordinator', { organisationId: team.id, displayName: 'Carla Coördinator' });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id });
  }, 120_000);
  afterAll(() => t.close());

  let counter = 0;
  const email = (prefix = 'uitgenodigd', domain = 'example.test') => `${prefix}-${++counter}-${Date.now()}@${domain}`;
  const invite = (by: TestUser, body: object) => t.http().post('/api/invitations').set(bearer(by)).send(body);
  const accept = (token: string, body: object) => t.http().post(`/api/invitations/${token}/accept`).send(body);
  const invitationRow = async (id: string) => (await t.dataSource.query(`SELECT * FROM invitation WHERE id = $1`, [id]))[0];
  const userCount = async (address: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE lower(email) = lower($1)`, [address]))[0].n as number;
  /** Invites, then reads the link from the mail, as the invitee would. */
  const invited = async (by: TestUser, body: { email: string; [field: string]: unknown }) => {
    const res = await invite(by, body).expect(201);
    return { id: res.body.id as string, body: res.body, token: await t.mail.invitationToken(body.email) };
  };

  it('answers the inviter without token or link; the one-time link goes by mail to the invited address only', async () => {
    const address = email('collega', 'team.example.test');
    const started = Date.now();
    const res = await invite(coordinator, { email: address, displayName: 'Nieuwe Collega', role: 'counsellor' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String), email: address, displayName: 'Nieuwe Collega', role: 'counsellor', organisationId: team.id,
      caseId: null, caseRole: null, expiresAt: expect.any(String), lastSentAt: expect.any(String), status: 'sent',
    });
    const expires = Date.parse(res.body.expiresAt);
    expect(expires - started).toBeGreaterThanOrEqual(14 * 86400_000 - 1000);
    expect(expires - started).toBeLessThanOrEqual(14 * 86400_000 + 5000);

    const [mail] = await t.mail.to(address);
    expect(mail.subject).toMatch(/Uitnodiging voor Eenverhaal/);
    expect(mail.text).toContain('Carla Coördinator (Team Uitnodigen) nodigt u uit');
    const token = await t.mail.invitationToken(address);
    expect(token).toMatch(TOKEN);
    expect(JSON.stringify(res.body)).not.toContain(token);
    expect(res.headers['set-cookie']).toBeUndefined();
    const row = await invitationRow(res.body.id);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(Buffer.from(row.token_hash).toString('base64url')).not.toBe(token);
    // Nobody else got a mail.
    expect((await t.mail.all()).filter((m) => m.text.includes(token)).map((m) => m.to[0].address)).toEqual([address]);
  });

  it('lets an admin invite only the first coordinator of an organisation, with an address in its verified domains', async () => {
    const org = await t.factories.organisation('youth_protection', 'Jeugdbescherming Nieuw', ['jb-nieuw.example.test']);
    // The review's attack: an admin invites "a coordinator" with an address of their own.
    const own = await invite(admin, { email: email('beheerder'), displayName: 'Nep', role: 'coordinator', organisationId: org.id }).expect(422);
    expect(own.body).toMatchObject({ code: 'email_domain_not_verified', field: 'email' });
    expect(own.body.message).toMatch(/^email:/);
    // Any other role is refused outright: admins never create accounts that can read cases.
    for (const [role, organisationId] of [['counsellor', team.id], ['partner', org.id], ['expert', undefined], ['parent', undefined], ['child', undefined], ['foster_parent', undefined]] as const) {
      const res = await invite(admin, { email: email(role, 'jb-nieuw.example.test'), displayName: 'X', role, organisationId }).expect((r) => expect([400, 403]).toContain(r.status));
      expect(['role_not_allowed', 'organisation_not_allowed']).toContain(res.body.code);
    }
    // A support team with a coordinator already: the admin cannot add another one.
    const second = await invite(admin, { email: email('tweede', 'team.example.test'), displayName: 'Tweede', role: 'coordinator', organisationId: team.id }).expect(409);
    expect(second.body.code).toBe('organisation_has_coordinator');

    const first = await invited(admin, { email: email('coord', 'JB-Nieuw.example.test'), displayName: 'Eerste Coördinator', role: 'coordinator', organisationId: org.id });
    // Two pending first-coordinator invitations: only one can ever be accepted.
    const rival = await invited(admin, { email: email('rivaal', 'jb-nieuw.example.test'), displayName: 'Rivaal', role: 'coordinator', organisationId: org.id });
    const account = await accept(first.token, { password: GOOD_PASSWORD }).expect(201);
    expect(account.body).toMatchObject({ role: 'coordinator', organisation: { id: org.id } });
    expect((await accept(rival.token, { password: GOOD_PASSWORD }).expect(409)).body.code).toBe('organisation_has_coordinator');
    await invite(admin, { email: email('derde', 'jb-nieuw.example.test'), displayName: 'Derde', role: 'coordinator', organisationId: org.id }).expect(409);
    await t.http().post(`/api/invitations/${rival.id}/resend`).set(bearer(admin)).expect(409);
  });

  it('lets a coordinator invite colleagues into their own team only, partners only at their organisation’s verified domains, never admins', async () => {
    const colleague = await invite(coordinator, { email: email(), displayName: 'Collega', role: 'counsellor' }).expect(201);
    expect(colleague.body.organisationId).toBe(team.id);
    const coordinatorColleague = await invite(coordinator, { email: email(), displayName: 'Collega', role: 'coordinator', organisationId: team.id }).expect(201);
    expect(coordinatorColleague.body.organisationId).toBe(team.id);
    const foreign = await invite(coordinator, { email: email('x', 'ander-team.example.test'), displayName: 'X', role: 'counsellor', organisationId: otherTeam.id }).expect(400);
    expect(foreign.body).toMatchObject({ code: 'organisation_not_allowed', field: 'organisationId' });

    const partner = await invite(coordinator, { email: email('voogd', 'jbov.example.test'), displayName: 'Voogd', role: 'partner', organisationId: youthProtection.id }).expect(201);
    expect(partner.body.organisationId).toBe(youthProtection.id);
    // The review's attack: a coordinator mints an account that claims to belong to the Child Protection Board.
    const fake = await invite(coordinator, { email: email('nep-raad'), displayName: 'Nep Raad', role: 'partner', organisationId: board.id }).expect(422);
    expect(fake.body).toMatchObject({ code: 'email_domain_not_verified', field: 'email' });
    await invite(coordinator, { email: email('x', 'team.example.test'), displayName: 'X', role: 'partner', organisationId: team.id }).expect(400);
    await invite(coordinator, { email: email(), displayName: 'X', role: 'partner' }).expect(400);
    await invite(coordinator, { email: email('pleeg', 'pleeg.example.test'), displayName: 'Pleeg', role: 'foster_parent', organisationId: fosterCare.id }).expect(201);
    await invite(coordinator, { email: email('pleeg'), displayName: 'Pleeg', role: 'foster_parent', organisationId: fosterCare.id }).expect(422);

    for (const role of ['parent', 'child', 'foster_parent']) {
      const res = await invite(coordinator, { email: email(), displayName: 'Gezin', role }).expect(201);
      expect(res.body.organisationId).toBeNull();
    }
    const adminInvite = await invite(coordinator, { email: email(), displayName: 'X', role: 'admin' }).expect(403);
    expect(adminInvite.body).toMatchObject({ code: 'role_not_allowed', field: 'role' });
  });

  it('lets counsellors bring family members and partners straight into a case they manage; they join on acceptance', async () => {
    const caseId = await createCase(t, counsellor, 'Dossier uitnodigen');
    const parent = await invited(counsellor, { email: email('ouder'), displayName: 'Olga Ouder', role: 'parent', caseId });
    expect(parent.body).toMatchObject({ caseId, caseRole: 'parent', organisationId: null });
    const guardian = await invite(counsellor, { email: email('voogd', 'jbov.example.test'), displayName: 'Gijs Voogd', role: 'partner', organisationId: youthProtection.id, caseId }).expect(201);
    expect(guardian.body.caseRole).toBe('guardian');
    const boardMember = await invite(counsellor, { email: email('raad', 'raad.example.test'), displayName: 'Rianne Raad', role: 'partner', organisationId: board.id, caseId }).expect(201);
    expect(boardMember.body.caseRole).toBe('board');
    const foster = await invite(counsellor, { email: email('pleeg'), displayName: 'Pim Pleeg', role: 'foster_parent', caseId }).expect(201);
    expect(foster.body.caseRole).toBe('foster_parent');

    const colleague = await invite(counsellor, { email: email('collega', 'team.example.test'), displayName: 'X', role: 'counsellor' }).expect(403);
    expect(colleague.body.code).toBe('role_not_allowed');
    const misfit = await invite(counsellor, { email: email(), displayName: 'X', role: 'parent', caseId, caseRole: 'guardian' }).expect(400);
    expect(misfit.body).toMatchObject({ code: 'role_does_not_fit_account', field: 'caseRole' });
    const noCase = await invite(counsellor, { email: email(), displayName: 'X', role: 'parent', caseRole: 'parent' }).expect(400);
    expect(noCase.body.field).toBe('caseId');
    const outsider = await t.factories.user('counsellor', { organisationId: team.id });
    await invite(outsider, { email: email(), displayName: 'X', role: 'parent', caseId }).expect(404);
    await invite(counsellor, { email: email(), displayName: 'X', role: 'parent', caseId: t.factories.randomId() }).expect(404);
    await invite(admin, { email: email(), displayName: 'X', role: 'parent', caseId }).expect(403);

    const account = await accept(parent.token, { password: GOOD_PASSWORD }).expect(201);
    const participants = await t.http().get(`/api/cases/${caseId}/participants`).set(bearer(counsellor)).expect(200);
    expect(participants.body).toEqual(expect.arrayContaining([expect.objectContaining({ userId: account.body.id, role: 'parent' })]));
    const listed = await t.http().get(`/api/invitations?caseId=${caseId}`).set(bearer(counsellor)).expect(200);
    expect(listed.body.items.find((i: { id: string }) => i.id === parent.id)).toMatchObject({ status: 'accepted' });
    expect(JSON.stringify(listed.body)).not.toContain(parent.token);
  });

  it('gives an address that has an account the same answer and mails its owner instead; the owner joins a case only by saying yes', async () => {
    const caseId = await createCase(t, counsellor, 'Dossier bestaand account');
    const existing = await t.factories.user('parent', { email: email('bestaand') });
    const fresh = email('nieuw');
    const a = await invite(counsellor, { email: existing.email.toUpperCase(), displayName: 'Ouder', role: 'parent', caseId }).expect(201);
    const b = await invite(counsellor, { email: fresh, displayName: 'Ouder', role: 'parent', caseId }).expect(201);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    expect(shape(a.body)).toEqual(shape(b.body));
    expect(a.body.status).toBe(b.body.status);

    // Not a participant behind their back.
    await t.http().get(`/api/cases/${caseId}`).set(bearer(existing)).expect(404);
    const [mail] = await t.mail.to(existing.email);
    expect(mail.text).toMatch(/U heeft al een account/);
    const token = await t.mail.invitationToken(existing.email);
    const preview = await t.http().get(`/api/invitations/${token}`).expect(200);
    expect(preview.body).toMatchObject({ intoCase: true, accountExists: true, role: 'parent' });
    expect((await accept(token, { password: GOOD_PASSWORD }).expect(409)).body.code).toBe('email_taken');

    const stranger = await t.factories.user('parent');
    expect((await t.http().post(`/api/invitations/${token}/join`).set(bearer(stranger)).send({}).expect(403)).body.code).toBe('invitation_other_account');
    await t.http().post(`/api/invitations/${token}/join`).send({}).expect(401);
    const joined = await t.http().post(`/api/invitations/${token}/join`).set(bearer(existing)).send({}).expect(200);
    expect(joined.body).toEqual({ caseId });
    await t.http().get(`/api/cases/${caseId}`).set(bearer(existing)).expect(200);
    expect((await t.http().post(`/api/invitations/${token}/join`).set(bearer(existing)).send({}).expect(409)).body.code).toBe('invitation_used');

    // Without a case there is nothing to join: the owner just hears they have an account.
    const partner = await t.factories.user('partner', { organisationId: youthProtection.id, email: email('partner', 'jbov.example.test') });
    await invite(coordinator, { email: partner.email, displayName: 'Voogd', role: 'partner', organisationId: youthProtection.id }).expect(201);
    const [notice] = await t.mail.to(partner.email);
    expect(notice.text).toMatch(/U heeft al een account/);
    expect(notice.text).not.toMatch(/\/invitation\//);
  });

  it('resends a new link that voids the old one; only the inviter’s side may, and not once it was used', async () => {
    const address = email('opnieuw');
    const first = await invited(coordinator, { email: address, displayName: 'Opnieuw', role: 'parent' });
    const resent = await t.http().post(`/api/invitations/${first.id}/resend`).set(bearer(coordinator)).expect(200);
    expect(resent.body).toMatchObject({ id: first.id, status: 'sent' });
    expect(JSON.stringify(resent.body)).not.toMatch(/invitation\//);
    const second = await t.mail.invitationToken(address);
    expect(second).not.toBe(first.token);
    expect((await t.mail.to(address)).length).toBe(2);
    expect((await invitationRow(first.id)).send_count).toBe(2);

    await accept(first.token, { password: GOOD_PASSWORD }).expect(404);
    for (const other of [counsellor, admin, await t.factories.user('coordinator', { organisationId: otherTeam.id })]) {
      await t.http().post(`/api/invitations/${first.id}/resend`).set(bearer(other)).expect(404);
    }
    await t.http().post(`/api/invitations/not-a-uuid/resend`).set(bearer(coordinator)).expect(400);
    await accept(second, { password: GOOD_PASSWORD }).expect(201);
    expect((await t.http().post(`/api/invitations/${first.id}/resend`).set(bearer(coordinator)).expect(409)).body.code).toBe('invitation_used');
    const events = await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [first.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['invitation.created', 'invitation.resent', 'invitation.accepted']);
  });

  it('lists the inviter’s own invitations (a coordinator’s team’s too), newest first, without tokens', async () => {
    const mine = await invite(counsellor, { email: email('lijst'), displayName: 'Lijst', role: 'parent', caseId: await createCase(t, counsellor, 'Lijst') }).expect(201);
    const own = await t.http().get('/api/invitations?limit=200').set(bearer(counsellor)).expect(200);
    expect(own.body.items.map((i: { id: string }) => i.id)).toContain(mine.body.id);
    expect(own.body.items.filter((i: Record<string, unknown>) => 'token' in i || 'acceptUrl' in i)).toEqual([]);
    const team = await t.http().get('/api/invitations?limit=200').set(bearer(coordinator)).expect(200);
    expect(team.body.items.map((i: { id: string }) => i.id)).toContain(mine.body.id);
    const other = await t.factories.user('coordinator', { organisationId: otherTeam.id });
    const foreign = await t.http().get('/api/invitations').set(bearer(other)).expect(200);
    expect(foreign.body.items).toEqual([]);
    const intoPartner = await invite(coordinator, { email: email('filter', 'jbov.example.test'), displayName: 'Filter', role: 'partner', organisationId: youthProtection.id }).expect(201);
    const filtered = await t.http().get(`/api/invitations?organisationId=${youthProtection.id}&limit=200`).set(bearer(coordinator)).expect(200);
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toContain(intoPartner.body.id);
    expect(filtered.body.items.every((i: { organisationId: string }) => i.organisationId === youthProtection.id)).toBe(true);
    const page = await t.http().get('/api/invitations?limit=1').set(bearer(coordinator)).expect(200);
    expect(page.body.items).toHaveLength(1);
    const next = await t.http().get(`/api/invitations?limit=1&before=${page.body.nextCursor}`).set(bearer(coordinator)).expect(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    await t.http().get('/api/invitations?limit=0').set(bearer(coordinator)).expect(400);
    for (const role of ['partner', 'parent'] as const) await t.http().get('/api/invitations').set(bearer(await t.factories.user(role))).expect(403);
  });

  it('refuses invitations from roles without the permission', async () => {
    for (const role of ['partner', 'parent', 'child', 'foster_parent', 'expert'] as const) {
      const user = await t.factories.user(role);
      await invite(user, { email: email(), displayName: 'X', role: 'parent' }).expect(403);
    }
  });

  it('refuses malformed invitations with 400 naming each field: invalid email, over-long name, unknown role, wrong types, unknown fields', async () => {
    const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM invitation`);
    const bad = await invite(coordinator, { email: 'not-an-email', displayName: 'x'.repeat(201), role: 'king' }).expect(400);
    expect(bad.body.fields).toEqual(expect.arrayContaining(['email', 'displayName', 'role']));
    const types = await invite(coordinator, { email: 12, displayName: ['x'], role: 5, organisationId: 'not-a-uuid', caseId: 7, caseRole: 'boss' }).expect(400);
    expect(types.body.fields).toEqual(expect.arrayContaining(['email', 'displayName', 'role', 'organisationId', 'caseId', 'caseRole']));
    const longEmail = await invite(coordinator, { email: `${'a'.repeat(250)}@example.test`, displayName: 'X', role: 'parent' }).expect(400);
    expect(longEmail.body.fields).toEqual(['email']);
    const unknown = await invite(coordinator, { email: email(), displayName: 'X', role: 'parent', expiresAt: '2099-01-01' }).expect(400);
    expect(unknown.body.message.join(' ')).toMatch(/property expiresAt should not exist/);
    const [after] = await t.dataSource.query(`SELECT count(*)::int AS n FROM invitation`);
    expect(after.n).toBe(before.n);
  });

  it('accepts an invitation once: creates the account with its role and organisation, which can then log in', async () => {
    const address = email('partner', 'jbov.example.test');
    const created = await invited(coordinator, { email: address, displayName: 'Gijs Voogd', role: 'partner', organisationId: youthProtection.id });
    const preview = await t.http().get(`/api/invitations/${created.token}`).expect(200);
    expect(preview.body).toMatchObject({ email: address, role: 'partner', invitedBy: 'Carla Coördinator (Team Uitnodigen)', organisationName: 'Jeugdbescherming Uitnodigen', intoCase: false, accountExists: false });
    const res = await accept(created.token, { password: GOOD_PASSWORD }).expect(201);
    expect(res.body).toMatchObject({ email: address, displayName: 'Gijs Voogd', role: 'partner', organisation: { id: youthProtection.id, kind: 'youth_protection' }, totpEnabled: false });
    const row = await invitationRow(created.id);
    expect(row.accepted_user_id).toBe(res.body.id);
    expect(row.accepted_at).not.toBeNull();
    const [hash] = await t.dataSource.query(`SELECT password_hash FROM app_user WHERE id = $1`, [res.body.id]);
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
    const events = await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id IN ($1, $2) ORDER BY seq`, [res.body.id, created.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['invitation.created', 'user.created', 'invitation.accepted']);

    const login = await t.http().post('/api/auth/login').send({ email: address, password: GOOD_PASSWORD }).expect(200);
    expect(login.body.totpSetupRequired).toBe(true);
    const again = await accept(created.token, { password: 'een-ander-lang-wachtwoord' }).expect(409);
    expect(again.body.code).toBe('invitation_used');
    await t.http().get(`/api/invitations/${created.token}`).expect(409);
    expect(await userCount(address)).toBe(1);
  });

  it('answers 404 for an unknown token and 410 for an expired one (14 days), writing nothing', async () => {
    expect((await accept('bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtbm90LWF0LWFsbA', { password: GOOD_PASSWORD }).expect(404)).body.code).toBe('invitation_unknown');
    await t.http().get('/api/invitations/bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtbm90LWF0LWFsbA').expect(404);
    const address = email();
    const created = await invited(coordinator, { email: address, displayName: 'Laat', role: 'parent' });
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.id]);
    expect((await accept(created.token, { password: GOOD_PASSWORD }).expect(410)).body.code).toBe('invitation_expired');
    expect(await userCount(address)).toBe(0);
    expect((await invitationRow(created.id)).accepted_at).toBeNull();
    // Still valid a moment before the 14 days are over.
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() + interval '5 seconds' WHERE id = $1`, [created.id]);
    await accept(created.token, { password: GOOD_PASSWORD }).expect(201);
  });

  it('refuses short, common and malformed passwords with 400 naming password; nothing is written and the invitation stays usable', async () => {
    const address = email();
    const created = await invited(coordinator, { email: address, displayName: 'Ouder', role: 'parent' });
    const [eventsBefore] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    const short = await accept(created.token, { password: 'kort-1' }).expect(400);
    expect(short.body).toMatchObject({ code: 'password_too_short', field: 'password' });
    expect(short.body.message).toMatch(/^password:/);
    expect((await accept(created.token, { password: 'password1234' }).expect(400)).body).toMatchObject({ code: 'password_too_common', field: 'password' });
    expect((await accept(created.token, { password: address }).expect(400)).body.code).toBe('password_too_common');
    expect((await accept(created.token, { password: 123456789012 }).expect(400)).body.fields).toEqual(['password']);
    expect((await accept(created.token, { password: 'x'.repeat(1001) }).expect(400)).body.fields).toEqual(['password']);
    expect((await accept(created.token, { password: GOOD_PASSWORD, role: 'admin' }).expect(400)).body.message.join(' ')).toMatch(/property role should not exist/);
    expect((await accept(created.token, {}).expect(400)).body.fields).toEqual(['password']);
    expect(await userCount(address)).toBe(0);
    expect((await invitationRow(created.id)).accepted_at).toBeNull();
    const [eventsAfter] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    expect(eventsAfter.n).toBe(eventsBefore.n);
    expect((await accept(created.token, { password: GOOD_PASSWORD }).expect(201)).body.role).toBe('parent');
  });

  it('answers 409 when the address got an account after the invitation was sent; nothing is written', async () => {
    const address = email();
    const created = await invited(coordinator, { email: address, displayName: 'Dubbel', role: 'parent' });
    await t.factories.user('parent', { email: address.toUpperCase() });
    const res = await accept(created.token, { password: GOOD_PASSWORD }).expect(409);
    expect(res.body).toMatchObject({ code: 'email_taken', field: 'email' });
    expect(await userCount(address)).toBe(1);
    expect((await invitationRow(created.id)).accepted_at).toBeNull();
  });

  it('lets exactly one of two simultaneous acceptances of the same token win', async () => {
    const address = email();
    const created = await invited(coordinator, { email: address, displayName: 'Snel', role: 'parent' });
    const results = await Promise.all([accept(created.token, { password: GOOD_PASSWORD }), accept(created.token, { password: GOOD_PASSWORD })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await userCount(address)).toBe(1);
  });
});

describe('an invitation whose mail cannot be sent (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: the SMTP connection is refused.
    t = await createTestApp({ SMTP_URL: 'smtp://127.0.0.1:1' });
  }, 120_000);
  afterAll(() => t.close());

  it('answers 503 mail_unavailable and keeps nothing, so the inviter can simply try again', async () => {
    const team = await t.factories.organisation('support_team');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const [before] = await t.dataSource.query(`SELECT (SELECT count(*) FROM invitation)::int AS invitations, (SELECT count(*) FROM audit_event)::int AS events`);
    const res = await t.http().post('/api/invitations').set(bearer(coordinator)).send({ email: 'niet-bezorgd@example.test', displayName: 'X', role: 'parent' }).expect(503);
    expect(res.body).toMatchObject({ code: 'mail_unavailable' });
    const [after] = await t.dataSource.query(`SELECT (SELECT count(*) FROM invitation)::int AS invitations, (SELECT count(*) FROM audit_event)::int AS events`);
    expect(after.invitations).toBe(before.invitations);
    expect(after.events).toBeGreaterThanOrEqual(before.events); // request-level events may exist; no invitation.created
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'invitation.created'`))[0].n).toBe(0);
  });
});

describe('failed invitation redemptions are rate-limited per address (e2e)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '3', TRUST_PROXY: 'true' });
    coordinator = await t.factories.user('coordinator');
  }, 120_000);
  afterAll(() => t.close());

  const newInvitation = async () => {
    const address = `rl-${Math.random().toString(36).slice(2)}@example.test`;
    const res = await t.http().post('/api/invitations').set(bearer(coordinator)).send({ email: address, displayName: 'RL', role: 'parent' }).expect(201);
    return { id: res.body.id as string, token: await t.mail.invitationToken(address) };
  };
  const accept = (token: string, address: string) => t.http().post(`/api/invitations/${token}/accept`)
    .set('X-Forwarded-For', address).send({ password: GOOD_PASSWORD });

  it('does not count successful acceptances', async () => {
    for (let i = 0; i < 5; i++) await accept((await newInvitation()).token, '198.51.100.1').expect(201);
  });

  it('answers 429 with Retry-After after too many failed ones (unknown, used, expired; accept or look-up), for that address only', async () => {
    const used = await newInvitation();
    await accept(used.token, '198.51.100.2').expect(201);
    const expired = await newInvitation();
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() - interval '1 day' WHERE id = $1`, [expired.id]);

    await t.http().get('/api/invitations/unknown-token-one').set('X-Forwarded-For', '198.51.100.2').expect(404);
    await accept(used.token, '198.51.100.2').expect(409);
    await accept(expired.token, '198.51.100.2').expect(410);
    const blocked = await accept('unknown-token-two', '198.51.100.2').expect(429);
    expect(blocked.body.code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(t.config.RATE_LIMIT_WINDOW_SECONDS);

    // Even a good token is refused from the blocked address, and nothing is created.
    const good = await newInvitation();
    await accept(good.token, '198.51.100.2').expect(429);
    expect((await t.dataSource.query(`SELECT accepted_at FROM invitation WHERE id = $1`, [good.id]))[0].accepted_at).toBeNull();
    await accept(good.token, '198.51.100.3').expect(201);
  });

  it('keeps no address or token in the counters (keys are hashed)', async () => {
    const rows: { key: string }[] = await t.dataSource.query(`SELECT key FROM rate_limit`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.key).not.toMatch(/198\.51\.100|invitation/);
  });
});
