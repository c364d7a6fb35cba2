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
function suite(name: string, env: () => Record<string, string>, announce: (db: Awaited<ReturnType<typeof clusterDatabase>>, payload: string) => Promise<void>) {
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

  it(`${name}: B answers from its cache (a change nobody announces, an expiry moved back, is not seen at once)`, async () => {
    const user = await db.factories.user('parent');
    await me(b, user).expect(200);
    await db.dataSource.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    await me(b, user).expect(200); // cached: nothing was announced
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

  it(`${name}: a user disabled (even with plain SQL) is dropped from B's cache and sockets within 1 s`, async () => {
    const user = await db.factories.user('parent');
    await me(b, user).expect(200);
    const socket = await connectSocket(b.url, { token: user.token });
    open.push(socket);
    await db.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [user.id]);
    // PostgreSQL: the database trigger announced it at commit. Redis: what UserSessionsChanged sends.
    await announce(db, JSON.stringify({ users: [user.id] }));
    const closed = waitForDisconnect(socket, 1000);
    expect(await refusedWithin(b, user, 1000)).toBeLessThan(1000);
    await closed;
  });

  it(`${name}: an account an admin disables on A is refused on B within 1 s, over HTTP and on B's open socket`, async () => {
    const admin = await db.factories.user('admin');
    const user = await db.factories.user('parent');
    await me(b, user).expect(200);
    const socket = await connectSocket(b.url, { token: user.token });
    open.push(socket);
    await request(a.url).post(`/api/accounts/${user.id}/disable`).set(bearer(admin)).send({ reason: 'Cluster' }).expect(200);
    const closed = waitForDisconnect(socket, 1000); // from the moment A answered
    expect(await refusedWithin(b, user, 1000)).toBeLessThan(1000);
    await closed;
    await request(a.url).post(`/api/accounts/${user.id}/enable`).set(bearer(admin)).send({}).expect(200);
    await me(b, user).expect(401); // its sessions ended with the disabling
  });

  it(`${name}: a role changed with plain SQL shows on B within 1 s`, async () => {
    const user = await db.factories.user('parent');
    expect((await me(b, user).expect(200)).body.role).toBe('parent');
    await db.dataSource.query(`UPDATE app_user SET role = 'foster_parent' WHERE id = $1`, [user.id]);
    await announce(db, JSON.stringify({ users: [user.id] }));
    const started = Date.now();
    while ((await me(b, user)).body.role !== 'foster_parent') {
      if (Date.now() - started > 1000) throw new Error('B still answers the old role after 1 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
}

describe('session cache across two app processes (e2e)', () => {
  describe('PostgreSQL NOTIFY (default)', () => {
    // Nothing to send: the triggers on app_user and user_session notify at commit.
    suite('postgres', () => ({}), async () => undefined);

    it('bypasses the cache while the bus is down and purges it when the bus reconnects (notifications sent meanwhile are lost)', async () => {
      const db = await clusterDatabase();
      const node = await startAppProcess(db.url);
      try {
        const user = await db.factories.user('parent');
        await request(node.url).get('/api/me').set(bearer(user)).expect(200);
        await db.dataSource.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
        await request(node.url).get('/api/me').set(bearer(user)).expect(200); // cached
        const [{ n }] = await db.dataSource.query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'eenverhaal-session-bus'`);
        expect(n).toBeGreaterThan(0);
        const started = Date.now();
        while ((await request(node.url).get('/api/me').set(bearer(user))).status !== 401) {
          if (Date.now() - started > 3000) throw new Error('still answered from the cache 3 s after the bus dropped');
          await new Promise((r) => setTimeout(r, 50));
        }
        // Back on the bus, the node caches again.
        const later = await db.factories.user('parent');
        let cachedAgain = false;
        for (let i = 0; i < 40 && !cachedAgain; i++) {
          await new Promise((r) => setTimeout(r, 100));
          await request(node.url).get('/api/me').set(bearer(later)).expect(200);
          await db.dataSource.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [later.id]);
          cachedAgain = (await request(node.url).get('/api/me').set(bearer(later))).status === 200;
          await db.dataSource.query(`UPDATE user_session SET expires_at = now() + interval '1 hour' WHERE user_id = $1`, [later.id]);
        }
        expect(cachedAgain).toBe(true);
      } finally {
        await node.stop();
        await db.drop();
      }
    }, 120_000);
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
