import { randomBytes } from 'node:crypto';
import { decryptClientSecret } from '../src/auth/oidc/client-secret.crypto.js';
import { currentTotp } from '../src/auth/totp.js';
import { changeOrganisationKeyPassphrase } from '../src/verification/key-passphrase-change.js';
import { KeyEncryptionPassphrase } from '../src/verification/key-encryption-passphrase.js';
import { createTestAppAtOrigin, freePort } from './helpers/browser.js';
import { bearer, TEST_PASSWORD, type TestUser } from './helpers/factories.js';
import { loginAtProvider, startOidcProvider, type TestOidcProvider } from './helpers/oidc-provider.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// OpenID Connect login (issue 22) against a real provider (oidc-provider) in this process.
describe('login with the organisation identity provider (OpenID Connect, e2e)', () => {
  let t: TestApp;
  let origin: string;
  let forwarder: { close(): Promise<void> };
  let idp: TestOidcProvider;
  let admin: TestUser;
  let org: { id: string; name: string };
  let gijs: TestUser;
  let redirectUri: string;

  beforeAll(async () => {
    ({ t, origin, forwarder } = await createTestAppAtOrigin());
    redirectUri = `${origin}/api/auth/oidc/callback`;
    idp = await startOidcProvider({ redirectUri, postLogoutRedirectUri: `${origin}/login` });
    admin = await t.factories.user('admin');
    org = await t.factories.organisation('youth_protection', 'Jeugdbescherming Test', ['jbt.example']);
    gijs = await t.factories.user('partner', { organisationId: org.id, email: 'gijs@jbt.example' });
    const res = await t.http().put(`/api/organisations/${org.id}/identity-provider`).set(bearer(admin))
      .send({ issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, mfaSatisfiedBy: ['mfa', 'hwk'] });
    expect(res.status).toBe(200);
  }, 60_000);
  afterEach(() => { idp.tamperIdToken = null; });
  afterAll(async () => {
    await idp?.close();
    await forwarder?.close();
    await t?.close();
  });

  const cookieOf = (res: Response, name: string) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return decodeURIComponent(pair.slice(name.length + 1));
    }
    return undefined;
  };

  /** GET …/start as a browser would: the provider's URL and this browser's binding cookie. */
  async function start(organisationId = org.id): Promise<{ status: number; location: string; browser?: string }> {
    const res = await fetch(`${origin}/api/auth/oidc/${organisationId}/start`, { redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location') ?? '', browser: cookieOf(res, 'ev_oidc') };
  }

  /** The provider's redirect back, delivered with (or without) the browser's binding cookie. */
  async function callback(url: string, browser?: string): Promise<{ status: number; location: string; session?: string }> {
    const res = await fetch(url, { redirect: 'manual', headers: browser ? { cookie: `ev_oidc=${browser}` } : {} });
    return { status: res.status, location: res.headers.get('location') ?? '', session: cookieOf(res, 'ev_session') };
  }

  async function fullLogin(email: string, options: { mfa?: boolean } = {}) {
    const begun = await start();
    expect(begun.status).toBe(302);
    const back = await loginAtProvider(begun.location, redirectUri, email, options);
    return { begun, back, result: await callback(back, begun.browser) };
  }

  const sessionsOf = async (userId: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1`, [userId]))[0].n as number;

  describe('configuration by an admin', () => {
    it('stores the client secret encrypted under the organisation keys\' passphrase and never returns it', async () => {
      const res = await t.http().get(`/api/organisations/${org.id}/identity-provider`).set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        organisationId: org.id, issuer: idp.issuer, clientId: idp.clientId, mfaSatisfiedBy: ['mfa', 'hwk'],
        redirectUri, postLogoutRedirectUri: `${origin}/login`, updatedAt: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toContain(idp.clientSecret);
      const [row] = await t.dataSource.query(`SELECT client_secret_encrypted FROM organisation_identity_provider WHERE organisation_id = $1`, [org.id]);
      expect(row.client_secret_encrypted).toMatch(/^-----BEGIN PGP MESSAGE-----/);
      expect(row.client_secret_encrypted).not.toContain(idp.clientSecret);
      expect(await decryptClientSecret(row.client_secret_encrypted, await t.app.get(KeyEncryptionPassphrase).get())).toBe(idp.clientSecret);
      const audit = await t.dataSource.query(`SELECT details FROM audit_event WHERE action LIKE 'organisation.identity_provider_%' AND subject_id = $1`, [org.id]);
      expect(audit.length).toBeGreaterThan(0);
      expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
    });

    it('refuses bad input naming the field, and everyone but an admin', async () => {
      const other = await t.factories.organisation('municipality', 'Gemeente Zonder', ['zonder.example']);
      const put = (body: unknown, who: TestUser = admin) => t.http().put(`/api/organisations/${other.id}/identity-provider`).set(bearer(who)).send(body as object);
      const noSecret = await put({ issuer: 'https://idp.zonder.example', clientId: 'portal' });
      expect(noSecret.status).toBe(400);
      expect(noSecret.body.message).toEqual(expect.stringContaining('clientSecret'));
      const plainHttp = await put({ issuer: 'http://idp.zonder.example', clientId: 'portal', clientSecret: 'x' });
      expect(plainHttp.status).toBe(400);
      expect(JSON.stringify(plainHttp.body.message)).toContain('issuer');
      const unknownField = await put({ issuer: 'https://idp.zonder.example', clientId: 'portal', clientSecret: 'x', scope: 'all' });
      expect(unknownField.status).toBe(400);
      const badAmr = await put({ issuer: 'https://idp.zonder.example', clientId: 'portal', clientSecret: 'x', mfaSatisfiedBy: ['mfa and more'] });
      expect(badAmr.status).toBe(400);
      expect(JSON.stringify(badAmr.body.message)).toContain('mfaSatisfiedBy');
      const coordinator = await t.factories.user('coordinator');
      expect((await put({ issuer: 'https://idp.zonder.example', clientId: 'portal', clientSecret: 'x' }, coordinator)).status).toBe(403);
      expect((await t.http().get(`/api/organisations/${other.id}/identity-provider`).set(bearer(admin))).status).toBe(404);
      expect((await t.http().get(`/api/organisations/${t.factories.randomId()}/identity-provider`).set(bearer(admin))).status).toBe(404);
      expect((await t.http().put(`/api/organisations/${t.factories.randomId()}/identity-provider`).set(bearer(admin))
        .send({ issuer: 'https://idp.zonder.example', clientId: 'portal', clientSecret: 'x' })).status).toBe(404);
    });
  });

  it('tells the login page which provider serves an address by its domain', async () => {
    const found = await t.http().get('/api/auth/oidc/providers').query({ email: 'Iemand@JBT.example' });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ organisationId: org.id, name: 'Jeugdbescherming Test', startUrl: `/api/auth/oidc/${org.id}/start` });
    expect((await t.http().get('/api/auth/oidc/providers').query({ email: 'iemand@elders.example' })).status).toBe(404);
    const bad = await t.http().get('/api/auth/oidc/providers').query({ email: 'geen-adres' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.stringContaining('email'));
  });

  it('logs an existing account in through the provider (code + PKCE + state + nonce); a second factor in amr skips TOTP', async () => {
    const { begun, result } = await fullLogin('gijs@jbt.example', { mfa: true });
    const authorize = new URL(begun.location);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(authorize.searchParams.get(p)?.length).toBeGreaterThanOrEqual(32);
    expect(authorize.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(result).toEqual({ status: 302, location: '/', session: expect.any(String) });

    const me = await t.http().get('/api/me').set('Authorization', `Bearer ${result.session}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: gijs.id, email: 'gijs@jbt.example', secondFactorPending: false, signedInWithOrganisationId: org.id });
    expect((await t.http().get('/api/cases').set('Authorization', `Bearer ${result.session}`)).status).toBe(200);
    const [event] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'auth.login' AND actor_user_id = $1 ORDER BY seq DESC LIMIT 1`, [gijs.id]);
    expect(event.details).toEqual({ method: 'oidc', organisationId: org.id, providerSecondFactor: true });
  });

  it('without a second factor in the ID token the session must still give the TOTP code', async () => {
    const { result } = await fullLogin('gijs@jbt.example');
    expect(result.status).toBe(302);
    const auth = { Authorization: `Bearer ${result.session}` };
    expect((await t.http().get('/api/me').set(auth)).body.secondFactorPending).toBe(true);
    const refused = await t.http().get('/api/cases').set(auth);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('second_factor_required');
    const wrong = await t.http().post('/api/auth/totp/verify').set(auth).send({ code: currentTotp(gijs.totpSecret!) === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('totp_invalid');
    const right = await t.http().post('/api/auth/totp/verify').set(auth).send({ code: currentTotp(gijs.totpSecret!, Date.now() + 30_000) });
    expect(right.status).toBe(200);
    expect((await t.http().get('/api/cases').set(auth)).status).toBe(200);
    expect((await t.http().get('/api/me').set(auth)).body.secondFactorPending).toBe(false);
  });

  it('refuses a wrong state, and a state from another browser', async () => {
    const before = await sessionsOf(gijs.id);
    const begun = await start();
    const back = new URL(await loginAtProvider(begun.location, redirectUri, 'gijs@jbt.example', { mfa: true }));
    const forged = new URL(back);
    forged.searchParams.set('state', randomBytes(32).toString('base64url'));
    expect(await callback(forged.href, begun.browser)).toEqual({ status: 302, location: '/login?oidc_error=oidc_state_invalid', session: undefined });
    const begun2 = await start();
    const back2 = await loginAtProvider(begun2.location, redirectUri, 'gijs@jbt.example', { mfa: true });
    expect(await callback(back2 /* no binding cookie: another browser */)).toEqual({ status: 302, location: '/login?oidc_error=oidc_state_invalid', session: undefined });
    expect(await sessionsOf(gijs.id)).toBe(before);
  });

  it('refuses a replayed callback and a replayed code', async () => {
    const first = await fullLogin('gijs@jbt.example', { mfa: true });
    expect(first.result.status).toBe(302);
    expect(first.result.session).toBeDefined();
    const after = await sessionsOf(gijs.id);
    // The same callback again: the state was used up.
    expect((await callback(first.back, first.begun.browser)).location).toBe('/login?oidc_error=oidc_state_invalid');
    // The used code under a fresh, valid state of a new attempt: the provider refuses it.
    const begun = await start();
    const state = new URL(begun.location).searchParams.get('state')!;
    const replay = new URL(first.back);
    replay.searchParams.set('state', state);
    expect(await callback(replay.href, begun.browser)).toEqual({ status: 302, location: '/login?oidc_error=oidc_failed', session: undefined });
    expect(await sessionsOf(gijs.id)).toBe(after);
  });

  it('refuses an ID token for another audience and an expired one (validly signed by the provider)', async () => {
    const before = await sessionsOf(gijs.id);
    idp.tamperIdToken = (claims) => ({ ...claims, aud: 'another-client' });
    expect((await fullLogin('gijs@jbt.example', { mfa: true })).result).toEqual({ status: 302, location: '/login?oidc_error=oidc_failed', session: undefined });
    const now = Math.floor(Date.now() / 1000);
    idp.tamperIdToken = (claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 });
    expect((await fullLogin('gijs@jbt.example', { mfa: true })).result).toEqual({ status: 302, location: '/login?oidc_error=oidc_failed', session: undefined });
    expect(await sessionsOf(gijs.id)).toBe(before);
    // Refused for the claims themselves (the audit names the check, never the token).
    const failures: { details: { failure: string; reason: string } }[] = await t.dataSource.query(
      `SELECT details FROM audit_event WHERE action = 'auth.oidc_login_failed' AND subject_id = $1 ORDER BY seq DESC LIMIT 2`, [org.id]);
    expect(failures.map((f) => f.details.failure)).toEqual(['oidc_failed', 'oidc_failed']);
    expect(failures[1].details.reason).toMatch(/CLAIM_COMPARISON_FAILED/); // aud
    expect(failures[0].details.reason).toMatch(/TIMESTAMP_CHECK_FAILED/); // exp
  });

  it('never creates an account: an address without one, or of another organisation, or outside the verified domains, is refused', async () => {
    const users = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user`))[0].n as number;
    const count = await users();
    expect((await fullLogin('niemand@jbt.example', { mfa: true })).result).toEqual({ status: 302, location: '/login?oidc_error=oidc_no_account', session: undefined });
    const elsewhere = await t.factories.organisation('municipality', 'Gemeente Elders');
    await t.factories.user('partner', { organisationId: elsewhere.id, email: 'ander@jbt.example' });
    expect((await fullLogin('ander@jbt.example', { mfa: true })).result.location).toBe('/login?oidc_error=oidc_no_account');
    await t.factories.user('partner', { organisationId: org.id, email: 'extern@niet-geverifieerd.example' });
    expect((await fullLogin('extern@niet-geverifieerd.example', { mfa: true })).result.location).toBe('/login?oidc_error=oidc_no_account');
    expect(await users()).toBe(count + 2); // only the two the test made itself
  });

  it('a provider that is down: a clear answer, and the password login still works', async () => {
    const down = await t.factories.organisation('child_protection_board', 'Raad Test', ['raad.example']);
    const res = await t.http().put(`/api/organisations/${down.id}/identity-provider`).set(bearer(admin))
      .send({ issuer: `http://127.0.0.1:${await freePort()}`, clientId: 'portal', clientSecret: 'secret-of-a-provider-that-is-down' });
    expect(res.status).toBe(200);
    const begun = await start(down.id);
    expect(begun).toEqual({ status: 302, location: '/login?oidc_error=oidc_provider_unavailable', browser: undefined });
    const raad = await t.factories.user('partner', { organisationId: down.id, email: 'rita@raad.example' });
    const login = await t.http().post('/api/auth/login').send({ email: raad.email, password: TEST_PASSWORD, totp: currentTotp(raad.totpSecret!) });
    expect(login.status).toBe(200);
  });

  it('offers the provider\'s logout (RP-initiated) after the portal\'s own', async () => {
    const res = await fetch(`${origin}/api/auth/oidc/${org.id}/logout`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get('client_id')).toBe(idp.clientId);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${origin}/login`);
    const end = await fetch(location, { redirect: 'manual' });
    expect(end.status).toBeLessThan(400); // the provider knows the client and the redirect
  });

  it('npm run keys:passphrase moves the client secrets along with the organisation keys', async () => {
    const current = await t.app.get(KeyEncryptionPassphrase).get();
    const next = `a-new-passphrase-${randomBytes(8).toString('hex')}`;
    await changeOrganisationKeyPassphrase(t.dataSource, current, next);
    const [row] = await t.dataSource.query(`SELECT client_secret_encrypted FROM organisation_identity_provider WHERE organisation_id = $1`, [org.id]);
    expect(await decryptClientSecret(row.client_secret_encrypted, next)).toBe(idp.clientSecret);
    await expect(decryptClientSecret(row.client_secret_encrypted, current)).rejects.toThrow();
  });
});

describe('starting provider logins is rate limited per address (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1' }); });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once an address started ten times the failed-login limit', async () => {
    const organisationId = t.factories.randomId();
    for (let i = 0; i < 10; i++) expect((await t.http().get(`/api/auth/oidc/${organisationId}/start`)).status).toBe(404);
    const limited = await t.http().get(`/api/auth/oidc/${organisationId}/start`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
