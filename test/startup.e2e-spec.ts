import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrations } from '../migrations/index.js';
import { DEMO_PASSWORD } from '../src/demo/demo.service.js';
import { isAlive, killGroup, startAppProcess, type AppProcess } from './helpers/app-process.js';
import { databaseUrl, testServer, withAdminClient } from './helpers/test-database.js';

// Real processes, a real embedded PostgreSQL: slow by nature, so few tests with generous timeouts.
const SLOW = 240_000;

const started: AppProcess[] = [];
async function start(env: Record<string, string>): Promise<AppProcess> {
  const app = await startAppProcess(env);
  started.push(app);
  return app;
}
afterAll(() => {
  for (const app of started) killGroup(app);
});

async function login(app: AppProcess, email: string, password: string): Promise<number> {
  const res = await fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return res.status;
}

/** An empty database (not a clone of the migrated template), so start-up has to migrate it. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { adminUrl, runId } = testServer();
  const name = `ev_t_${runId}_boot_${randomBytes(3).toString('hex')}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

describe('start-up configuration (child process)', () => {
  it.each([
    ['PORT', { PORT: 'abc' }, /^Invalid configuration: PORT must be an integer number$/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL$/],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL must be one of/],
  ])('a malformed %s stops start-up with one clear line naming it and exit code 1', async (_name, env, message) => {
    const app = await startAppProcess(env);
    const { code } = await app.exited;
    expect(code).toBe(1);
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(app.stdout()).toBe('');
  }, SLOW);
});

describe('start-up with DATABASE_URL (child process)', () => {
  it('migrates an empty database, serves /health, and stops with exit 0 on SIGTERM', async () => {
    const database = await emptyDatabase();
    try {
      const app = await start({ DATABASE_URL: database.url });
      await app.waitForHealth();
      const health = await (await fetch(`${app.baseUrl}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'up' });
      const applied = await withAdminClient(database.url, async (c) => (await c.query(`SELECT name FROM migrations ORDER BY id`)).rows.map((r) => r.name));
      expect(applied).toEqual(migrations.map((m) => m.name));
      expect(app.stdout()).toMatch(/Applied migrations/);
      // Every line, from the first, is a JSON log line.
      for (const line of app.stdout().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await database.drop();
    }
  }, SLOW);

  it('DEMO=1 fills an empty database with the demo team and prints its logins; never a second time', async () => {
    const database = await emptyDatabase();
    try {
      let app = await start({ DATABASE_URL: database.url, DEMO: '1' });
      await app.waitForHealth();
      await app.waitForOutput(/ouder1@demo\.eenverhaal\.test/);
      for (const email of ['beheer@demo.eenverhaal.test', 'coordinator@demo.eenverhaal.test', 'begeleider1@demo.eenverhaal.test', 'voogd@demo.eenverhaal.test', 'ouder1@demo.eenverhaal.test']) {
        expect(app.stdout()).toContain(email);
      }
      expect(app.stdout()).toContain(DEMO_PASSWORD);
      expect(await login(app, 'ouder1@demo.eenverhaal.test', DEMO_PASSWORD)).toBe(200);
      expect(await app.stop('SIGINT')).toEqual({ code: 0, signal: null });
      const count = async () => withAdminClient(database.url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n as number);
      const users = await count();
      expect(users).toBeGreaterThanOrEqual(6);

      app = await start({ DATABASE_URL: database.url, DEMO: '1' });
      await app.waitForHealth();
      await app.waitForOutput(/not empty/);
      expect(app.stdout()).not.toContain(DEMO_PASSWORD);
      expect(await count()).toBe(users);
      expect((await app.stop('SIGTERM')).code).toBe(0);
    } finally {
      await database.drop();
    }
  }, SLOW);

  // Contract changed (issue 22): the build runs at install and again only when a source changed
  // (test/build-once.e2e-spec.ts), no longer on every start.
  it('`npm run demo` builds when the sources changed and then runs exactly this: DEMO=1 node dist/src/main.js', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    expect(scripts.demo).toMatch(/^node scripts\/build\.mjs --if-stale && DEMO=1 node dist\/src\/main\.js$/);
    expect(scripts.start).toMatch(/^node scripts\/build\.mjs --if-stale && node dist\/src\/main\.js$/);
  });
});

describe('start-up with the embedded PostgreSQL (child process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'eenverhaal-boot-'));
    await chmod(dir, 0o755); // as root, the postgres system user must reach DATA_DIR
  });
  afterAll(async () => {
    for (const app of started) killGroup(app);
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps its data across restarts, stops cleanly, refuses a second process, and recovers after a kill', async () => {
    const dataDir = path.join(dir, 'data');
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const email = 'beheer@embedded.example.test';
    const password = 'embedded-beheer-wachtwoord';
    const postmasterPid = () => Number(readFileSync(pidFile, 'utf8').split('\n')[0]);

    // 1. First start: initialises the cluster, migrates, creates the admin.
    let app = await start({ DATA_DIR: dataDir, ADMIN_EMAIL: email, ADMIN_PASSWORD: password });
    await app.waitForHealth(120_000);
    expect(app.stdout()).toMatch(/with the embedded PostgreSQL/);
    expect(await login(app, email, password)).toBe(200);
    const passwordFileMode = statSync(path.join(dataDir, 'postgres.password')).mode & 0o777;
    expect(passwordFileMode).toBe(0o600);

    // 2. A second process on the same DATA_DIR is refused with a clear message; the first keeps running.
    const second = await startAppProcess({ DATA_DIR: dataDir });
    expect((await second.exited).code).toBe(1);
    expect(second.stdout() + second.stderr()).toMatch(/already running .*another Eenverhaal using the same DATA_DIR/);
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);

    // 3. SIGTERM: exit 0, and the PostgreSQL it started is gone too.
    let postmaster = postmasterPid();
    expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(isAlive(postmaster)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);

    // 4. Restart (without ADMIN_*): the data survived.
    app = await start({ DATA_DIR: dataDir });
    await app.waitForHealth(120_000);
    expect(await login(app, email, password)).toBe(200);

    // 5. SIGKILL of the app only (an OOM kill): its PostgreSQL is orphaned but keeps running.
    postmaster = postmasterPid();
    expect(await app.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(postmaster)).toBe(true);

    // 6. The next start stops the orphan cleanly and carries on with the same data.
    app = await start({ DATA_DIR: dataDir });
    await app.waitForHealth(120_000);
    expect(app.stdout()).toMatch(/Stopping an orphaned embedded PostgreSQL/);
    expect(isAlive(postmaster)).toBe(false);
    expect(await login(app, email, password)).toBe(200);

    // 7. Kill everything (app and PostgreSQL, as a power cut would): a stale postmaster.pid is left and removed at the next start.
    postmaster = postmasterPid();
    killGroup(app);
    await app.exited;
    for (let i = 0; i < 50 && isAlive(postmaster); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(pidFile)).toBe(true);
    app = await start({ DATA_DIR: dataDir });
    await app.waitForHealth(120_000);
    expect(app.stdout()).toMatch(/Removing a stale postmaster\.pid/);
    expect(await login(app, email, password)).toBe(200);

    // 8. SIGINT stops cleanly as well.
    postmaster = postmasterPid();
    expect(await app.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(isAlive(postmaster)).toBe(false);
  }, 2 * SLOW);
});
