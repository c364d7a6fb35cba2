import { jest } from '@jest/globals';
import { SessionsService } from '../src/auth/sessions.service.js';
import { TransactionHost } from '../src/database/transaction-host.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const PARALLEL = 40;

/**
 * Concurrent cache misses of one token share one database read (issue 15): when a busy client's
 * entry expires, its next burst of requests costs one session query, not one per request (which
 * under load exhausted the pool and answered 503). A read that began before an invalidation is
 * never shared with a request that came after it.
 */
describe('the session cache on one node (e2e)', () => {
  let t: TestApp;
  let sessions: SessionsService;
  let txHost: TransactionHost;

  beforeAll(async () => {
    // The cache is off in other tests (out-of-band changes would take up to 30 s to show).
    t = await createTestApp({ SESSION_CACHE_SECONDS: '30' });
    sessions = t.app.get(SessionsService);
    txHost = t.app.get(TransactionHost);
  });
  afterAll(() => t.close());
  /** Opens the gate of the current test's reads, also when it failed before doing so itself. */
  let openGate: (() => void) | undefined;
  afterEach(() => {
    openGate?.();
    jest.restoreAllMocks();
  });

  /** Holds every session read until `open()`; counts them. The reads themselves run against PostgreSQL. */
  function gatedSessionReads(): { count(): number; open(): void } {
    const original = txHost.prepared.bind(txHost);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    openGate = open;
    let count = 0;
    jest.spyOn(txHost, 'prepared').mockImplementation(async (name: string, text: string, values: unknown[]) => {
      if (name === 'ev_session_resolve') {
        count += 1;
        await gate;
      }
      return original(name, text, values);
    });
    return { count: () => count, open };
  }

  async function until(what: string, test: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it(`answers ${PARALLEL} parallel requests on a cold cache with one session read`, async () => {
    const parent = await t.factories.user('parent');
    sessions.purge();
    const reads = gatedSessionReads();
    const resolving = jest.spyOn(sessions, 'resolve');

    const answers = Promise.all(Array.from({ length: PARALLEL }, () => t.http().get('/api/me').set(bearer(parent))));
    await until(`${PARALLEL} requests to look up their session`, () => resolving.mock.calls.length === PARALLEL);
    reads.open();

    expect((await answers).map((a) => a.status)).toEqual(Array(PARALLEL).fill(200));
    expect(reads.count()).toBe(1);
    // Served from the cache from now on: no further read.
    await t.http().get('/api/me').set(bearer(parent)).expect(200);
    expect(reads.count()).toBe(1);
  });

  it('does not let a request that came after a revocation share a read that began before it', async () => {
    const parent = await t.factories.user('parent');
    sessions.purge();
    const reads = gatedSessionReads();

    const before = t.http().get('/api/me').set(bearer(parent)).then((r) => r.status);
    await until('the first read to begin', () => reads.count() === 1);
    // Revoked the way the portal does it: in the database, then dropped from the cache after commit.
    const [session] = await t.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 RETURNING id`, [parent.id]) as [{ id: string }[], number];
    await sessions.invalidate({ sessions: session.map((s) => s.id) });

    const after = t.http().get('/api/me').set(bearer(parent)).then((r) => r.status);
    await until('a second, own read', () => reads.count() === 2);
    reads.open();
    // The read that began first may still answer as before the revocation (it was under way); the later request may not.
    expect(await after).toBe(401);
    expect([200, 401]).toContain(await before);
  });
});
