import { Redis } from 'ioredis';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { SESSION_CHANNEL } from '../src/auth/session-bus.js';
import { hashToken, newToken } from '../src/auth/session-token.js';
import { bearer, TEST_PASSWORD, type TestUser } from './helpers/factories.js';
import { connectSocket, waitForDisconnect } from './messaging-fixtures.js';
import { clusterDatabase, startAppProcess, type AppProcess } from './realtime-cluster.js';

/**
 * Sessions are cached per node (issue 15): a session revoked on process A must be refused on
 * process B within 1 s, over HTTP and on B's open sockets, through the cluster bus the socket
 * adapter uses (PostgreSQL NOTIFY by default, Redis with REDIS_URL).
 */
function suite(name: string, env: () => Record<string, string>, publishRaw: (db: Awaited<ReturnType<typeof clusterDatabase>>, payload: string) => Promise<void>) {
  let db: Awaited<ReturnType<typeof clusterDatabase>>;
  let a: AppProcess;
  let b: AppProcess;
  const open: Socket[] = [];

  beforeAll(async () => {
    db = await clusterDatabase();
    [a, b] = await Promise.all([startAppProcess(db.url, env()), startAppProcess(db.url, env())]);
  }, 180_000);
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  }, 60_000);

  const me = (app: AppProcess, user: { token: string }) => request(app.url).get('/api/me').set(bearer(user));
  /** Milliseconds until `app` refuses the token (polling), or throws after `ms`. */
  const refusedWithin = async (app: AppProcess, user: { token: string }, ms: number) => {
    const started = Date.now();
    while (Date.now() - started < ms) {
      if ((await me(app, user)).status === 401) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`still accepted after ${ms} ms`);
  };
  const secondSession = async (user: TestUser) => {
    const token = newToken();
    await db.dataSource.query(`INSERT INTO user_session (user_id, token_hash, second_factor, expires_at) VALUES ($1, $2, true, now() + interval '1 hour')`, [user.id, hashToken(token)]);
    return { token };
  };

  it(`${name}: B answers from its cache (a revocation nobody announces is not seen at once)`, async () => {
    const user = await db.factories.user('parent');
    await me(b, user).expect(200);
    await db.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [user.id]);
    await me(b, user).expect(200); // cached: the bus carried nothing
    await me(a, user).expect(401); // A never cached it
  });

  it(`${name}: a logout on A is refused on B within 1 s, over HTTP and on B's open socket`, async () => {
    const user = await db.factories.user('parent');
    await me(b, user).expect(200);
    const socket = await connectSocket(b.url, { token: user.token });
    open.push(socket);
    await request(a.url).post('/api/auth/logout').set(bearer(user)).expect(204);
    const closed = waitForDisconnect(socket, 1000); // from the moment A answered
    expect(await refusedWithin(b, user, 1000)).toBeLessThan(1000);
    await closed;
    await me(a, user).expect(401); // immediately on the node that revoked
  });

  it(`${name}: a password change on A ends the user's other sessions on B within 1 s`, async () => {
    const user = await db.factories.user('parent');
    const other = await secondSession(user);
    await me(b, other).expect(200);
    const socket = await connectSocket(b.url, { token: other.token });
    open.push(socket);
    await request(a.url).post('/api/me/password').set(bearer(user))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'een-heel-nieuw-wachtwoord-2026' }).expect(204);
    const closed = waitForDisconnect(socket, 1000); // from the moment A answered
    expect(await refusedWithin(b, other, 1000)).toBeLessThan(1000);
    await closed;
    await me(b, user).expect(200); // the session that changed it stays
  });

  it(`${name}: a user disabled (or given another role) is dropped from B's cache and sockets on the bus message`, async () => {
    const user = await db.factories.user('parent');
    await me(b, user).expect(200);
    const socket = await connectSocket(b.url, { token: user.token });
    open.push(socket);
    await db.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [user.id]);
    await me(b, user).expect(200); // still cached
    await publishRaw(db, JSON.stringify({ users: [user.id] })); // what UserSessionsChanged sends after commit
    const closed = waitForDisconnect(socket, 1000);
    expect(await refusedWithin(b, user, 1000)).toBeLessThan(1000);
    await closed;
  });
}

describe('session cache across two app processes (e2e)', () => {
  describe('PostgreSQL NOTIFY (default)', () => {
    suite('postgres', () => ({}), async (db, payload) => {
      await db.dataSource.query(`SELECT pg_notify($1, $2)`, [SESSION_CHANNEL, payload]);
    });
  });

  const redisUrl = process.env.REDIS_TEST_URL;
  (redisUrl ? describe : describe.skip)('Redis pub/sub (REDIS_URL)', () => {
    suite('redis', () => ({ REDIS_URL: redisUrl! }), async (_db, payload) => {
      const redis = new Redis(redisUrl!);
      try {
        await redis.publish(SESSION_CHANNEL, payload);
      } finally {
        redis.disconnect();
      }
    });
  });
});
