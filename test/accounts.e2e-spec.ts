import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase, withAdminClient } from './helpers/test-database.js';


describe('organisations (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.factories.user('admin');
  }, 120_000);
  afterAll(() => t.close());

  it('lets an admin create an organisation of every kind in the contract, and audits it', async () => {
    for (const kind of ['support_team', 'youth_protection', 'child_protection_board', 'foster_care', 'municipality', 'care_provider', 'expert_pool', 'other']) {
      const res = await t.http().post('/api/organisations').set(bearer(admin)).send({ name: `Org ${kind}`, kind }).expect(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: `Org ${kind}`, kind, mailDomains: [] });
      const [event] = await t.dataSource.query(`SELECT actor_user_id, action FROM audit_event WHERE subject_id = $1`, [res.body.id]);
      expect(event).toEqual({ actor_user_id: admin.id, action: 'organisation.created' });
    }
    const list = await t.http().get('/api/organisations').set(bearer(admin)).expect(200);
    expect(list.body.map((o: { kind: string }) => o.kind)).toEqual(expect.arrayContaining(['support_team', 'other']));
  });

  it('refuses an unknown kind, wrong types, over-long names and unknown fields with 400 naming them; nothing is written', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM organisation`);
    const kind = await t.http().post('/api/organisations').set(bearer(admin)).send({ name: 'X', kind: 'bank' }).expect(400);
    expect(kind.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed', fields: ['kind'] });
    expect(kind.body.message.join(' ')).toMatch(/kind/);
    const types = await t.http().post('/api/organisations').set(bearer(admin)).send({ name: 42, kind: ['other'] }).expect(400);
    expect(types.body.fields).toEqual(expect.arrayContaining(['name', 'kind']));
    const long = await t.http().post('/api/organisations').set(bearer(admin)).send({ name: 'x'.repeat(201), kind: 'other' }).expect(400);
    expect(long.body.fields).toEqual(['name']);
    const unknown = await t.http().post('/api/organisations').set(bearer(admin)).send({ name: 'X', kind: 'other', id: 'a', budget: 1 }).expect(400);
    expect(unknown.body.message.join(' ')).toMatch(/property id should not exist/);
    expect(unknown.body.message.join(' ')).toMatch(/property budget should not exist/);
    const missing = await t.http().post('/api/organisations').set(bearer(admin)).send({}).expect(400);
    expect(missing.body.fields).toEqual(expect.arrayContaining(['name', 'kind']));
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM organisation`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses every other role with 403 and the anonymous with 401', async () => {
    for (const role of ['coordinator', 'counsellor', 'partner', 'parent'] as const) {
      const user = await t.factories.user(role);
      const res = await t.http().post('/api/organisations').set(bearer(user)).send({ name: 'Sneaky', kind: 'other' }).expect(403);
      expect(res.body.code).toBe('forbidden');
    }
    await t.http().post('/api/organisations').send({ name: 'Sneaky', kind: 'other' }).expect(401);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM organisation WHERE name = 'Sneaky'`);
    expect(row.n).toBe(0);
  });

  it('keeps verified mail domains in lower case, one organisation per domain, set by an admin only', async () => {
    const created = await t.http().post('/api/organisations').set(bearer(admin))
      .send({ name: 'Jeugdbescherming Domein', kind: 'youth_protection', mailDomains: ['JBD.Example.test', 'jbd-regio.example.test'] }).expect(201);
    expect(created.body.mailDomains).toEqual(['jbd.example.test', 'jbd-regio.example.test']);
    const [event] = await t.dataSource.query(`SELECT details FROM audit_event WHERE subject_id = $1 AND action = 'organisation.created'`, [created.body.id]);
    expect(event.details.mailDomains).toEqual(['jbd.example.test', 'jbd-regio.example.test']);

    const taken = await t.http().post('/api/organisations').set(bearer(admin)).send({ name: 'Dief', kind: 'other', mailDomains: ['jbd.example.test'] }).expect(409);
    expect(taken.body).toMatchObject({ code: 'mail_domain_taken', field: 'mailDomains' });
    for (const bad of [['@jbd.example.test'], ['iemand@jbd.example.test'], ['zonder-punt'], 'jbd.example.test', [42], Array.from({ length: 21 }, (_, i) => `d${i}.example.test`)]) {
      const res = await t.http().patch(`/api/organisations/${created.body.id}`).set(bearer(admin)).send({ mailDomains: bad }).expect(400);
      expect(res.body.fields).toEqual(['mailDomains']);
    }
    const patched = await t.http().patch(`/api/organisations/${created.body.id}`).set(bearer(admin)).send({ mailDomains: ['jbd.example.test'] }).expect(200);
    expect(patched.body).toMatchObject({ name: 'Jeugdbescherming Domein', mailDomains: ['jbd.example.test'] });
    // The domain it gave up is free again.
    await t.http().post('/api/organisations').set(bearer(admin)).send({ name: 'Regio', kind: 'other', mailDomains: ['jbd-regio.example.test'] }).expect(201);
    await t.http().patch(`/api/organisations/${t.factories.randomId()}`).set(bearer(admin)).send({ name: 'X' }).expect(404);
    await t.http().patch(`/api/organisations/${created.body.id}`).set(bearer(admin)).send({ kind: 'support_team' }).expect(400);
    for (const role of ['coordinator', 'counsellor', 'partner'] as const) {
      const user = await t.factories.user(role);
      await t.http().patch(`/api/organisations/${created.body.id}`).set(bearer(user)).send({ mailDomains: ['evil.example.test'] }).expect(403);
    }
    expect((await t.http().get(`/api/organisations/${created.body.id}`).set(bearer(admin)).expect(200)).body.mailDomains).toEqual(['jbd.example.test']);
  });
});

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD (e2e)', () => {
  // Each test boots whole applications: slow on a busy machine.
  const BOOT_TIMEOUT = 120_000;
  const env = { LOG_LEVEL: 'silent', ADMIN_EMAIL: 'Beheer@Example.test', ADMIN_PASSWORD: 'een-lang-beheerderswachtwoord' };

  async function boot(databaseUrl: string, extra: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const app = await createApp(loadConfig({ ...env, ...extra, DATABASE_URL: databaseUrl }), databaseUrl);
    await app.init();
    await app.getHttpAdapter().getInstance().ready(); // Fastify: routes and hooks in place before requests come in
    return app;
  }
  const users = (databaseUrl: string) => withAdminClient(databaseUrl, async (c) => (await c.query(`SELECT email, role, password_hash FROM app_user ORDER BY created_at`)).rows);

  it('creates the admin on an empty database (once), who can log in and must enrol TOTP', async () => {
    const database = await createTestDatabase();
    try {
      let app = await boot(database.url);
      try {
        const login = await request(app.getHttpServer()).post('/api/auth/login').send({ email: 'beheer@example.test', password: env.ADMIN_PASSWORD }).expect(200);
        expect(login.body.user.role).toBe('admin');
        expect(login.body.totpSetupRequired).toBe(true);
      } finally {
        await app.close();
      }
      const [admin] = await users(database.url);
      expect(admin.role).toBe('admin');
      expect(admin.password_hash).toMatch(/^\$argon2id\$/);

      // A restart, even with other values, adds nobody.
      app = await boot(database.url, { ADMIN_EMAIL: 'tweede@example.test' });
      await app.close();
      expect((await users(database.url)).map((u: { email: string }) => u.email)).toEqual(['Beheer@Example.test']);
    } finally {
      await database.drop();
    }
  }, BOOT_TIMEOUT);

  it('does nothing on a database that already has users', async () => {
    const database = await createTestDatabase();
    try {
      await withAdminClient(database.url, (c) => c.query(
        `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ('ouder@example.test', 'Ouder', 'parent', 'x')`,
      ));
      const app = await boot(database.url);
      await app.close();
      expect((await users(database.url)).map((u: { role: string }) => u.role)).toEqual(['parent']);
    } finally {
      await database.drop();
    }
  }, BOOT_TIMEOUT);

  it('creates exactly one admin when two nodes start on the same empty database at once', async () => {
    const database = await createTestDatabase();
    try {
      const apps = await Promise.all([boot(database.url), boot(database.url)]);
      await Promise.all(apps.map((a) => a.close()));
      expect(await users(database.url)).toHaveLength(1);
    } finally {
      await database.drop();
    }
  }, BOOT_TIMEOUT);

  it('leaves the empty database alone without both variables', async () => {
    const database = await createTestDatabase();
    try {
      const app = await createApp(loadConfig({ LOG_LEVEL: 'silent', ADMIN_EMAIL: env.ADMIN_EMAIL, DATABASE_URL: database.url }), database.url);
      await app.init();
      await app.close();
      expect(await users(database.url)).toHaveLength(0);
    } finally {
      await database.drop();
    }
  }, BOOT_TIMEOUT);
});

