import { bearer, TEST_PASSWORD, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const WRONG = 'not-the-password-at-all';
const NEW_PASSWORD = 'a-brand-new-long-passphrase-17';

/**
 * Security review, findings 7 and 8. Addresses are simulated with X-Forwarded-For under
 * TRUST_PROXY (without it the app ignores the header, see rate-limit and verification tests).
 */
describe('targeted lock-out: failures elsewhere never lock the owner out; a per-account ceiling still bites (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      LOGIN_ACCOUNT_CEILING: '7', LOGIN_DELAY_AFTER_FAILURES: '1000',
    });
  });
  afterAll(() => t.close());

  const login = (user: TestUser, password: string, address: string) =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ email: user.email, password });

  it('an attacker at address A blocks only A: the owner logs in from address B', async () => {
    const owner = await t.factories.user('parent');
    for (let i = 0; i < 3; i++) await login(owner, WRONG, '198.51.100.1').expect(401);
    const blocked = await login(owner, TEST_PASSWORD, '198.51.100.1').expect(429);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    await login(owner, TEST_PASSWORD, '203.0.113.7').expect(200);
  });

  it('a parallel burst from one address gets no more guesses than the strict limit', async () => {
    const owner = await t.factories.user('parent');
    const statuses = await Promise.all(Array.from({ length: 10 }, () => login(owner, WRONG, '198.51.100.2').then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    await login(owner, TEST_PASSWORD, '198.51.100.3').expect(200);
  });

  it('guesses spread over many addresses hit the per-account ceiling; a success in between starts the count again', async () => {
    const owner = await t.factories.user('parent');
    // Six failures from three addresses, then the owner: the run of failures ends.
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) for (let i = 0; i < 2; i++) await login(owner, WRONG, address).expect(401);
    await login(owner, TEST_PASSWORD, '203.0.113.8').expect(200);
    // Seven consecutive failures from four addresses (never more than the strict limit per address) …
    for (const [address, n] of [['192.0.2.4', 2], ['192.0.2.5', 2], ['192.0.2.6', 2], ['192.0.2.7', 1]] as const) {
      for (let i = 0; i < n; i++) await login(owner, WRONG, address).expect(401);
    }
    // … and the account takes no more guesses from anywhere, the right password included.
    const ceiling = await login(owner, TEST_PASSWORD, '192.0.2.8').expect(429);
    expect(ceiling.body.code).toBe('rate_limited');
    expect(Number(ceiling.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('the growing delay per account (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      LOGIN_ACCOUNT_CEILING: '100', LOGIN_DELAY_AFTER_FAILURES: '2', LOGIN_MAX_DELAY_SECONDS: '2',
    });
  });
  afterAll(() => t.close());

  it('after a run of failures each attempt waits, from any address; a refused attempt is not checked; the owner gets in after the wait', async () => {
    const owner = await t.factories.user('parent');
    const login = (password: string, address: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ email: owner.email, password });
    await login(WRONG, '198.51.100.10').expect(401);
    await login(WRONG, '198.51.100.11').expect(401);
    await login(WRONG, '198.51.100.12').expect(401); // the first attempt under the delay passes
    const waiting = await login(TEST_PASSWORD, '203.0.113.9').expect(429);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(waiting.headers['retry-after'])).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await login(TEST_PASSWORD, '203.0.113.9').expect(200);
    // The success ended the run: no delay any more.
    await login(WRONG, '198.51.100.13').expect(401);
    await login(TEST_PASSWORD, '203.0.113.9').expect(200);
  });
});

describe('guessing the current password when changing it (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PASSWORD_CHANGE_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  const change = (user: TestUser, currentPassword: string, newPassword = NEW_PASSWORD) =>
    t.http().post('/api/me/password').set(bearer(user)).send({ currentPassword, newPassword });

  it('counts wrong current passwords, also in a parallel burst, and answers 429 with Retry-After', async () => {
    const user = await t.factories.user('parent');
    const statuses = await Promise.all(Array.from({ length: 10 }, () => change(user, WRONG).then((r) => [r.status, r.body.code] as const)));
    expect(statuses.filter(([s, c]) => s === 400 && c === 'current_password_wrong')).toHaveLength(3);
    expect(statuses.filter(([s, c]) => s === 429 && c === 'rate_limited')).toHaveLength(7);
    const blocked = await change(user, TEST_PASSWORD).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Nothing changed: the old password still logs in.
    await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    const failures = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.password_change_failed' AND subject_id = $1`, [user.id]);
    expect(failures[0].n).toBe(3);
  });

  it('does not count a refused new password nor a success, and limits each account on its own', async () => {
    const user = await t.factories.user('parent');
    for (let i = 0; i < 4; i++) expect((await change(user, TEST_PASSWORD, 'short').expect(400)).body.code).not.toBe('rate_limited');
    await change(user, WRONG).expect(400);
    await change(user, WRONG).expect(400);
    await change(user, TEST_PASSWORD).expect(204);
    const other = await t.factories.user('parent');
    await change(other, TEST_PASSWORD).expect(204);
  });
});
