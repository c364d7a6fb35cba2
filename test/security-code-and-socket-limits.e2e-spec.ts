import type { Socket } from 'socket.io-client';
import { bearer, TEST_PASSWORD, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { connectSocket, waitForDisconnect } from './messaging-fixtures.js';

const DAY = 86400_000;

/** Security review, finding 12: a code could be checked without limit; sockets per user were unlimited. */
describe('a verification code is burnt after a number of checks (e2e)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let teamId: string;
  let address = 0;
  const newAddress = () => `203.0.113.${++address}`;

  beforeAll(async () => {
    t = await createTestApp({ ORG_KEY_PASSPHRASE: 'e2e-organisation-key-passphrase', TRUST_PROXY: '1', VERIFY_MAX_CHECKS_PER_CODE: '3' });
    teamId = (await t.factories.organisation('support_team', 'Team Codes')).id;
    coordinator = await t.factories.user('coordinator', { organisationId: teamId });
  });
  afterAll(() => t.close());

  const verifiedCounsellor = async () => {
    const counsellor = await t.factories.user('counsellor', { organisationId: teamId });
    await t.http().put(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator))
      .send({ validUntil: new Date(Date.now() + 180 * DAY).toISOString() }).expect(200);
    return counsellor;
  };
  const newCode = async (counsellor: TestUser) => (await t.http().post('/api/verification/codes').set(bearer(counsellor)).expect(201)).body.code as string;
  // Each check from another address: the per-address limit is not what stops it.
  const check = (code: string) => t.http().get(`/api/verify/${encodeURIComponent(code)}`).set('X-Forwarded-For', newAddress()).expect(200);

  it('answers a code as valid for the allowed number of checks, from anywhere, then as expired', async () => {
    const counsellor = await verifiedCounsellor();
    const code = await newCode(counsellor);
    for (let i = 0; i < 3; i++) expect((await check(code)).body.valid).toBe(true);
    expect((await check(code)).body).toEqual({ valid: false, reason: 'expired' });
    // Written differently, it is the same code: still burnt.
    expect((await check(code.toLowerCase().replace('-', ' '))).body).toEqual({ valid: false, reason: 'expired' });
    // Each check is still logged for the counsellor, the burnt ones as expired.
    const log = (await t.http().get('/api/me/verifications').set(bearer(counsellor)).expect(200)).body.items as { result: string }[];
    expect(log.map((e) => e.result).sort()).toEqual(['expired', 'expired', 'valid', 'valid', 'valid']);
    // A fresh code of the same counsellor is unaffected.
    expect((await check(await newCode(counsellor))).body.valid).toBe(true);
  });

  it('counts checks in parallel too: no more valid answers than the limit', async () => {
    const code = await newCode(await verifiedCounsellor());
    const answers = await Promise.all(Array.from({ length: 8 }, () => check(code).then((r) => r.body.valid as boolean)));
    expect(answers.filter(Boolean)).toHaveLength(3);
  });
});

describe('open sockets per user are capped (e2e)', () => {
  let t: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await createTestApp({ SOCKET_MAX_PER_USER: '3' });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  const connect = async (user: { token: string }) => {
    const socket = await connectSocket(t.baseUrl, { token: user.token });
    open.push(socket);
    return socket;
  };

  it('refuses one more socket than the cap with connect_error too_many_connections; closing one makes room', async () => {
    const user = await t.factories.user('parent');
    const sockets = [await connect(user), await connect(user), await connect(user)];
    await expect(connectSocket(t.baseUrl, { token: user.token })).rejects.toMatchObject({ message: 'too_many_connections', data: { code: 'too_many_connections' } });
    // Another user is not affected.
    await connect(await t.factories.user('parent'));
    sockets[0].close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await connect(user)).connected).toBe(true);
    // The open ones keep working.
    expect(sockets[1].connected && sockets[2].connected).toBe(true);
  });

  it('holds under a parallel burst of handshakes', async () => {
    const user = await t.factories.user('parent');
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => connectSocket(t.baseUrl, { token: user.token })));
    const connected = outcomes.filter((o): o is PromiseFulfilledResult<Socket> => o.status === 'fulfilled').map((o) => o.value);
    open.push(...connected);
    expect(connected).toHaveLength(3);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as Error).message).toBe('too_many_connections');
  });

  it('counts sockets that the server closed (logout) as gone', async () => {
    const user = await t.factories.user('parent');
    const sockets = [await connect(user), await connect(user), await connect(user)];
    const closed = sockets.map((s) => waitForDisconnect(s, 2000));
    await t.http().post('/api/auth/logout').set(bearer(user)).expect(204);
    await Promise.all(closed);
    // The same account logs in again and may open as many sockets as before.
    const token = (await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200)).body.token as string;
    for (let i = 0; i < 3; i++) expect((await connect({ token })).connected).toBe(true);
    await expect(connectSocket(t.baseUrl, { token })).rejects.toMatchObject({ message: 'too_many_connections' });
  });
});
