import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { currentTotp } from '../src/auth/totp.js';
import { JSON_BODY_LIMIT } from '../src/bootstrap.js';
import { startAppProcess, killGroup, type AppProcess } from './helpers/app-process.js';
import { bearer, TEST_PASSWORD } from './helpers/factories.js';
import { MailBox } from './helpers/mail.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase, withAdminClient, testServer } from './helpers/test-database.js';

describe('operations: health, metrics, OpenAPI (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('GET /health answers 200 with the database up, without a login', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('GET /metrics serves Prometheus text with the request histogram and process metrics', async () => {
    await t.http().get('/api/me').expect(401);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/# TYPE eenverhaal_http_request_duration_seconds histogram/);
    expect(res.text).toMatch(/eenverhaal_http_request_duration_seconds_count\{method="GET",route="\/api\/me",status="401"\} \d+/);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('labels unknown paths as one route, so scanners cannot blow up the metric cardinality', async () => {
    await t.http().get('/api/no/such/path/12345').expect(404);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).not.toContain('12345');
    expect(res.text).toMatch(/route="unmatched",status="404"/);
  });

  it('serves the OpenAPI document at /api/docs-json, listing the routes and DTO schemas', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.title).toBe('Eenverhaal API');
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(expect.arrayContaining([
      '/health', '/api/auth/login', '/api/auth/logout', '/api/auth/totp/setup', '/api/auth/totp/enable',
      '/api/me', '/api/me/password', '/api/organisations', '/api/organisations/{id}', '/api/invitations', '/api/invitations/{token}/accept',
    ]));
    expect(paths).not.toContain('/metrics');
    expect(res.body.paths['/api/auth/login'].post).toBeDefined();
    const schemas = res.body.components.schemas;
    expect(Object.keys(schemas.LoginDto.properties)).toEqual(expect.arrayContaining(['email', 'password', 'totp']));
    expect(schemas.CreateOrganisationDto.properties.kind.enum).toEqual(expect.arrayContaining(['support_team', 'expert_pool']));
    expect(res.body.components.securitySchemes).toHaveProperty('bearer');
  });

  it('serves the OpenAPI UI at /api/docs as HTML that runs under the strict CSP (no inline script)', async () => {
    const res = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
    const scripts = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src=/);
      expect(body.trim()).toBe('');
    }
    // The scripts it loads are there.
    for (const [, attributes] of scripts) {
      const src = /src="([^"]+)"/.exec(attributes)![1];
      await t.http().get(src.startsWith('/') ? src : `/api/docs/${src.replace(/^\.\//, '')}`).expect(200);
    }
  });
});

describe('operations: hardening (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('sends security headers: a strict CSP without inline script, nosniff, no framing, no X-Powered-By', async () => {
    for (const path of ['/', '/health', '/api/me', '/api/docs', '/api/docs-json', '/api/cases/not-a-uuid']) {
      const res = await t.http().get(path);
      const csp = String(res.headers['content-security-policy']);
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends the headers only an HTML document reads with pages, and leaves them off API answers', async () => {
    const documentOnly = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];
    for (const path of ['/', '/cases', '/api/docs', '/no-such-page']) {
      const res = await t.http().get(path);
      for (const name of documentOnly) expect([path, name, res.headers[name]]).toEqual([path, name, expect.any(String)]);
    }
    const parent = await t.factories.user('parent');
    const answers = { 'GET /api/me': await t.http().get('/api/me').set(bearer(parent)).expect(200), '401': await t.http().get('/api/me').expect(401), 'malformed path': await t.http().get('/api/%E0%A4%A').expect(400) };
    for (const [what, res] of Object.entries(answers)) {
      for (const name of documentOnly) expect([what, name, res.headers[name]]).toEqual([what, name, undefined]);
    }
  });

  it('sends no CORS headers to a foreign origin, not even on a preflight', async () => {
    const parent = await t.factories.user('parent');
    const simple = await t.http().get('/api/me').set(bearer(parent)).set('Origin', 'https://evil.example').expect(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await t.http().options('/api/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it(`refuses a JSON body over ${JSON_BODY_LIMIT} with 413 before it reaches a handler`, async () => {
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(300 * 1024) })).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', code: 'body_too_large' });
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM rate_limit`);
    expect(row.n).toBe(0);
  });

  it('answers malformed JSON with 400 code malformed_json, never a 500 or a parser message', async () => {
    for (const body of ['{"email": "a@example.test", "password": ', '{email: 1}', '[1, 2', '"unterminated']) {
      const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'malformed_json' });
      expect(JSON.stringify(res.body)).not.toMatch(/Unexpected|position|SyntaxError|at /);
    }
  });

  it('answers wrong JSON types (an array, a number, null) with 400, never a 500', async () => {
    for (const body of ['[]', '42', 'null', '{"email": {"$ne": 1}, "password": ["x"]}']) {
      const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
    }
  });

  it('echoes the request id: a well-formed incoming X-Request-Id is reused, anything else replaced', async () => {
    const generated = await t.http().get('/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const reused = await t.http().get('/health').set('X-Request-Id', 'lb-7f3a.42_x').expect(200);
    expect(reused.headers['x-request-id']).toBe('lb-7f3a.42_x');
    for (const bad of ['has spaces in it', 'x'.repeat(101), 'semi;colon', '<script>']) {
      const res = await t.http().get('/health').set('X-Request-Id', bad).expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers an unknown route with the contract 404 shape and the request id, no stack', async () => {
    const res = await t.http().get('/api/does-not-exist').set('X-Request-Id', 'req-404-test').expect(404);
    expect(res.body).toEqual({
      statusCode: 404, error: 'Not Found', message: expect.any(String), code: 'not_found', requestId: 'req-404-test',
    });
    expect(res.headers['x-request-id']).toBe('req-404-test');
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });

  it('puts the request id in every error body, and speaks Dutch unless the client prefers English', async () => {
    const nl = await t.http().get('/api/me').expect(401);
    expect(nl.body).toMatchObject({ statusCode: 401, code: 'not_authenticated', message: 'U bent niet (meer) ingelogd.' });
    expect(nl.body.requestId).toBe(nl.headers['x-request-id']);
    const en = await t.http().get('/api/me').set('Accept-Language', 'en-GB,en;q=0.9').expect(401);
    expect(en.body.message).toBe('You are not logged in (any more).');
  });

  it('answers a bad UUID in a path with 400 invalid_id naming the parameter, on every module alike (one pipe), never a 500', async () => {
    const admin = await t.factories.user('admin');
    const counsellor = await t.factories.user('counsellor');
    const res = await t.http().get('/api/organisations/not-a-uuid').set(bearer(admin)).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'invalid_id', field: 'id' });
    for (const path of ['/api/cases/not-a-uuid', '/api/cases/not-a-uuid/threads', '/api/threads/not-a-uuid/messages', '/api/attachments/not-a-uuid', '/api/users/not-a-uuid/keys']) {
      const each = await t.http().get(path).set(bearer(counsellor)).expect(400);
      expect({ path, code: each.body.code, field: each.body.field }).toEqual({ path, code: 'invalid_id', field: 'id' });
    }
  });

  it('rejects wrong and replayed TOTP codes at enrolment with a 4xx naming the field', async () => {
    const counsellor = await t.factories.user('counsellor', { totp: false });
    const token = await t.factories.session(counsellor.id, false);
    const setup = await t.http().post('/api/auth/totp/setup').set(bearer({ token })).expect(200);
    const bad = await t.http().post('/api/auth/totp/enable').set(bearer({ token })).send({ code: 'abcdef' }).expect(400);
    expect(bad.body.fields).toEqual(['code']);
    const code = currentTotp(setup.body.secret);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await t.http().post('/api/auth/totp/enable').set(bearer({ token })).send({ code: wrong }).expect(400);
    expect(refused.body).toMatchObject({ code: 'totp_invalid', field: 'code' });
    const [row] = await t.dataSource.query(`SELECT totp_enabled_at FROM app_user WHERE id = $1`, [counsellor.id]);
    expect(row.totp_enabled_at).toBeNull();

    // The code that completed enrolment cannot be replayed to log in within its window; no session is made.
    await t.http().post('/api/auth/totp/enable').set(bearer({ token })).send({ code }).expect(200);
    const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1`, [counsellor.id]);
    const replay = await t.http().post('/api/auth/login').send({ email: counsellor.email, password: TEST_PASSWORD, totp: code }).expect(401);
    expect(replay.body).toMatchObject({ code: 'totp_invalid', field: 'totp' });
    const [after] = await t.dataSource.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1`, [counsellor.id]);
    expect(after.n).toBe(before.n);
  });
});

describe('operations: metrics token and database outage (e2e)', () => {
  it('demands METRICS_TOKEN as Bearer when it is set', async () => {
    const t = await createTestApp({ METRICS_TOKEN: 'scrape-secret-0123456789' });
    try {
      const none = await t.http().get('/metrics').expect(401);
      expect(none.body.code).toBe('not_authenticated');
      await t.http().get('/metrics').set('Authorization', 'Bearer scrape-secret-012345678X').expect(401);
      await t.http().get('/metrics').set('Authorization', 'Bearer short').expect(401);
      const ok = await t.http().get('/metrics').set('Authorization', 'Bearer scrape-secret-0123456789').expect(200);
      expect(ok.text).toMatch(/eenverhaal_http_request_duration_seconds/);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('answers /health with 503 while the database refuses connections, and 200 again once it is back', async () => {
    const t = await createTestApp();
    const name = new URL(t.databaseUrl).pathname.slice(1);
    const admin = (sql: string) => withAdminClient(testServer().adminUrl, (c) => c.query(sql));
    try {
      await t.http().get('/health').expect(200);
      // Cut the app's query pool off (its application_name) and refuse new connections: an outage as the pool sees it.
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND application_name = 'eenverhaal'`);
      const res = await t.http().get('/health').expect(503);
      expect(res.body).toMatchObject({ status: 'error', database: 'down' });
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await t.http().get('/health').expect(200);
    } finally {
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await t.close();
    }
  }, 120_000);
});

describe('logs (child process)', () => {
  let app: AppProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    killGroup(app);
    await drop?.();
  });

  it('writes JSON lines with request ids and no passwords, tokens, TOTP secrets or email addresses', async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const email = 'Log.Probe.Beheerder@example.test';
    const password = 'geheim-log-wachtwoord-9431';
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-log-'));
    app = await startAppProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'trace', ADMIN_EMAIL: email, ADMIN_PASSWORD: password, DATA_DIR: dataDir });
    await app.waitForHealth();

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${app!.baseUrl}${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
    });
    const login = await post('/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    const { token } = await login.json() as { token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const setup = await post('/api/auth/totp/setup', {}, auth);
    const { secret } = await setup.json() as { secret: string };
    expect((await post('/api/auth/totp/enable', { code: currentTotp(secret) }, auth)).status).toBe(200);
    const organisation = await post('/api/organisations', { name: 'Probe Jeugdbescherming', kind: 'youth_protection', mailDomains: ['probe.example.test'] }, auth);
    const { id: organisationId } = await organisation.json() as { id: string };
    const invitation = await post('/api/invitations', { email: 'uitgenodigde.coordinator@probe.example.test', displayName: 'Coördinator Probe', role: 'coordinator', organisationId }, auth);
    expect(invitation.status).toBe(201);
    const invitationToken = await new MailBox(dataDir).invitationToken('uitgenodigde.coordinator@probe.example.test');
    expect((await post(`/api/invitations/${invitationToken}/accept`, { password: 'nog-een-geheim-wachtwoord-77' })).status).toBe(201);
    expect((await post('/api/auth/login', { email, password: 'wrong-password-in-log-test' })).status).toBe(401);
    expect((await post('/api/auth/login', { email: 'niemand@example.test', password })).status).toBe(401);
    await post('/api/auth/login', '{"email": "broken@example.test", "password": "half-json');
    await fetch(`${app.baseUrl}/api/me?token=${token}&email=${encodeURIComponent(email)}`, { headers: { ...auth, Cookie: `ev_session=${token}` } });
    await fetch(`${app.baseUrl}/api/me`, { headers: { 'X-Request-Id': 'log-probe-1' } });
    // Let pino flush.
    await new Promise((r) => setTimeout(r, 500));

    const log = app.stdout() + app.stderr();
    const lines = app.stdout().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requests.length).toBeGreaterThanOrEqual(8);
    expect(requests.find((l) => l.requestId === 'log-probe-1')).toMatchObject({ res: { statusCode: 401 }, req: { method: 'GET', url: '/api/me' } });
    expect(requests.find((l) => l.req.url.includes('/invitations/'))?.req.url).toBe('/api/invitations/[redacted]/accept');

    for (const secretValue of [password, 'nog-een-geheim-wachtwoord-77', 'wrong-password-in-log-test', token, invitationToken, secret, 'half-json']) {
      expect(log).not.toContain(secretValue);
    }
    for (const address of [email, email.toLowerCase(), 'uitgenodigde.coordinator@probe.example.test', 'niemand@example.test', 'broken@example.test', encodeURIComponent(email)]) {
      expect(log).not.toContain(address);
    }
    expect(log).not.toMatch(/authorization|cookie|user-agent/i);

    const stopped = await app.stop('SIGTERM');
    expect(stopped.code).toBe(0);
  }, 180_000);
});
