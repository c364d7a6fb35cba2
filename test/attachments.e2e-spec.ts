import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import {
  addMember, caseWithThread, decryptWith, download, encryptTo, GnuPG, makeKey, putKey, upload, type KeyPair,
} from './attachments.fixtures.js';

const MAX = 2 * 1024 * 1024;

/** Every file under a directory (recursively), relative paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describe('end-to-end encrypted attachments (e2e, openpgp.js and GnuPG)', () => {
  let t: TestApp;
  let dataDir: string;
  let gpg: GnuPG;
  // A thread of a parent (reads and writes with openpgp.js) and a counsellor (uses GnuPG).
  let parent: TestUser;
  let counsellor: TestUser;
  let parentKey: KeyPair;
  let counsellorKey: KeyPair;
  let threadId: string;
  let caseId: string;

  const attachmentRows = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM attachment`))[0].n as number;
  const storedFiles = async () => (await filesUnder(path.join(dataDir, 'attachments'))).filter((f) => !f.startsWith('tmp'));

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-attachments-'));
    t = await createTestApp({ DATA_DIR: dataDir, MAX_ATTACHMENT_BYTES: String(MAX) });
    gpg = await GnuPG.create();
    parent = await t.factories.user('parent');
    counsellor = await t.factories.user('counsellor');
    [parentKey, counsellorKey] = await Promise.all([makeKey(parent.email), makeKey(counsellor.email)]);
    await putKey(t, parent, parentKey);
    await putKey(t, counsellor, counsellorKey);
    await gpg.importKey(counsellorKey.armoredPrivate);
    await gpg.importKey(parentKey.armoredPublic);
    ({ threadId, caseId } = await caseWithThread(t, [counsellor, parent]));
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await gpg.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function recipientKeys(user: TestUser, thread = threadId): Promise<openpgp.PublicKey[]> {
    const res = await t.http().get(`/api/threads/${thread}/recipients`).set(bearer(user)).expect(200);
    return Promise.all(res.body.keys.map((k: { publicKey: string }) => openpgp.readKey({ armoredKey: k.publicKey }))) as Promise<openpgp.PublicKey[]>;
  }

  it('lists the thread\'s recipient keys and the members without one', async () => {
    const child = await t.factories.user('child');
    const other = await caseWithThread(t, [counsellor, parent, child]);
    const res = await t.http().get(`/api/threads/${other.threadId}/recipients`).set(bearer(parent)).expect(200);
    expect(res.body.keys.map((k: { userId: string; fingerprint: string }) => [k.userId, k.fingerprint]).sort()).toEqual([
      [parent.id, parentKey.publicKey.getFingerprint().toUpperCase()],
      [counsellor.id, counsellorKey.publicKey.getFingerprint().toUpperCase()],
    ].sort());
    expect(res.body.missingKey).toEqual([child.id]);
    // A key that has expired since it was uploaded counts as no key: senders cannot encrypt to it.
    const expert = await t.factories.user('expert');
    await putKey(t, expert, await makeKey(expert.email));
    const third = await caseWithThread(t, [parent, expert]);
    await t.dataSource.query(`UPDATE user_key SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [expert.id]);
    const expired = await t.http().get(`/api/threads/${third.threadId}/recipients`).set(bearer(parent)).expect(200);
    expect(expired.body.missingKey).toEqual([expert.id]);
    const outsider = await t.factories.user('parent');
    await t.http().get(`/api/threads/${other.threadId}/recipients`).set(bearer(outsider)).expect(404);
  }, 90_000);

  it('openpgp.js → server → gpg: stores ciphertext only and serves it to members with safe headers', async () => {
    const plaintext = randomBytes(300_000);
    const ciphertext = await encryptTo(plaintext, await recipientKeys(parent));
    const res = await upload(t, parent, threadId, ciphertext).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(String), size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.body.recipients.sort()).toEqual([parentKey, counsellorKey].map((k) => k.publicKey.getFingerprint().toUpperCase()).sort());

    // On disk: the encrypted data packet only, exactly the uploaded one, with the recorded size and hash.
    const [file] = await storedFiles();
    const stored = path.join(dataDir, 'attachments', file);
    expect((await stat(stored)).size).toBe(res.body.size);
    const onDisk = await import('node:fs/promises').then((fs) => fs.readFile(stored));
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(res.body.sha256);
    expect(ciphertext.subarray(ciphertext.length - onDisk.length).equals(onDisk)).toBe(true);
    expect(onDisk.includes(plaintext.subarray(0, 64))).toBe(false);

    const got = await download(t, counsellor, res.body.id).expect(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${res.body.id}.pgp"`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(got.headers['content-length'])).toBe(ciphertext.length);
    expect((got.body as Buffer).equals(ciphertext)).toBe(true);
    expect((await gpg.decrypt(got.body, counsellorKey.passphrase)).equals(plaintext)).toBe(true);

    const audit = await t.dataSource.query(
      `SELECT action, case_id, actor_user_id FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [res.body.id]);
    expect(audit).toEqual([
      { action: 'attachment.upload', case_id: caseId, actor_user_id: parent.id },
      { action: 'attachment.download', case_id: caseId, actor_user_id: counsellor.id },
    ]);
  }, 90_000);

  it('gpg → server → openpgp.js, binary and armoured', async () => {
    for (const armor of [false, true]) {
      const plaintext = randomBytes(70_000);
      const ciphertext = await gpg.encrypt(plaintext, [parent.email, counsellor.email], armor);
      const res = await upload(t, counsellor, threadId, ciphertext, armor ? 'application/pgp-encrypted' : 'application/octet-stream').expect(201);
      const got = await download(t, parent, res.body.id).expect(200);
      expect((await decryptWith(got.body, parentKey.privateKey)).equals(plaintext)).toBe(true);
    }
  }, 90_000);

  it('openpgp.js armoured upload with v6 keys (SEIPD v2) round-trips', async () => {
    const a = await t.factories.user('partner');
    const b = await t.factories.user('expert');
    const [ka, kb] = await Promise.all([makeKey(a.email, { v6: true }), makeKey(b.email, { v6: true })]);
    await putKey(t, a, ka);
    await putKey(t, b, kb);
    const thread = await caseWithThread(t, [a, b]);
    const plaintext = randomBytes(20_000);
    const armored = await encryptTo(plaintext, await recipientKeys(a, thread.threadId), true);
    expect(armored.toString()).toContain('-----BEGIN PGP MESSAGE-----');
    const res = await upload(t, a, thread.threadId, armored, 'application/pgp-encrypted; charset=us-ascii').expect(201);
    const got = await download(t, b, res.body.id).expect(200);
    expect(got.body[2]).toBe(6); // a v6 PKESK
    expect((await decryptWith(got.body, kb.privateKey)).equals(plaintext)).toBe(true);
  }, 90_000);

  it('re-share: a member appends a PKESK for a later member, without touching the data; gpg and openpgp.js both read it', async () => {
    const plaintext = randomBytes(50_000);
    const ciphertext = await encryptTo(plaintext, await recipientKeys(parent));
    const uploaded = await upload(t, parent, threadId, ciphertext).expect(201);
    const [file] = (await storedFiles()).filter((f) => f.endsWith(uploaded.body.id));
    const before = await stat(path.join(dataDir, 'attachments', file));

    // A partner (GnuPG) joins later; at first the attachment does not open for them.
    const partner = await t.factories.user('partner');
    const partnerKey = await makeKey(partner.email);
    await putKey(t, partner, partnerKey);
    await t.factories.participant(caseId, partner.id, 'guardian');
    await addMember(t, threadId, partner);
    const partnerGpg = await GnuPG.create();
    try {
      await partnerGpg.importKey(partnerKey.armoredPrivate);
      const early = await download(t, partner, uploaded.body.id).expect(200);
      await expect(partnerGpg.decrypt(early.body, partnerKey.passphrase)).rejects.toThrow();

      // The parent re-encrypts the session key to the partner's key (openpgp.js) and posts the PKESK only.
      const mine = await download(t, parent, uploaded.body.id).expect(200);
      const [sessionKey] = await openpgp.decryptSessionKeys({
        message: await openpgp.readMessage({ binaryMessage: mine.body }), decryptionKeys: parentKey.privateKey,
      });
      const pkesk = await openpgp.encryptSessionKey({ ...sessionKey, algorithm: sessionKey.algorithm!, encryptionKeys: partnerKey.publicKey, format: 'binary' }) as Uint8Array;
      // A non-member's key is refused, and nothing is appended.
      const stranger = await makeKey('stranger@example.test');
      const foreign = await openpgp.encryptSessionKey({ ...sessionKey, algorithm: sessionKey.algorithm!, encryptionKeys: stranger.publicKey, format: 'binary' }) as Uint8Array;
      const refused = await t.http().post(`/api/attachments/${uploaded.body.id}/recipients`).set(bearer(parent))
        .set('Content-Type', 'application/octet-stream').send(Buffer.from(foreign)).expect(422);
      expect(refused.body.code).toBe('unknown_recipients');
      // The partner cannot share what they cannot open.
      const notYet = await t.http().post(`/api/attachments/${uploaded.body.id}/recipients`).set(bearer(partner))
        .set('Content-Type', 'application/octet-stream').send(Buffer.from(pkesk)).expect(403);
      expect(notYet.body.code).toBe('attachment_not_openable');

      const shared = await t.http().post(`/api/attachments/${uploaded.body.id}/recipients`).set(bearer(parent))
        .set('Content-Type', 'application/octet-stream').send(Buffer.from(pkesk)).expect(200);
      expect(shared.body.recipients).toContain(partnerKey.publicKey.getFingerprint().toUpperCase());
      expect(shared.body.sha256).toBe(uploaded.body.sha256);

      const later = await download(t, partner, uploaded.body.id).expect(200);
      expect((await partnerGpg.decrypt(later.body, partnerKey.passphrase)).equals(plaintext)).toBe(true);
      expect((await decryptWith(later.body, partnerKey.privateKey)).equals(plaintext)).toBe(true);
      // Earlier recipients still read it with gpg.
      const counsellorCopy = await download(t, counsellor, uploaded.body.id).expect(200);
      expect((await gpg.decrypt(counsellorCopy.body, counsellorKey.passphrase)).equals(plaintext)).toBe(true);

      // The data file was never rewritten.
      const after = await stat(path.join(dataDir, 'attachments', file));
      expect([after.ino, after.mtimeMs, after.size]).toEqual([before.ino, before.mtimeMs, before.size]);
      // Sending the same PKESK again changes nothing.
      await t.http().post(`/api/attachments/${uploaded.body.id}/recipients`).set(bearer(parent))
        .set('Content-Type', 'application/octet-stream').send(Buffer.from(pkesk)).expect(200);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM attachment_recipient WHERE attachment_id = $1`, [uploaded.body.id]))[0].n).toBe(3);
    } finally {
      await partnerGpg.close();
      await t.dataSource.query(`DELETE FROM thread_member WHERE thread_id = $1 AND user_id = $2`, [threadId, partner.id]);
    }
  }, 90_000);

  it('refuses uploads that miss a member\'s key or include a non-member\'s, storing nothing', async () => {
    const rowsBefore = await attachmentRows();
    const filesBefore = await storedFiles();
    const onlyParent = await encryptTo(randomBytes(1000), [parentKey.publicKey]);
    const missing = await upload(t, parent, threadId, onlyParent).expect(422);
    expect(missing.body).toMatchObject({ code: 'missing_recipients', missing: [counsellorKey.publicKey.getFingerprint().toUpperCase()], missingUserIds: [counsellor.id] });
    const stranger = await makeKey('not-a-member@example.test');
    const extra = await encryptTo(randomBytes(1000), [parentKey.publicKey, counsellorKey.publicKey, stranger.publicKey]);
    const foreign = await upload(t, parent, threadId, extra).expect(422);
    expect(foreign.body.code).toBe('unknown_recipients');
    expect(await attachmentRows()).toBe(rowsBefore);
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await filesUnder(path.join(dataDir, 'attachments', 'tmp'))).toEqual([]);
  }, 90_000);

  it('refuses every kind of bad body with a clear 4xx and stores nothing', async () => {
    const keys = [parentKey.publicKey, counsellorKey.publicKey];
    const good = await encryptTo(randomBytes(5000), keys);
    const signature = Buffer.from(await openpgp.sign({ message: await openpgp.createMessage({ text: 'ondertekend' }), signingKeys: parentKey.privateKey, format: 'binary', detached: true }) as Uint8Array);
    const password = Buffer.from(await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'geheim' }), passwords: ['wachtwoord'], format: 'binary' }) as Uint8Array);
    const literal = Buffer.from(await (await openpgp.createMessage({ binary: randomBytes(100) })).write() as Uint8Array);
    const rowsBefore = await attachmentRows();
    const filesBefore = await storedFiles();
    const oversized = await encryptTo(randomBytes(MAX + 1000), keys);
    const cases: [string, Buffer | string, string, number, string][] = [
      ['plaintext', Buffer.from('Dit is gewoon een brief, niet versleuteld.'), 'application/octet-stream', 400, 'malformed_message'],
      ['garbage', randomBytes(4000).fill(0x20, 0, 1), 'application/octet-stream', 400, 'malformed_message'],
      ['empty', Buffer.alloc(0), 'application/octet-stream', 400, 'malformed_message'],
      ['truncated', good.subarray(0, good.length - 100), 'application/octet-stream', 400, 'truncated_message'],
      ['trailing', Buffer.concat([good, Buffer.from('x')]), 'application/octet-stream', 400, 'trailing_data'],
      ['signature', signature, 'application/octet-stream', 422, 'not_encrypted'],
      ['password-only', password, 'application/octet-stream', 422, 'password_message'],
      ['literal data', literal, 'application/octet-stream', 422, 'not_encrypted'],
      ['armoured plaintext', 'Gewoon tekst', 'application/pgp-encrypted', 400, 'malformed_armor'],
      ['truncated armour', (await encryptTo(randomBytes(100), keys, true)).toString().split('-----END')[0], 'application/pgp-encrypted', 400, 'truncated_message'],
      ['json', JSON.stringify({ data: good.toString('base64') }), 'application/json', 415, 'unsupported_media_type'],
      ['text', good.toString('latin1'), 'text/plain', 415, 'unsupported_media_type'],
      ['oversized', oversized, 'application/octet-stream', 413, 'attachment_too_large'],
    ];
    for (const [name, body, type, status, code] of cases) {
      const res = await upload(t, parent, threadId, body, type);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
    }
    // Over the limit without a Content-Length (chunked): refused while streaming, the partial file removed.
    const chunked = await new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
      const req = t.http().post(`/api/threads/${threadId}/attachments`).set(bearer(parent)).set('Content-Type', 'application/octet-stream');
      const raw = req as unknown as { write(b: Buffer): boolean; end(cb: (err: unknown, res: { status: number; body: { code?: string } }) => void): void };
      for (let i = 0; i < oversized.length; i += 65536) raw.write(oversized.subarray(i, i + 65536));
      raw.end((err, res) => (res ? resolve(res) : reject(err)));
    });
    expect({ status: chunked.status, code: chunked.body.code }).toEqual({ status: 413, code: 'attachment_too_large' });
    // A large body refused at its first bytes (armoured, chunked): the answer still reaches the client.
    const garbage = Buffer.concat([Buffer.from('-----BEGIN PGP MESSAGE-----\n\n!!!!\n'), Buffer.alloc(12 * 1024 * 1024, 0x41)]);
    const early = await new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
      const req = t.http().post(`/api/threads/${threadId}/attachments`).set(bearer(parent)).set('Content-Type', 'application/pgp-encrypted');
      const raw = req as unknown as { write(b: Buffer): boolean; end(cb: (err: unknown, res: { status: number; body: { code?: string } }) => void): void };
      for (let i = 0; i < garbage.length; i += 65536) raw.write(garbage.subarray(i, i + 65536));
      raw.end((err, res) => (res ? resolve(res) : reject(err)));
    });
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 400, code: 'malformed_armor' });
    expect(await attachmentRows()).toBe(rowsBefore);
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await filesUnder(path.join(dataDir, 'attachments', 'tmp'))).toEqual([]);
  }, 120_000);

  it('serves attachments to current members only: removing a member stops their downloads', async () => {
    const expert = await t.factories.user('expert');
    const expertKey = await makeKey(expert.email);
    await putKey(t, expert, expertKey);
    await t.factories.participant(caseId, expert.id, 'expert');
    await addMember(t, threadId, expert);
    const res = await upload(t, parent, threadId, await encryptTo(randomBytes(100), await recipientKeys(parent))).expect(201);
    await download(t, expert, res.body.id).expect(200);
    await t.http().delete(`/api/threads/${threadId}/members/${expert.id}`).set(bearer(counsellor)).expect(204);
    const gone = await download(t, expert, res.body.id).expect(404);
    expect(gone.body.toString()).toContain('not_found');
    const outsider = await t.factories.user('parent');
    await download(t, outsider, res.body.id).expect(404);
    await download(t, parent, randomUUID()).expect(404);
    await t.http().post(`/api/attachments/${res.body.id}/recipients`).set(bearer(expert)).set('Content-Type', 'application/octet-stream').send(Buffer.alloc(10)).expect(400);
  }, 90_000);

  it('links attachments to messages (attachmentIds) in the same thread only', async () => {
    const res = await upload(t, parent, threadId, await encryptTo(randomBytes(100), await recipientKeys(parent))).expect(201);
    const sent = await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(parent))
      .send({ body: 'Hierbij het verslag (versleuteld).', clientMessageId: randomUUID(), attachmentIds: [res.body.id] }).expect(201);
    expect(sent.body.attachments).toEqual([expect.objectContaining({ id: res.body.id })]);
    const elsewhere = await caseWithThread(t, [parent, counsellor]);
    const wrong = await t.http().post(`/api/threads/${elsewhere.threadId}/messages`).set(bearer(parent))
      .send({ body: 'Verkeerd gesprek', clientMessageId: randomUUID(), attachmentIds: [res.body.id] });
    expect(wrong.status).toBe(422);
  }, 90_000);

  it('property: round trips are exact at packet and chunk edges, and a flipped byte is detected by the reader', async () => {
    const sizes = [0, 1, 511, 512, 8191, 8192, 8193, 16384, 65535, 65536, 65537, 131072, 262145];
    const own = await caseWithThread(t, [parent, counsellor]);
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.constantFrom(...sizes), fc.integer({ min: 0, max: 300_000 })),
      fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      fc.boolean(),
      async (size, where, viaGpg) => {
        const plaintext = randomBytes(size);
        const ciphertext = viaGpg
          ? await gpg.encrypt(plaintext, [parent.email, counsellor.email])
          : await encryptTo(plaintext, [parentKey.publicKey, counsellorKey.publicKey]);
        const res = await upload(t, parent, own.threadId, ciphertext).expect(201);
        const got = await download(t, counsellor, res.body.id).expect(200);
        const body = got.body as Buffer;
        expect(body.equals(ciphertext)).toBe(true);
        expect((await decryptWith(body, counsellorKey.privateKey)).equals(plaintext)).toBe(true);
        // Flip one bit inside the encrypted data packet (past the PKESKs and its header).
        const dataStart = body.length - res.body.size;
        const at = dataStart + 8 + Math.floor(where * (res.body.size - 8));
        const flipped = Buffer.from(body);
        flipped[at] ^= 0x01;
        await expect(decryptWith(flipped, counsellorKey.privateKey)).rejects.toThrow();
      },
    ), { numRuns: 20 });
  }, 120_000);
});
