import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { currentTotp } from '../src/auth/totp.js';
import { bearer, TEST_PASSWORD, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { connectSocket, waitForDisconnect } from './messaging-fixtures.js';

/**
 * Disabling and enabling accounts (issue 17, item 1): an admin any account, a coordinator their
 * own organisation's (never an admin's), nobody their own; the disabled person's session is refused
 * at once, over HTTP and on an open socket, and enabling revives no old session.
 */
describe('disabling and enabling accounts (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let otherAdmin: TestUser;
  let teamId: string;
  let otherTeamId: string;
  let coordinator: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    admin = await t.factories.user('admin', { displayName: 'Ad Beheer' });
    otherAdmin = await t.factories.user('admin', { displayName: 'Bea Beheer' });
    teamId = (await t.factories.organisation('support_team', 'Steunteam Oost')).id;
    otherTeamId = (await t.factories.organisation('support_team', 'Steunteam West')).id;
    coordinator = await t.factories.user('coordinator', { organisationId: teamId, displayName: 'Carla Coördinator' });
  }, 120_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  const disable = (by: TestUser, id: string, body: object = { reason: 'Werkt niet meer bij het team.' }) =>
    t.http().post(`/api/accounts/${id}/disable`).set(bearer(by)).send(body);
  const enable = (by: TestUser, id: string) => t.http().post(`/api/accounts/${id}/enable`).set(bearer(by)).send({});
  const me = (user: { token: string }) => t.http().get('/api/me').set(bearer(user));
  const events = (subjectId: string) => t.dataSource.query(
    `SELECT action, actor_user_id, case_id, details FROM audit_event WHERE subject_id = $1 AND action LIKE 'account.%' ORDER BY seq`, [subjectId],
  ) as Promise<{ action: string; actor_user_id: string; case_id: string | null; details: Record<string, unknown> }[]>;

  it('lists an organisation\'s accounts by name for an admin and for its own coordinator, and nobody else\'s', async () => {
    const zoe = await t.factories.user('counsellor', { organisationId: teamId, displayName: 'Zoë Zorg' });
    const anna = await t.factories.user('counsellor', { organisationId: teamId, displayName: 'anna Aarts' });
    await t.factories.user('counsellor', { organisationId: otherTeamId, displayName: 'Wim West' });

    const byAdmin = await t.http().get(`/api/organisations/${teamId}/accounts`).set(bearer(admin)).expect(200);
    const names = byAdmin.body.items.map((a: { displayName: string }) => a.displayName);
    expect(names).toEqual(['anna Aarts', 'Carla Coördinator', 'Zoë Zorg']); // by name, case-insensitively
    expect(byAdmin.body.items[0]).toEqual({
      id: anna.id, displayName: 'anna Aarts', email: anna.email, role: 'counsellor', status: 'active', disabledAt: null, disabledBy: null,
      disabledReason: null, totpEnabled: true, createdAt: expect.any(String),
    });
    expect(byAdmin.body.nextCursor).toBeNull();

    const byCoordinator = await t.http().get(`/api/organisations/${teamId}/accounts?limit=2`).set(bearer(coordinator)).expect(200);
    expect(byCoordinator.body.items.map((a: { id: string }) => a.id)).toEqual([anna.id, coordinator.id]);
    expect(byCoordinator.body.nextCursor).toBe(coordinator.id);
    const next = await t.http().get(`/api/organisations/${teamId}/accounts?limit=2&after=${coordinator.id}`).set(bearer(coordinator)).expect(200);
    expect(next.body.items.map((a: { id: string }) => a.id)).toEqual([zoe.id]);

    const foreign = await t.http().get(`/api/organisations/${otherTeamId}/accounts`).set(bearer(coordinator)).expect(404);
    expect(foreign.body.code).toBe('not_found');
    await t.http().get(`/api/organisations/${randomUUID()}/accounts`).set(bearer(admin)).expect(404);
    const counsellor = await t.factories.user('counsellor', { organisationId: teamId });
    await t.http().get(`/api/organisations/${teamId}/accounts`).set(bearer(counsellor)).expect(403);
    const [listed] = await t.dataSource.query(
      `SELECT case_id, details FROM audit_event WHERE action = 'accounts.listed' AND actor_user_id = $1 ORDER BY seq DESC LIMIT 1`, [coordinator.id]);
    expect(listed).toEqual({ case_id: null, details: { count: 1 } });
  });

  it('refuses the disabled person at once, over HTTP and on an open socket; enabling revives no old session, a new login works', async () => {
    const bram = await t.factories.user('counsellor', { organisationId: teamId, displayName: 'Bram Begeleider' });
    const secondSession = { token: await t.factories.session(bram.id) };
    await me(bram).expect(200);
    const socket = await connectSocket(t.baseUrl, { token: bram.token });
    sockets.push(socket);
    const closed = waitForDisconnect(socket, 2000);

    const res = await disable(admin, bram.id, { reason: '  Heeft het team verlaten.  ' }).expect(200);
    expect(res.body).toMatchObject({
      id: bram.id, status: 'disabled', disabledAt: expect.any(String), disabledBy: { id: admin.id, displayName: 'Ad Beheer' },
      disabledReason: 'Heeft het team verlaten.',
    });
    // The very next request, on either session, is refused; the socket closes.
    expect((await me(bram).expect(401)).body.code).toBe('not_authenticated');
    await me(secondSession).expect(401);
    await closed;
    await expect(connectSocket(t.baseUrl, { token: bram.token })).rejects.toThrow();
    // Logging in again is refused like wrong credentials (nothing tells a stranger the account exists).
    const login = await t.http().post('/api/auth/login').send({ email: bram.email, password: TEST_PASSWORD, totp: currentTotp(bram.totpSecret!) }).expect(401);
    expect(login.body.code).not.toBe('account_disabled');
    const [{ open }] = await t.dataSource.query(`SELECT count(*)::int AS open FROM user_session WHERE user_id = $1 AND revoked_at IS NULL`, [bram.id]);
    expect(open).toBe(0);

    const back = await enable(admin, bram.id).expect(200);
    expect(back.body).toMatchObject({ id: bram.id, status: 'active', disabledAt: null, disabledBy: null, disabledReason: null });
    await me(bram).expect(401); // the old sessions stay ended
    await me(secondSession).expect(401);
    const again = await t.http().post('/api/auth/login').send({ email: bram.email, password: TEST_PASSWORD, totp: currentTotp(bram.totpSecret!) }).expect(200);
    await me({ token: again.body.token }).expect(200);

    // Audited with who and whom, in no case's log, and without the free-text reason.
    const audit = await events(bram.id);
    expect(audit).toEqual([
      { action: 'account.disabled', actor_user_id: admin.id, case_id: null, details: { role: 'counsellor', organisationId: teamId } },
      { action: 'account.enabled', actor_user_id: admin.id, case_id: null, details: { role: 'counsellor', organisationId: teamId } },
    ]);
    expect(JSON.stringify(audit)).not.toContain('verlaten');
  });

  it('lets nobody disable themselves (422), and answers a second disable or enable without a second change', async () => {
    const self = await disable(admin, admin.id).expect(422);
    expect(self.body).toMatchObject({ code: 'cannot_disable_self' });
    expect(self.body.message).toMatch(/eigen account/);
    expect((await disable(coordinator, coordinator.id).expect(422)).body.code).toBe('cannot_disable_self');
    await me(admin).expect(200);
    await me(coordinator).expect(200);

    const dana = await t.factories.user('counsellor', { organisationId: teamId });
    const first = await disable(coordinator, dana.id, { reason: 'Eerste keer' }).expect(200);
    const second = await disable(coordinator, dana.id, { reason: 'Tweede keer' }).expect(200);
    expect(second.body).toEqual(first.body); // unchanged: the first reason and moment stay
    await enable(coordinator, dana.id).expect(200);
    await enable(coordinator, dana.id).expect(200);
    expect((await events(dana.id)).map((e) => e.action)).toEqual(['account.disabled', 'account.enabled']);
  });

  it('lets a coordinator manage only their own organisation\'s accounts and never an admin; an admin any account', async () => {
    const colleague = await t.factories.user('coordinator', { organisationId: teamId });
    const foreign = await t.factories.user('counsellor', { organisationId: otherTeamId });
    const parent = await t.factories.user('parent');
    for (const id of [foreign.id, parent.id, admin.id, randomUUID()]) {
      const res = await disable(coordinator, id).expect(404);
      expect(res.body.code).toBe('not_found');
      await enable(coordinator, id).expect(404);
    }
    await me(foreign).expect(200);
    await me(parent).expect(200);

    // Another coordinator of the same team: allowed (the rule is the organisation, not the role).
    await disable(coordinator, colleague.id).expect(200);
    await me(colleague).expect(401);
    await enable(coordinator, colleague.id).expect(200);

    // An admin: another team's counsellor, a parent, another admin.
    for (const user of [foreign, parent, otherAdmin]) {
      await disable(admin, user.id).expect(200);
      await me(user).expect(401);
      await enable(admin, user.id).expect(200);
    }
    const counsellor = await t.factories.user('counsellor', { organisationId: teamId });
    expect((await disable(counsellor, parent.id).expect(403)).body.code).toBe('forbidden');
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const eva = await t.factories.user('counsellor', { organisationId: teamId });
    const missing = await disable(admin, eva.id, {}).expect(400);
    expect(missing.body).toMatchObject({ code: 'validation_failed', fields: ['reason'] });
    const blank = await disable(admin, eva.id, { reason: '   ' }).expect(400);
    expect(blank.body).toMatchObject({ field: 'reason' });
    const long = await disable(admin, eva.id, { reason: 'x'.repeat(501) }).expect(400);
    expect(long.body.fields).toEqual(['reason']);
    const extra = await disable(admin, eva.id, { reason: 'ok', disabledAt: '2020-01-01' }).expect(400);
    expect(extra.body.message.join(' ')).toMatch(/property disabledAt should not exist/);
    const badId = await t.http().post('/api/accounts/not-a-uuid/disable').set(bearer(admin)).send({ reason: 'ok' }).expect(400);
    expect(badId.body).toMatchObject({ code: 'invalid_id', field: 'id' });
    await t.http().get(`/api/organisations/${teamId}/accounts?limit=0`).set(bearer(admin)).expect(400);
    await me(eva).expect(200);
    expect(await events(eva.id)).toEqual([]);
  });
});
