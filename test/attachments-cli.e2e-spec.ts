import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWithThread, decryptWith, GnuPG, makeKey, putKey } from './attachments.fixtures.js';

/** Runs the compiled CLI (as `npm run cli` does) with stdin, returning stdout. */
function cli(args: string[], input: Buffer = Buffer.alloc(0)): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/attachments/attachments.cli.js', ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => { err += c; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.end(input);
  });
}

describe('command-line helper for GnuPG users (e2e)', () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-cli-'));
    t = await createTestApp({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keys:get | gpg --import, gpg --encrypt | attachment:put, attachment:get | gpg --decrypt', async () => {
    const partner = await t.factories.user('partner');
    const parent = await t.factories.user('parent');
    const [partnerKey, parentKey] = await Promise.all([makeKey(partner.email), makeKey(parent.email)]);
    await putKey(t, partner, partnerKey);
    await putKey(t, parent, parentKey);
    const { threadId } = await caseWithThread(t, [partner, parent]);
    const gpg = await GnuPG.create();
    try {
      await gpg.importKey(partnerKey.armoredPrivate);
      const common = ['--url', t.baseUrl, '--token', partner.token];
      const keys = await cli(['keys:get', threadId, ...common]);
      expect(keys.code).toBe(0);
      await gpg.importKey(keys.stdout.toString());

      const plaintext = randomBytes(40_000);
      const encrypted = await gpg.encrypt(plaintext, [partner.email, parent.email]);
      const put = await cli(['attachment:put', threadId, ...common], encrypted);
      expect(put.code).toBe(0);
      const { id } = JSON.parse(put.stdout.toString());

      const got = await cli(['attachment:get', id, ...common]);
      expect(got.code).toBe(0);
      expect((await gpg.decrypt(got.stdout, partnerKey.passphrase)).equals(plaintext)).toBe(true);
      expect((await decryptWith(got.stdout, parentKey.privateKey)).equals(plaintext)).toBe(true);

      // Armoured upload, and a clear failure for a refused body.
      const armored = await gpg.encrypt(plaintext, [partner.email, parent.email], true);
      expect((await cli(['attachment:put', threadId, ...common, '--armor'], armored)).code).toBe(0);
      const refused = await cli(['attachment:put', threadId, ...common], Buffer.from('niet versleuteld'));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('malformed_message');
    } finally {
      await gpg.close();
    }
  }, 60_000);
});
