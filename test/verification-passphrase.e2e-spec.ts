import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { KeyUnlockError, unlockPrivateKey } from '../src/verification/organisation-key.crypto.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, sealAndVerify, type TestApp } from './helpers/test-app.js';
import { GpgHome } from './verification.gpg.js';

const OLD = 'e2e-organisation-keys-old-passphrase';
const NEW = 'e2e-organisation-keys-new-passphrase';
const NEWER = 'e2e-organisation-keys-newer-passphrase';
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();

interface Run { code: number | null; stdout: string; stderr: string }

/** `npm run keys:passphrase` as an operator runs it, against the test database. */
function keysPassphrase(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/verification/key-passphrase.cli.js'], {
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('moving the organisation keys to a new ORG_KEY_PASSPHRASE: npm run keys:passphrase (e2e, real GnuPG)', () => {
  let t: TestApp;
  let coordinators: TestUser[];
  let counsellors: TestUser[];
  let dataDir: string;
  const storedKeys = async (): Promise<{ fingerprint: string; public_key: string; encrypted_private_key: string }[]> =>
    t.dataSource.query(`SELECT fingerprint, public_key, encrypted_private_key FROM organisation_key ORDER BY fingerprint`);
  const opensWith = async (passphrase: string): Promise<boolean[]> => Promise.all((await storedKeys()).map((k) =>
    unlockPrivateKey(k.encrypted_private_key, passphrase).then(() => true, (error: unknown) => {
      if (error instanceof KeyUnlockError) return false;
      throw error;
    })));
  const expectNoSecrets = (run: Run) => {
    for (const secret of [OLD, NEW, NEWER]) expect(run.stdout + run.stderr).not.toContain(secret);
    expect(run.stdout + run.stderr).not.toContain('PRIVATE KEY');
  };

  beforeAll(async () => {
    t = await createTestApp({ ORG_KEY_PASSPHRASE: OLD });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-passphrase-'));
    coordinators = [];
    counsellors = [];
    for (const name of ['Team Noord', 'Team Zuid']) {
      const team = await t.factories.organisation('support_team', name);
      coordinators.push(await t.factories.user('coordinator', { organisationId: team.id }));
      counsellors.push(await t.factories.user('counsellor', { organisationId: team.id }));
    }
    // Each team's first credential creates its organisation key; Team Noord also rotates once (a retired key).
    for (let i = 0; i < 2; i++) {
      await t.http().put(`/api/counsellors/${counsellors[i].id}/credential`).set(bearer(coordinators[i])).send({ validUntil: inDays(100) }).expect(200);
    }
    await t.http().post(`/api/organisations/${coordinators[0].organisationId}/key/rotate`).set(bearer(coordinators[0])).expect(201);
    expect(await opensWith(OLD)).toEqual([true, true, true]);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses without a new passphrase, with one that is too short, or when the current one does not open the keys, and changes nothing', async () => {
    const before = await storedKeys();
    const missing = await keysPassphrase({ DATABASE_URL: t.databaseUrl, ORG_KEY_PASSPHRASE: OLD, NEW_ORG_KEY_PASSPHRASE: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage: NEW_ORG_KEY_PASSPHRASE=/);

    const short = await keysPassphrase({ DATABASE_URL: t.databaseUrl, ORG_KEY_PASSPHRASE: OLD, NEW_ORG_KEY_PASSPHRASE: 'te-kort' });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/Nothing changed: the new passphrase must be at least 16 characters/);

    const wrong = await keysPassphrase({ DATABASE_URL: t.databaseUrl, ORG_KEY_PASSPHRASE: 'not-the-passphrase-of-these-keys', NEW_ORG_KEY_PASSPHRASE: NEW });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Nothing changed: 3 of 3 organisation keys do not open with the current passphrase/);
    for (const key of before) expect(wrong.stderr).toContain(key.fingerprint);
    for (const run of [missing, short, wrong]) expectNoSecrets(run);

    expect(await storedKeys()).toEqual(before);
    expect(await t.dataSource.query(`SELECT 1 FROM audit_event WHERE action = 'organisation_key.passphrase_changed'`)).toEqual([]);
  }, 60_000);

  it('re-encrypts every key (current, retired) under the new passphrase in one audited step, and a portal started with it signs as before', async () => {
    const before = await storedKeys();
    const run = await keysPassphrase({ DATABASE_URL: t.databaseUrl, ORG_KEY_PASSPHRASE: OLD, NEW_ORG_KEY_PASSPHRASE: NEW });
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/3 organisation keys now encrypted under the new passphrase/);
    expect(run.stdout).toMatch(/set ORG_KEY_PASSPHRASE to the new passphrase on every app node/);
    expectNoSecrets(run);

    expect(await opensWith(NEW)).toEqual([true, true, true]);
    expect(await opensWith(OLD)).toEqual([false, false, false]);
    const after = await storedKeys();
    expect(after.map((k) => [k.fingerprint, k.public_key])).toEqual(before.map((k) => [k.fingerprint, k.public_key]));
    const events = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'organisation_key.passphrase_changed'`);
    expect(events).toEqual([{ details: { keys: 3, identityProviderSecrets: 0, command: 'keys:passphrase' } }]);
    expect(await sealAndVerify(t)).toMatchObject({ ok: true });

    // A second portal on the same database, started with the new passphrase and nothing unlocked yet.
    const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ORG_KEY_PASSPHRASE: NEW, DATABASE_URL: t.databaseUrl });
    const restarted: NestFastifyApplication = await createApp(config, t.databaseUrl);
    const home = await GpgHome.create();
    try {
      await restarted.init();
      await restarted.getHttpAdapter().getInstance().ready(); // Fastify: routes and hooks in place before requests come in
      const credential = (await request(restarted.getHttpServer()).put(`/api/counsellors/${counsellors[1].id}/credential`)
        .set(bearer(coordinators[1])).send({ validUntil: inDays(200) }).expect(200)).body;
      const teamKey = after.find((k) => k.fingerprint === credential.organisationFingerprint);
      expect(teamKey).toBeDefined();
      await home.importKeys(teamKey!.public_key);
      const verified = await home.verify(credential.statement);
      expect(verified.stdout).toMatch(new RegExp(`VALIDSIG ${credential.organisationFingerprint}`));
    } finally {
      await restarted.close();
      await home.close();
    }
  }, 60_000);

  it('with the generated passphrase under DATA_DIR (no ORG_KEY_PASSPHRASE), replaces that file as well', async () => {
    const file = path.join(dataDir, 'secrets', 'org-key-passphrase');
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, `${NEW}\n`, { mode: 0o600 });
    const run = await keysPassphrase({ DATABASE_URL: t.databaseUrl, ORG_KEY_PASSPHRASE: '', DATA_DIR: dataDir, NEW_ORG_KEY_PASSPHRASE: NEWER });
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`${file} holds the new passphrase`);
    expectNoSecrets(run);
    expect((await readFile(file, 'utf8')).trim()).toBe(NEWER);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['org-key-passphrase']);
    expect(await opensWith(NEWER)).toEqual([true, true, true]);
  }, 60_000);
});
