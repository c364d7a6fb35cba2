// Scene-setting for the keys and attachments tests: cases, threads, OpenPGP keys and GnuPG homes.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as openpgp from 'openpgp';
import type { Role } from '../src/accounts/roles.js';
import type { CaseRole } from '../src/cases/case-vocabulary.js';
import { bearer, type TestUser } from './helpers/factories.js';
import type { TestApp } from './helpers/test-app.js';

const run = promisify(execFile);

const CASE_ROLE: Record<Role, CaseRole> = {
  admin: 'other', coordinator: 'coordinator', counsellor: 'counsellor', partner: 'guardian', foster_parent: 'foster_parent',
  expert: 'expert', parent: 'parent', child: 'child',
};

/** A case run by a fresh support team, with these users as participants and one thread with them as members. */
export async function caseWithThread(t: TestApp, members: TestUser[], outsiders: TestUser[] = []): Promise<{ caseId: string; threadId: string }> {
  const { id: caseId } = await t.factories.case({ createdById: members[0].id, title: 'Testzaak' });
  for (const user of [...members, ...outsiders]) await t.factories.participant(caseId, user.id, CASE_ROLE[user.role]);
  const threadId = await t.factories.thread(caseId, members[0].id, members.map((m) => m.id), 'Bestanden');
  return { caseId, threadId };
}

export async function addMember(t: TestApp, threadId: string, user: TestUser): Promise<void> {
  await t.factories.threadMember(threadId, user.id);
}

export interface KeyPair {
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
  armoredPublic: string;
  armoredPrivate: string;
  passphrase: string;
}

/** A GnuPG-compatible key (v4, Ed25519 + Cv25519) for `email`, passphrase-protected. */
export async function makeKey(email: string, options: { v6?: boolean; rsaBits?: number; name?: string } = {}): Promise<KeyPair> {
  const passphrase = `pass-${randomBytes(6).toString('hex')}`;
  const generated = options.rsaBits
    ? await openpgp.generateKey({ type: 'rsa', rsaBits: options.rsaBits, userIDs: [{ name: options.name ?? 'Test', email }], passphrase, format: 'object' })
    : await openpgp.generateKey({
      type: options.v6 ? 'curve25519' : 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: options.name ?? 'Test', email }], passphrase,
      format: 'object', config: options.v6 ? { v6Keys: true, aeadProtect: true } : undefined,
    });
  const privateKey = await openpgp.decryptKey({ privateKey: generated.privateKey, passphrase });
  return { privateKey, publicKey: generated.publicKey, armoredPublic: generated.publicKey.armor(), armoredPrivate: generated.privateKey.armor(), passphrase };
}

/** Uploads a key for the user through the API. */
export async function putKey(t: TestApp, user: TestUser, key: KeyPair): Promise<string> {
  const res = await t.http().put('/api/me/keys').set(bearer(user)).send({ publicKey: key.armoredPublic, encryptedPrivateKey: key.armoredPrivate });
  if (res.status !== 200) throw new Error(`key upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.fingerprint;
}

export async function encryptTo(data: Uint8Array, keys: openpgp.PublicKey[], armor = false): Promise<Buffer> {
  const message = await openpgp.createMessage({ binary: data });
  if (armor) return Buffer.from(await openpgp.encrypt({ message, encryptionKeys: keys, format: 'armored' }));
  return Buffer.from(await openpgp.encrypt({ message, encryptionKeys: keys, format: 'binary' }));
}

/**
 * What the web client sends: the file encrypted to `keys`, and its name, size and type as JSON sealed
 * with the SAME session key in one encrypted data packet (base64, for the Attachment-Metadata header).
 */
export async function encryptWithMetadata(data: Uint8Array, keys: openpgp.PublicKey[], metadata: unknown): Promise<{ message: Buffer; metadata: string; metadataPacket: Buffer }> {
  const sessionKey = await openpgp.generateSessionKey({ encryptionKeys: keys });
  const message = Buffer.from(await openpgp.encrypt({ message: await openpgp.createMessage({ binary: data }), encryptionKeys: keys, sessionKey, format: 'binary' }) as Uint8Array);
  const packet = Buffer.from(await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: new TextEncoder().encode(JSON.stringify(metadata)) }), sessionKey, format: 'binary',
  }) as Uint8Array);
  return { message, metadata: packet.toString('base64'), metadataPacket: packet };
}

export async function decryptWith(ciphertext: Uint8Array, key: openpgp.PrivateKey): Promise<Buffer> {
  const message = await openpgp.readMessage({ binaryMessage: ciphertext });
  const { data } = await openpgp.decrypt({ message, decryptionKeys: key, format: 'binary', expectSigned: false });
  return Buffer.from(data as Uint8Array);
}

/** A parent and a counsellor, each with a key uploaded, in one thread of a fresh case. */
export interface KeyedThread {
  parent: TestUser;
  counsellor: TestUser;
  parentKey: KeyPair;
  counsellorKey: KeyPair;
  caseId: string;
  threadId: string;
}

export async function keyedThread(t: TestApp): Promise<KeyedThread> {
  const parent = await t.factories.user('parent');
  const counsellor = await t.factories.user('counsellor');
  const [parentKey, counsellorKey] = await Promise.all([makeKey(parent.email), makeKey(counsellor.email)]);
  await putKey(t, parent, parentKey);
  await putKey(t, counsellor, counsellorKey);
  const { caseId, threadId } = await caseWithThread(t, [counsellor, parent]);
  return { parent, counsellor, parentKey, counsellorKey, caseId, threadId };
}

export function upload(t: TestApp, user: TestUser, threadId: string, body: Buffer | string, contentType = 'application/octet-stream') {
  return t.http().post(`/api/threads/${threadId}/attachments`).set(bearer(user)).set('Content-Type', contentType).send(body);
}

export function download(t: TestApp, user: TestUser, id: string) {
  return t.http().get(`/api/attachments/${id}`).set(bearer(user))
    .buffer(true).parse((res, callback) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => callback(null, Buffer.concat(parts)));
    });
}

/** A throw-away GnuPG home with these keys imported (secret keys with their passphrases). */
export class GnuPG {
  private constructor(readonly home: string) {}

  static async create(): Promise<GnuPG> {
    const home = await mkdtemp(path.join(os.tmpdir(), 'ev-gpg-'));
    await writeFile(path.join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n');
    return new GnuPG(home);
  }

  private args(extra: string[]): string[] {
    return ['--homedir', this.home, '--batch', '--yes', '--no-tty', '--trust-model', 'always', '--pinentry-mode', 'loopback', ...extra];
  }

  async importKey(armored: string): Promise<void> {
    await this.exec(['--import'], Buffer.from(armored));
  }

  async exec(args: string[], input?: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('gpg', this.args(args), { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(Buffer.concat(out));
        else reject(new Error(`gpg ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? Buffer.alloc(0));
    });
  }

  encrypt(data: Buffer, recipients: string[], armor = false): Promise<Buffer> {
    return this.exec([...(armor ? ['--armor'] : []), '--compress-algo', 'none', ...recipients.flatMap((r) => ['--recipient', r]), '--encrypt'], data);
  }

  decrypt(data: Buffer, passphrase: string): Promise<Buffer> {
    return this.exec(['--passphrase', passphrase, '--decrypt'], data);
  }

  async close(): Promise<void> {
    await run('gpgconf', ['--homedir', this.home, '--kill', 'gpg-agent']).catch(() => undefined);
    await rm(this.home, { recursive: true, force: true });
  }
}
