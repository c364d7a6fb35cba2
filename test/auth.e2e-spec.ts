import { currentTotp } from '../src/auth/totp.js';
import { bearer, TEST_PASSWORD } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('login, sessions and TOTP (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
  });
  afterAll(() => t.close());

  const login = (body: object) => t.http().post('/api/auth/login').send(body);

  it('logs a parent in with email and password: token, HttpOnly SameSite cookie, and the user', async () => {
    const parent = await t.factories.user('parent');
    const res = await login({ email: parent.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.user).toMatchObject({ id: parent.id, role: 'parent', email: parent.email });
    expect(res.body.totpSetupRequired).toBe(false);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/ev_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    // The cookie and the bearer token both authenticate.
    await t.http().get('/api/me').set('Cookie', cookie.split(';')[0]).expect(200);
    const me = await t.http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    expect(me.body).toMatchObject({ id: parent.id, displayName: parent.displayName, role: 'parent', organisation: null });
  });

  it('stores only a hash of the token', async () => {
    const parent = await t.factories.user('parent');
    const res = await login({ email: parent.email, password: TEST_PASSWORD }).expect(200);
    const rows = await t.dataSource.query(`SELECT token_hash FROM user_session WHERE user_id = $1`, [parent.id]);
    for (const row of rows) expect(Buffer.from(row.token_hash).toString('base64url')).not.toBe(res.body.token);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const parent = await t.factories.user('parent');
    const wrong = await login({ email: parent.email, password: 'not-the-password-at-all' }).expect(401);
    const unknown = await login({ email: 'nobody-here@example.test', password: 'not-the-password-at-all' }).expect(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('rejects malformed input naming the field, and unknown fields', async () => {
    const res = await login({ email: 'not-an-email', password: 5 }).expect(400);
    expect(res.body.fields).toEqual(expect.arrayContaining(['email', 'password']));
    const extra = await login({ email: 'a@example.test', password: 'x', admin: true }).expect(400);
    expect(extra.body.message.join(' ')).toContain('admin');
  });

  it('revokes the session at logout, at once', async () => {
    const parent = await t.factories.user('parent');
    const res = await login({ email: parent.email, password: TEST_PASSWORD }).expect(200);
    const auth = { Authorization: `Bearer ${res.body.token}` };
    await t.http().post('/api/auth/logout').set(auth).expect(204);
    await t.http().get('/api/me').set(auth).expect(401);
  });

  it('expires idle and absolutely expired sessions', async () => {
    const parent = await t.factories.user('parent');
    const idle = await t.factories.session(parent.id);
    await t.dataSource.query(`UPDATE user_session SET last_seen_at = now() - interval '61 minutes' WHERE user_id = $1`, [parent.id]);
    await t.http().get('/api/me').set(bearer({ token: idle })).expect(401);
    const old = await t.factories.session(parent.id);
    await t.dataSource.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL AND user_id = $1`, [parent.id]);
    await t.http().get('/api/me').set(bearer({ token: old })).expect(401);
  });

  it('enrols a professional in TOTP; until then the session may only enrol', async () => {
    const admin = await t.factories.user('admin', { totp: false });
    const first = await login({ email: admin.email, password: TEST_PASSWORD }).expect(200);
    expect(first.body.totpSetupRequired).toBe(true);
    const auth = { Authorization: `Bearer ${first.body.token}` };
    const refused = await t.http().get('/api/organisations').set(auth).expect(403);
    expect(refused.body.code).toBe('totp_setup_required');
    await t.http().get('/api/me').set(auth).expect(200);

    const setup = await t.http().post('/api/auth/totp/setup').set(auth).expect(200);
    expect(setup.body.otpauthUrl).toContain(encodeURIComponent(admin.email));
    await t.http().post('/api/auth/totp/enable').set(auth).send({ code: '000000' === currentTotp(setup.body.secret) ? '111111' : '000000' }).expect(400);
    const enabled = await t.http().post('/api/auth/totp/enable').set(auth).send({ code: currentTotp(setup.body.secret) }).expect(200);
    expect(enabled.body.totpEnabled).toBe(true);
    await t.http().get('/api/organisations').set(auth).expect(200);

    // From now on the login needs the code.
    const missing = await login({ email: admin.email, password: TEST_PASSWORD }).expect(401);
    expect(missing.body.code).toBe('totp_required');
    const wrong = await login({ email: admin.email, password: TEST_PASSWORD, totp: '123456' === currentTotp(setup.body.secret) ? '654321' : '123456' }).expect(401);
    expect(wrong.body.code).toBe('totp_invalid');
  });

  it('refuses a TOTP code replayed within its window', async () => {
    const coordinator = await t.factories.user('coordinator');
    const code = currentTotp(coordinator.totpSecret!);
    await login({ email: coordinator.email, password: TEST_PASSWORD, totp: code }).expect(200);
    const replay = await login({ email: coordinator.email, password: TEST_PASSWORD, totp: code }).expect(401);
    expect(replay.body.code).toBe('totp_invalid');
  });

  it('revokes every other session when the password changes', async () => {
    const parent = await t.factories.user('parent');
    const other = await t.factories.session(parent.id);
    await t.http().post('/api/me/password').set(bearer(parent)).send({ currentPassword: 'wrong-password-here', newPassword: 'een-nieuw-lang-wachtwoord' }).expect(400);
    const weak = await t.http().post('/api/me/password').set(bearer(parent)).send({ currentPassword: TEST_PASSWORD, newPassword: 'password1234' }).expect(400);
    expect(weak.body.field).toBe('newPassword');
    await t.http().get('/api/me').set(bearer({ token: other })).expect(200);
    await t.http().post('/api/me/password').set(bearer(parent)).send({ currentPassword: TEST_PASSWORD, newPassword: 'een-nieuw-lang-wachtwoord' }).expect(204);
    await t.http().get('/api/me').set(bearer({ token: other })).expect(401);
    await t.http().get('/api/me').set(bearer(parent)).expect(200);
    await login({ email: parent.email, password: 'een-nieuw-lang-wachtwoord' }).expect(200);
  });

  it('rate-limits failed logins per account with 429 and Retry-After; successes do not count', async () => {
    const parent = await t.factories.user('parent');
    for (let i = 0; i < 5; i++) await login({ email: parent.email, password: TEST_PASSWORD }).expect(200);
    for (let i = 0; i < 3; i++) await login({ email: parent.email, password: 'wrong-password-guess' }).expect(401);
    const blocked = await login({ email: parent.email, password: TEST_PASSWORD }).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.code).toBe('rate_limited');
  });

  it('lets no more guesses through than the limit, even when they arrive all at once', async () => {
    const parent = await t.factories.user('parent');
    const answers = await Promise.all(Array.from({ length: 10 }, () => login({ email: parent.email, password: 'wrong-password-guess' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    await login({ email: parent.email, password: TEST_PASSWORD }).expect(429);
  });

  it('does not count a professional\'s first step (password right, code still to come)', async () => {
    const counsellor = await t.factories.user('counsellor');
    for (let i = 0; i < 5; i++) await login({ email: counsellor.email, password: TEST_PASSWORD }).expect(401).expect((r) => expect(r.body.code).toBe('totp_required'));
    await login({ email: counsellor.email, password: TEST_PASSWORD, totp: currentTotp(counsellor.totpSecret!) }).expect(200);
  });
});

describe('login rate limit per address (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
  });
  afterAll(() => t.close());

  it('blocks an address that guesses across many accounts', async () => {
    for (let i = 0; i < 4; i++) {
      await t.http().post('/api/auth/login').send({ email: `guess${i}@example.test`, password: 'wrong-password-guess' }).expect(401);
    }
    const parent = await t.factories.user('parent');
    await t.http().post('/api/auth/login').send({ email: parent.email, password: TEST_PASSWORD }).expect(429);
  });
});
