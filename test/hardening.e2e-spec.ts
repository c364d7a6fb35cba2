import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ArgumentsHost } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { HttpExceptionFilter } from '../src/common/http-exception.filter.js';
import { bearer, TEST_PASSWORD, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseScene, clientId, connectSocket, type CaseScene } from './messaging-fixtures.js';

/**
 * Issue 14, the hardening every route shares: JSON depth, NUL and lone surrogates, prototype keys,
 * CSRF, case-sensitive routes, Cache-Control and CSP, a malformed socket cookie. Attacks are sent
 * as an attacker would: raw JSON, raw socket.io packets, cross-site headers.
 */
const PUBLIC_URL = 'https://portaal.eenverhaal.test';

interface AckError { code: string; fields?: string[]; status: number }
interface Ack { ok: boolean; error?: AckError }

/** `n` arrays nested in each other: `[[[…]]]`. */
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('hardening that every route shares (e2e)', () => {
  let t: TestApp;
  let s: CaseScene;
  let threadId: string;
  const open: Socket[] = [];

  const rawJson = (method: 'post' | 'put', url: string, body: string) => t.http()[method](url).set('Content-Type', 'application/json').send(body);
  const cookie = (user: TestUser) => ({ Cookie: `ev_session=${user.token}` });
  const connect = async (user: TestUser, headers?: Record<string, string>) => {
    const socket = await connectSocket(t.baseUrl, { token: user.token, headers });
    open.push(socket);
    return socket;
  };
  /** Sends a socket.io event as raw text (no client-side encoding) and resolves with its ack. */
  const rawEmit = (socket: Socket, event: string, argsJson: string, id = 9001) => new Promise<Ack>((resolve, reject) => {
    const engine = socket.io.engine;
    const timer = setTimeout(() => reject(new Error('no ack')), 5000);
    const onPacket = (packet: { type: string; data?: unknown }) => {
      // Engine.io's own type is the packet's; its data is the socket.io packet: 3 (ACK), the id, the arguments.
      if (packet.type !== 'message' || typeof packet.data !== 'string' || !packet.data.startsWith(`3${id}[`)) return;
      clearTimeout(timer);
      engine.off('packet', onPacket);
      resolve((JSON.parse(packet.data.slice(`3${id}`.length)) as Ack[])[0]);
    };
    engine.on('packet', onPacket);
    engine.write(`2${id}[${JSON.stringify(event)},${argsJson}]`); // 2: EVENT
  });

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    s = await caseScene(t.factories);
    threadId = (await t.http().post(`/api/cases/${s.caseId}/threads`).set(bearer(s.counsellor))
      .send({ title: 'Hardening', memberIds: [s.parent.id] }).expect(201)).body.id;
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  describe('finding 3: JSON deeper than 32 levels is 400 too_deep before validation', () => {
    it('on the login, the public registration and an authenticated route; 32 levels still pass to validation', async () => {
      const login = (extra: string) => rawJson('post', '/api/auth/login', `{"email":"${s.parent.email}","password":"${TEST_PASSWORD}","x":${extra}}`);
      const tooDeep = await login(nested(32)).expect(400); // 1 (the body) + 32
      expect(tooDeep.body).toMatchObject({ code: 'too_deep', maxDepth: 32 });
      expect(tooDeep.body.requestId).toEqual(expect.any(String));
      const deepest = await login(nested(31)).expect(400);
      expect(deepest.body).toMatchObject({ code: 'validation_failed', fields: ['x'] });

      const deepObject = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
      expect((await rawJson('post', '/api/registrations', deepObject).expect(400)).body.code).toBe('too_deep');
      // Brackets inside strings do not count.
      const inString = JSON.stringify({ body: '['.repeat(200), clientMessageId: clientId() });
      await rawJson('post', `/api/threads/${threadId}/messages`, inString).set(bearer(s.parent)).expect(201);
      const deepMessage = `{"body":"hallo","clientMessageId":"${clientId()}","extra":${nested(100)}}`;
      const refused = await rawJson('post', `/api/threads/${threadId}/messages`, deepMessage).set(bearer(s.parent)).expect(400);
      expect(refused.body.code).toBe('too_deep');
    });

    it('costs no more than a flat body of the same size; a 1 MB one is refused by size at once', async () => {
      const size = 250_000;
      const deep = `{"a":${nested(size / 2)}}`;
      const flat = `{"a":[${Array.from({ length: size / 2 - 1 }, () => '0').join(',')}]}`;
      expect(Math.abs(deep.length - flat.length)).toBeLessThan(10);
      const time = async (body: string) => {
        const started = process.hrtime.bigint();
        const res = await rawJson('post', '/api/auth/login', body);
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, res };
      };
      await time(flat); // warm-up
      const flats: number[] = [];
      const deeps: number[] = [];
      for (let i = 0; i < 3; i++) {
        const f = await time(flat);
        expect(f.res.status).toBe(400);
        flats.push(f.ms);
        const d = await time(deep);
        expect(d.res.status).toBe(400);
        expect(d.res.body.code).toBe('too_deep');
        deeps.push(d.ms);
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      expect(median(deeps)).toBeLessThan(median(flats) * 3 + 50);

      const huge = await time(`{"a":${nested(500_000)}}`);
      expect(huge.res.status).toBe(413);
      expect(huge.ms).toBeLessThan(median(flats) * 3 + 200);
    });

    it('over the socket: 33 levels answer too_deep, 32 reach validation; a 250 kB nested payload is cheap', async () => {
      const socket = await connect(s.parent);
      const typing = (x: unknown) => socket.timeout(3000).emitWithAck('typing', { threadId, x }) as Promise<Ack>;
      const tooDeep = await typing(JSON.parse(nested(32)));
      expect(tooDeep).toMatchObject({ ok: false, error: { code: 'too_deep', status: 400 } });
      const deepest = await typing(JSON.parse(nested(31)));
      expect(deepest).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: ['x'] } });

      const started = Date.now();
      const big = await rawEmit(socket, 'message:send', `{"threadId":"${threadId}","body":"x","clientMessageId":"${clientId()}","x":${nested(120_000)}}`);
      expect(big).toMatchObject({ ok: false, error: { code: 'too_deep' } });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(socket.connected).toBe(true);
    });
  });

  describe('finding 4: NUL characters and lone surrogates are 400 naming the field', () => {
    const loneSurrogateEmail = '\ud800a@example.org';

    it('refuses a lone surrogate in every e-mail field (login, registration, invitation, participant look-up)', async () => {
      const expectField = (res: { status: number; body: { code?: string; fields?: string[] } }, field: string) => {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'validation_failed', fields: [field] });
      };
      // supertest's JSON.stringify writes the lone surrogate as the escape \ud800: valid JSON.
      expectField(await t.http().post('/api/auth/login').send({ email: loneSurrogateEmail, password: TEST_PASSWORD }), 'email');
      expectField(await t.http().post('/api/registrations').send({ route: 'parent', registrantType: 'parent', name: 'Kim', email: loneSurrogateEmail }), 'email');
      const admin = await t.factories.user('admin');
      expectField(await t.http().post('/api/invitations').set(bearer(admin)).send({ email: loneSurrogateEmail, displayName: 'A', role: 'parent' }), 'email');
      expectField(await t.http().post(`/api/cases/${s.caseId}/participants`).set(bearer(s.counsellor)).send({ email: loneSurrogateEmail, role: 'parent' }), 'email');
      // A low surrogate alone, and one in the password.
      expectField(await t.http().post('/api/auth/login').send({ email: s.parent.email, password: 'abc\udc00def' }), 'password');
      // A real pair (an emoji) is fine.
      await t.http().post('/api/auth/login').send({ email: s.parent.email, password: 'wrong 😀 password' }).expect(401);
    });

    it('refuses a NUL character in any text field, nested ones named by their path, and in query strings', async () => {
      const login = await t.http().post('/api/auth/login').send({ email: `a\u0000${s.parent.email}`, password: TEST_PASSWORD }).expect(400);
      expect(login.body).toMatchObject({ code: 'validation_failed', fields: ['email'] });
      expect(login.body.message).toMatch(/email/);
      const story = await t.http().put(`/api/cases/${s.caseId}/story`).set(bearer(s.parent))
        .send({ sections: [{ key: 'begin', title: 'Begin', text: 'Het begon\u0000 zo' }] }).expect(400);
      expect(story.body).toMatchObject({ code: 'validation_failed', fields: ['sections.0.text'] });
      const query = await t.http().get(`/api/threads/${threadId}/messages?before=%00`).set(bearer(s.parent)).expect(400);
      expect(query.body).toMatchObject({ code: 'validation_failed', fields: ['before'] });
      // Dutch by default, English on request.
      const en = await t.http().put(`/api/cases/${s.caseId}/story`).set(bearer(s.parent)).set('Accept-Language', 'en')
        .send({ sections: [{ key: 'begin', title: 'B\u0000', text: 'x' }] }).expect(400);
      expect(en.body.message).toMatch(/^sections\.0\.title: contains a character that is not allowed/);
    });

    it('over the socket', async () => {
      const socket = await connect(s.parent);
      const ack = await socket.timeout(3000).emitWithAck('typing', { threadId: `${threadId}\u0000` }) as Ack;
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: ['threadId'], status: 400 } });
      const send = await socket.timeout(3000).emitWithAck('message:send', { threadId, body: 'hoi\ud800', clientMessageId: clientId() }) as Ack;
      expect(send).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: ['body'] } });
    });

    it('maps PostgreSQL invalid-text errors to 400 as a safety net', async () => {
      const error = await t.dataSource.query('SELECT $1::text', ['a\u0000b']).then(() => undefined, (e: unknown) => e);
      expect((error as { driverError?: { code?: string } }).driverError?.code).toBe('22021');
      let status = 0;
      let body: Record<string, unknown> = {};
      // A Fastify reply, as far as the filter uses one.
      const response = {
        sent: false,
        raw: { headersSent: false },
        headers() { return this; },
        type() { return this; },
        code(code: number) { status = code; return this; },
        send(payload: Record<string, unknown>) { body = payload; return this; },
      };
      const host = {
        getType: () => 'http',
        switchToHttp: () => ({ getRequest: () => ({ id: 'r1', headers: {} }), getResponse: () => response }),
      } as unknown as ArgumentsHost;
      new HttpExceptionFilter().catch(error, host);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'invalid_value', requestId: 'r1' });
    });
  });

  describe('finding 6: CSRF', () => {
    const logout = (user: TestUser) => t.http().post('/api/auth/logout').set(cookie(user));
    const stillLoggedIn = async (user: TestUser) => t.http().get('/api/me').set(bearer(user)).expect(200);

    it('refuses cookie-authenticated state changes that are not JSON or not same-origin', async () => {
      const user = await t.factories.user('parent');
      for (const attempt of [
        logout(user).set('Origin', PUBLIC_URL).set('Content-Type', 'text/plain').send('{}'),
        logout(user).set('Origin', PUBLIC_URL),
        logout(user).set('Origin', PUBLIC_URL).set('Content-Type', 'application/x-www-form-urlencoded').send('a=b'),
        logout(user).set('Origin', 'https://evil.example').set('Content-Type', 'application/json').send('{}'),
        logout(user).set('Origin', 'null').set('Content-Type', 'application/json').send('{}'),
        logout(user).set('Content-Type', 'application/json').send('{}'),
        logout(user).set('Sec-Fetch-Site', 'same-site').set('Content-Type', 'application/json').send('{}'),
        logout(user).set('Sec-Fetch-Site', 'cross-site').set('Origin', PUBLIC_URL).set('Content-Type', 'application/json').send('{}'),
        logout(user).set('Origin', PUBLIC_URL).set('Content-Type', 'application/octet-stream').send(Buffer.from('x')),
      ]) {
        const res = await attempt;
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'csrf', statusCode: 403 });
      }
      await stillLoggedIn(user);
    });

    it('refuses a text/plain key rotation and story confirmation by cookie; accepts them as same-origin JSON', async () => {
      const coordinator = await t.factories.user('coordinator');
      const keys = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM organisation_key WHERE organisation_id = $1`, [coordinator.organisationId]))[0].n);
      const before = await keys();
      const rotate = () => t.http().post(`/api/organisations/${coordinator.organisationId}/key/rotate`).set(cookie(coordinator));
      expect((await rotate().set('Content-Type', 'text/plain').send('x').expect(403)).body.code).toBe('csrf');
      expect(await keys()).toBe(before);
      await rotate().set('Origin', PUBLIC_URL).set('Content-Type', 'application/json').send('{}').expect(201);
      expect(await keys()).toBeGreaterThan(before);

      await t.http().put(`/api/cases/${s.caseId}/story`).set(bearer(s.parent)).send({ sections: [{ key: 'begin', title: 'Begin', text: 'Zo begon het.' }] }).expect(200);
      const confirm = () => t.http().post(`/api/cases/${s.caseId}/story/confirm`).set(cookie(s.parent));
      expect((await confirm().set('Content-Type', 'text/plain').send('{}').expect(403)).body.code).toBe('csrf');
      expect((await t.http().get(`/api/cases/${s.caseId}/story`).set(bearer(s.parent)).expect(200)).body.confirmedByParentAt ?? null).toBeNull();
      // Sec-Fetch-Site alone (no Origin) is enough, and the request's own host is as good as PUBLIC_URL.
      await confirm().set('Sec-Fetch-Site', 'same-origin').set('Content-Type', 'application/json').send('{}').expect((r) => expect(r.status).toBeLessThan(300));
      await confirm().set('Origin', t.baseUrl).set('Content-Type', 'application/json; charset=utf-8').send('{}').expect((r) => expect(r.status).toBeLessThan(300));
    });

    it('lets a same-origin JSON logout through, and Bearer requests of any type', async () => {
      const a = await t.factories.user('parent');
      await logout(a).set('Origin', PUBLIC_URL).set('Content-Type', 'application/json').send('{}').expect(204);
      await t.http().get('/api/me').set(bearer(a)).expect(401);
      const b = await t.factories.user('parent');
      await t.http().post('/api/auth/logout').set(bearer(b)).expect(204);
      const c = await t.factories.user('parent');
      await t.http().post('/api/auth/logout').set(bearer(c)).set(cookie(c)).set('Content-Type', 'text/plain').send('x').expect(204);
    });

    it('allows the declared binary types on attachment uploads (same-origin only), nowhere else', async () => {
      const upload = () => t.http().post(`/api/threads/${threadId}/attachments`).set(cookie(s.parent));
      expect((await upload().set('Content-Type', 'text/plain').send('x').expect(403)).body.code).toBe('csrf');
      expect((await upload().set('Origin', 'https://evil.example').set('Content-Type', 'application/octet-stream').send(Buffer.from('x')).expect(403)).body.code).toBe('csrf');
      for (const type of ['application/octet-stream', 'application/pgp-encrypted']) {
        const res = await upload().set('Origin', PUBLIC_URL).set('Content-Type', type).send(Buffer.from('not an OpenPGP message'));
        expect(res.status).not.toBe(403);
        expect(res.body.code).not.toBe('csrf');
      }
    });

    it('the login (it sets the cookie) must be JSON and not cross-site', async () => {
      const form = await t.http().post('/api/auth/login').set('Content-Type', 'text/plain').send(JSON.stringify({ email: s.parent.email, password: TEST_PASSWORD }));
      expect(form.status).toBe(403);
      expect(form.body.code).toBe('csrf');
      expect(form.headers['set-cookie']).toBeUndefined();
      await t.http().post('/api/auth/login/').set('Content-Type', 'text/plain').send('x').expect(403);
      await t.http().post('/api/auth/login').set('Origin', 'https://evil.example').send({ email: s.parent.email, password: TEST_PASSWORD }).expect(403);
      await t.http().post('/api/auth/login').set('Sec-Fetch-Site', 'cross-site').send({ email: s.parent.email, password: TEST_PASSWORD }).expect(403);
      // A script (no Origin) and the web client (same origin) log in as before.
      await t.http().post('/api/auth/login').send({ email: s.parent.email, password: TEST_PASSWORD }).expect(200);
      await t.http().post('/api/auth/login').set('Origin', PUBLIC_URL).set('Sec-Fetch-Site', 'same-origin').send({ email: s.parent.email, password: TEST_PASSWORD }).expect(200);
    });
  });

  describe('finding 10: path letter case', () => {
    it('routes are case-sensitive: another spelling of a secret-bearing path is a 404', async () => {
      const lower = await t.http().post('/api/invitations/some-token/accept').send({});
      expect(lower.status).toBe(400);
      const upper = await t.http().post('/api/Invitations/some-token/accept').send({});
      expect(upper.status).toBe(404);
      await t.http().get('/api/me').set(bearer(s.parent)).expect(200);
      await t.http().get('/api/ME').set(bearer(s.parent)).expect(404);
      await t.http().get('/api/Verify/ABCD-EFGH').expect(404);
      await t.http().get(`/api/Threads/${threadId}/messages`).set(bearer(s.parent)).expect(404);
    });
  });

  describe('finding 12: prototype keys, Cache-Control, CSP, malformed socket cookie', () => {
    it('refuses __proto__, constructor and prototype keys like unknown fields', async () => {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const res = await rawJson('post', '/api/auth/login', `{"email":"${s.parent.email}","password":"${TEST_PASSWORD}","${key}":{"role":"admin"}}`).expect(400);
        expect(res.body).toMatchObject({ code: 'validation_failed', fields: [key] });
        expect(res.body.message).toEqual([`property ${key} should not exist`]);
      }
      const nestedKey = await rawJson('put', `/api/cases/${s.caseId}/story`, '{"sections":[{"key":"a","title":"b","text":"c","__proto__":{"x":1}}]}')
        .set(bearer(s.parent)).expect(400);
      expect(nestedKey.body.fields).toEqual(['sections.0.__proto__']);
    });

    it('refuses them over the socket too', async () => {
      const socket = await connect(s.parent);
      const payload = JSON.parse(`{"threadId":"${threadId}","__proto__":{"x":1}}`);
      const ack = await socket.timeout(3000).emitWithAck('typing', payload) as Ack;
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: ['__proto__'] } });
      const raw = await rawEmit(socket, 'message:send', `{"threadId":"${threadId}","body":"x","clientMessageId":"${clientId()}","constructor":{"prototype":1}}`);
      expect(raw).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: ['constructor'] } });
    });

    it('every authenticated answer carries Cache-Control: no-store, errors included', async () => {
      for (const res of [
        await t.http().get('/api/me').set(bearer(s.parent)).expect(200),
        await t.http().get('/api/me').set(cookie(s.parent)).expect(200),
        await t.http().get(`/api/threads/${threadId}/messages`).set(bearer(s.parent)).expect(200),
        await t.http().get('/api/cases/00000000-0000-4000-8000-000000000000').set(bearer(s.parent)).expect(404),
        await t.http().post('/api/auth/login').send({ email: s.parent.email, password: TEST_PASSWORD }).expect(200),
      ]) {
        expect(res.headers['cache-control']).toMatch(/no-store/);
      }
    });

    it('the CSP does not allow inline styles, and the built web client needs none', async () => {
      const res = await t.http().get('/api/me').expect(401);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/style-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      const index = path.resolve('dist/web/index.html');
      if (existsSync(index)) {
        const html = readFileSync(index, 'utf8');
        expect(html).not.toMatch(/<style|\sstyle=/i);
      }
    });

    it('a malformed socket cookie answers not_authenticated', async () => {
      const error = await connectSocket(t.baseUrl, { headers: { Cookie: 'ev_session=%E0%A4%A' } }).then(
        (socket) => { socket.close(); return undefined; },
        (e: Error) => e,
      );
      expect(error?.message).toBe('not_authenticated');
    });
  });
});
