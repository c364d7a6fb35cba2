import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase, withAdminClient } from './helpers/test-database.js';

const GOOD_PASSWORD = 'paars-fiets-onder-de-brug-7';

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
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: `Org ${kind}`, kind });
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
});

describe('invitations (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let coordinator: TestUser;
  let team: { id: string };
  let otherTeam: { id: string };
  let youthProtection: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.factories.user('admin');
    team = await t.factories.organisation('support_team');
    otherTeam = await t.factories.organisation('support_team');
    youthProtection = await t.factories.organisation('youth_protection');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
  }, 120_000);
  afterAll(() => t.close());

  let counter = 0;
  const email = (prefix = 'uitgenodigd') => `${prefix}-${++counter}-${Date.now()}@example.test`;
  const invite = (by: TestUser, body: object) => t.http().post('/api/invitations').set(bearer(by)).send(body);
  const accept = (token: string, body: object) => t.http().post(`/api/invitations/${token}/accept`).send(body);
  const invitationRow = async (id: string) => (await t.dataSource.query(`SELECT * FROM invitation WHERE id = $1`, [id]))[0];
  const userCount = async (address: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE lower(email) = lower($1)`, [address]))[0].n as number;

  it('lets an admin invite any role; the token is random, stored hashed and valid for 14 days', async () => {
    const cases: [string, string | undefined][] = [
      ['admin', undefined], ['coordinator', team.id], ['counsellor', team.id], ['partner', youthProtection.id],
      ['expert', youthProtection.id], ['foster_parent', undefined], ['parent', undefined], ['child', undefined],
    ];
    const tokens = new Set<string>();
    for (const [role, organisationId] of cases) {
      const started = Date.now();
      const res = await invite(admin, { email: email(role), displayName: `Nieuw ${role}`, role, organisationId }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), acceptUrl: expect.stringContaining(`/invitation/${res.body.token}`), expiresAt: expect.any(String) });
      const expires = Date.parse(res.body.expiresAt);
      expect(expires - started).toBeGreaterThanOrEqual(14 * 86400_000 - 1000);
      expect(expires - started).toBeLessThanOrEqual(14 * 86400_000 + 5000);
      const row = await invitationRow(res.body.id);
      expect(row.role).toBe(role);
      expect(row.organisation_id).toBe(organisationId ?? null);
      expect(row.invited_by_id).toBe(admin.id);
      expect(Buffer.from(row.token_hash).toString('base64url')).not.toBe(res.body.token);
      expect(JSON.stringify(row)).not.toContain(res.body.token);
      tokens.add(res.body.token);
    }
    expect(tokens.size).toBe(cases.length);
  });

  it('checks the organisation an admin gives: it must exist and fit the role', async () => {
    const unknown = await invite(admin, { email: email(), displayName: 'X', role: 'partner', organisationId: t.factories.randomId() }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'unknown_organisation', field: 'organisationId' });
    const noTeam = await invite(admin, { email: email(), displayName: 'X', role: 'counsellor' }).expect(400);
    expect(noTeam.body).toMatchObject({ code: 'organisation_not_allowed', field: 'organisationId' });
    await invite(admin, { email: email(), displayName: 'X', role: 'counsellor', organisationId: youthProtection.id }).expect(400);
    await invite(admin, { email: email(), displayName: 'X', role: 'partner' }).expect(400);
    await invite(admin, { email: email(), displayName: 'X', role: 'partner', organisationId: team.id }).expect(400);
    await invite(admin, { email: email(), displayName: 'X', role: 'parent', organisationId: youthProtection.id }).expect(400);
  });

  it('lets a coordinator invite colleagues into their own team only, partners elsewhere, parents and children, never admins', async () => {
    const colleague = await invite(coordinator, { email: email(), displayName: 'Collega', role: 'counsellor' }).expect(201);
    expect((await invitationRow(colleague.body.id)).organisation_id).toBe(team.id);
    const coordinatorColleague = await invite(coordinator, { email: email(), displayName: 'Collega', role: 'coordinator', organisationId: team.id }).expect(201);
    expect((await invitationRow(coordinatorColleague.body.id)).organisation_id).toBe(team.id);

    const foreign = await invite(coordinator, { email: email(), displayName: 'X', role: 'counsellor', organisationId: otherTeam.id }).expect(400);
    expect(foreign.body).toMatchObject({ code: 'organisation_not_allowed', field: 'organisationId' });

    const partner = await invite(coordinator, { email: email(), displayName: 'Voogd', role: 'partner', organisationId: youthProtection.id }).expect(201);
    expect((await invitationRow(partner.body.id)).organisation_id).toBe(youthProtection.id);
    await invite(coordinator, { email: email(), displayName: 'X', role: 'partner', organisationId: team.id }).expect(400);
    await invite(coordinator, { email: email(), displayName: 'X', role: 'partner' }).expect(400);

    for (const role of ['parent', 'child', 'foster_parent']) {
      const res = await invite(coordinator, { email: email(), displayName: 'Gezin', role }).expect(201);
      expect((await invitationRow(res.body.id)).organisation_id).toBeNull();
    }
    const adminInvite = await invite(coordinator, { email: email(), displayName: 'X', role: 'admin' }).expect(403);
    expect(adminInvite.body).toMatchObject({ code: 'role_not_allowed', field: 'role' });
  });

  it('refuses invitations from roles without the permission', async () => {
    for (const role of ['counsellor', 'partner', 'parent'] as const) {
      const user = await t.factories.user(role);
      await invite(user, { email: email(), displayName: 'X', role: 'parent' }).expect(403);
    }
  });

  it('refuses malformed invitations with 400 naming each field: invalid email, over-long name, unknown role, wrong types, unknown fields', async () => {
    const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM invitation`);
    const bad = await invite(admin, { email: 'not-an-email', displayName: 'x'.repeat(201), role: 'king' }).expect(400);
    expect(bad.body.fields).toEqual(expect.arrayContaining(['email', 'displayName', 'role']));
    const types = await invite(admin, { email: 12, displayName: ['x'], role: 5, organisationId: 'not-a-uuid' }).expect(400);
    expect(types.body.fields).toEqual(expect.arrayContaining(['email', 'displayName', 'role', 'organisationId']));
    const longEmail = await invite(admin, { email: `${'a'.repeat(250)}@example.test`, displayName: 'X', role: 'parent' }).expect(400);
    expect(longEmail.body.fields).toEqual(['email']);
    const unknown = await invite(admin, { email: email(), displayName: 'X', role: 'parent', expiresAt: '2099-01-01' }).expect(400);
    expect(unknown.body.message.join(' ')).toMatch(/property expiresAt should not exist/);
    const [after] = await t.dataSource.query(`SELECT count(*)::int AS n FROM invitation`);
    expect(after.n).toBe(before.n);
  });

  it('refuses to invite an email address that already has an account (409)', async () => {
    const parent = await t.factories.user('parent');
    const res = await invite(admin, { email: parent.email.toUpperCase(), displayName: 'X', role: 'parent' }).expect(409);
    expect(res.body).toMatchObject({ code: 'email_taken', field: 'email' });
  });

  it('accepts an invitation once: creates the account with its role and organisation, which can then log in', async () => {
    const address = email('partner');
    const created = await invite(coordinator, { email: address, displayName: 'Gijs Voogd', role: 'partner', organisationId: youthProtection.id }).expect(201);
    const res = await accept(created.body.token, { password: GOOD_PASSWORD }).expect(201);
    expect(res.body).toMatchObject({ email: address, displayName: 'Gijs Voogd', role: 'partner', organisation: { id: youthProtection.id, kind: 'youth_protection' }, totpEnabled: false });
    const row = await invitationRow(created.body.id);
    expect(row.accepted_user_id).toBe(res.body.id);
    expect(row.accepted_at).not.toBeNull();
    const [hash] = await t.dataSource.query(`SELECT password_hash FROM app_user WHERE id = $1`, [res.body.id]);
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
    const events = await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id IN ($1, $2) ORDER BY seq`, [res.body.id, created.body.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['invitation.created', 'user.created', 'invitation.accepted']);

    const login = await t.http().post('/api/auth/login').send({ email: address, password: GOOD_PASSWORD }).expect(200);
    expect(login.body.totpSetupRequired).toBe(true);

    const again = await accept(created.body.token, { password: 'een-ander-lang-wachtwoord' }).expect(409);
    expect(again.body.code).toBe('invitation_used');
    expect(await userCount(address)).toBe(1);
  });

  it('answers 404 for an unknown token and 410 for an expired one (14 days), writing nothing', async () => {
    const unknown = await accept('bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtbm90LWF0LWFsbA', { password: GOOD_PASSWORD }).expect(404);
    expect(unknown.body.code).toBe('invitation_unknown');

    const address = email();
    const created = await invite(admin, { email: address, displayName: 'Laat', role: 'parent' }).expect(201);
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    const expired = await accept(created.body.token, { password: GOOD_PASSWORD }).expect(410);
    expect(expired.body.code).toBe('invitation_expired');
    expect(await userCount(address)).toBe(0);
    expect((await invitationRow(created.body.id)).accepted_at).toBeNull();

    // Still valid a moment before the 14 days are over.
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() + interval '5 seconds' WHERE id = $1`, [created.body.id]);
    await accept(created.body.token, { password: GOOD_PASSWORD }).expect(201);
  });

  it('refuses short, common and malformed passwords with 400 naming password; nothing is written and the invitation stays usable', async () => {
    const address = email();
    const created = await invite(admin, { email: address, displayName: 'Ouder', role: 'parent' }).expect(201);
    const [eventsBefore] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);

    const short = await accept(created.body.token, { password: 'kort-1' }).expect(400);
    expect(short.body).toMatchObject({ code: 'password_too_short', field: 'password' });
    expect(short.body.message).toMatch(/^password:/);
    const common = await accept(created.body.token, { password: 'password1234' }).expect(400);
    expect(common.body).toMatchObject({ code: 'password_too_common', field: 'password' });
    const sameAsEmail = await accept(created.body.token, { password: address }).expect(400);
    expect(sameAsEmail.body.code).toBe('password_too_common');
    const wrongType = await accept(created.body.token, { password: 123456789012 }).expect(400);
    expect(wrongType.body.fields).toEqual(['password']);
    const tooLong = await accept(created.body.token, { password: 'x'.repeat(1001) }).expect(400);
    expect(tooLong.body.fields).toEqual(['password']);
    const extra = await accept(created.body.token, { password: GOOD_PASSWORD, role: 'admin' }).expect(400);
    expect(extra.body.message.join(' ')).toMatch(/property role should not exist/);
    const none = await accept(created.body.token, {}).expect(400);
    expect(none.body.fields).toEqual(['password']);

    expect(await userCount(address)).toBe(0);
    expect((await invitationRow(created.body.id)).accepted_at).toBeNull();
    const [eventsAfter] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    expect(eventsAfter.n).toBe(eventsBefore.n);

    const res = await accept(created.body.token, { password: GOOD_PASSWORD }).expect(201);
    expect(res.body.role).toBe('parent');
  });

  it('answers 409 when the address got an account after the invitation was sent; nothing is written', async () => {
    const address = email();
    const created = await invite(admin, { email: address, displayName: 'Dubbel', role: 'parent' }).expect(201);
    await t.factories.user('parent', { email: address.toUpperCase() });
    const res = await accept(created.body.token, { password: GOOD_PASSWORD }).expect(409);
    expect(res.body).toMatchObject({ code: 'email_taken', field: 'email' });
    expect(await userCount(address)).toBe(1);
    expect((await invitationRow(created.body.id)).accepted_at).toBeNull();
  });

  it('lets exactly one of two simultaneous acceptances of the same token win', async () => {
    const address = email();
    const created = await invite(admin, { email: address, displayName: 'Snel', role: 'parent' }).expect(201);
    const results = await Promise.all([
      accept(created.body.token, { password: GOOD_PASSWORD }),
      accept(created.body.token, { password: GOOD_PASSWORD }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await userCount(address)).toBe(1);
  });
});

describe('failed invitation acceptances are rate-limited per address (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '3', TRUST_PROXY: 'true' });
    admin = await t.factories.user('admin');
  }, 120_000);
  afterAll(() => t.close());

  const newInvitation = async () => (await t.http().post('/api/invitations').set(bearer(admin))
    .send({ email: `rl-${Math.random().toString(36).slice(2)}@example.test`, displayName: 'RL', role: 'parent' }).expect(201)).body as { id: string; token: string };
  const accept = (token: string, address: string) => t.http().post(`/api/invitations/${token}/accept`)
    .set('X-Forwarded-For', address).send({ password: GOOD_PASSWORD });

  it('does not count successful acceptances', async () => {
    for (let i = 0; i < 5; i++) await accept((await newInvitation()).token, '198.51.100.1').expect(201);
  });

  it('answers 429 with Retry-After after too many failed ones (unknown, used, expired), for that address only', async () => {
    const used = await newInvitation();
    await accept(used.token, '198.51.100.2').expect(201);
    const expired = await newInvitation();
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() - interval '1 day' WHERE id = $1`, [expired.id]);

    await accept('unknown-token-one', '198.51.100.2').expect(404);
    await accept(used.token, '198.51.100.2').expect(409);
    await accept(expired.token, '198.51.100.2').expect(410);
    const blocked = await accept('unknown-token-two', '198.51.100.2').expect(429);
    expect(blocked.body.code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(t.config.RATE_LIMIT_WINDOW_SECONDS);

    // Even a good token is refused from the blocked address, and nothing is created.
    const good = await newInvitation();
    await accept(good.token, '198.51.100.2').expect(429);
    expect((await t.dataSource.query(`SELECT accepted_at FROM invitation WHERE id = $1`, [good.id]))[0].accepted_at).toBeNull();
    // Another address is not affected.
    await accept(good.token, '198.51.100.3').expect(201);
  });

  it('keeps no address or token in the counters (keys are hashed)', async () => {
    const rows: { key: string }[] = await t.dataSource.query(`SELECT key FROM rate_limit`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.key).not.toMatch(/198\.51\.100|invitation/);
  });
});

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD (e2e)', () => {
  // Each test boots whole applications: slow on a busy machine.
  const BOOT_TIMEOUT = 120_000;
  const env = { LOG_LEVEL: 'silent', ADMIN_EMAIL: 'Beheer@Example.test', ADMIN_PASSWORD: 'een-lang-beheerderswachtwoord' };

  async function boot(databaseUrl: string, extra: Record<string, string> = {}): Promise<NestExpressApplication> {
    const app = await createApp(loadConfig({ ...env, ...extra, DATABASE_URL: databaseUrl }), databaseUrl);
    await app.init();
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

