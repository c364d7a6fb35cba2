import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, decryptWith, download, encryptTo, keyedThread, makeKey, putKey, upload, type KeyedThread } from './attachments.fixtures.js';

/** Resuming an interrupted download: one byte range at a time, guarded by the ETag (RFC 9110 Range / If-Range). */
describe('attachment downloads in byte ranges (e2e)', () => {
  let t: TestApp;
  let dataDir: string;
  let world: KeyedThread;
  let id: string;
  let plaintext: Buffer;
  let whole: Buffer;
  let etag: string;
  /** Bytes of PKESK packets before the data packet. */
  let headLength: number;

  const ranged = (user: TestUser, range: string, ifRange?: string) => {
    const request = download(t, user, id).set('Range', range);
    return ifRange ? request.set('If-Range', ifRange) : request;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-range-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    world = await keyedThread(t);
    const { parent, counsellor, parentKey, counsellorKey, threadId } = world;
    plaintext = randomBytes(300_000);
    id = (await upload(t, parent, threadId, await encryptTo(plaintext, [parentKey.publicKey, counsellorKey.publicKey])).expect(201)).body.id;
    const full = await download(t, counsellor, id).expect(200);
    whole = full.body as Buffer;
    etag = full.headers.etag;
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const [row] = await t.dataSource.query(`SELECT data_size FROM attachment WHERE id = $1`, [id]);
    headLength = whole.length - Number(row.data_size);
    expect(headLength).toBeGreaterThan(100);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves exactly the bytes asked for: within the key packets, across into the data, at the end', async () => {
    for (const [range, start, end] of [
      ['bytes=0-9', 0, 9],
      [`bytes=${headLength - 10}-${headLength + 9}`, headLength - 10, headLength + 9],
      [`bytes=${headLength}-${headLength + 999}`, headLength, headLength + 999],
      ['bytes=-100', whole.length - 100, whole.length - 1],
      [`bytes=${whole.length - 5}-${whole.length + 500}`, whole.length - 5, whole.length - 1],
    ] as const) {
      const res = await ranged(world.counsellor, range).expect(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${whole.length}`);
      expect(Number(res.headers['content-length'])).toBe(end - start + 1);
      expect((res.body as Buffer).equals(whole.subarray(start, end + 1))).toBe(true);
      expect(res.headers['content-type']).toBe('application/octet-stream');
    }
  });

  it('resumes an interrupted download with If-Range, and the joined parts decrypt', async () => {
    const half = Math.floor(whole.length / 2);
    const first = (await ranged(world.parent, `bytes=0-${half - 1}`).expect(206)).body as Buffer;
    const rest = await ranged(world.parent, `bytes=${half}-`, etag).expect(206);
    expect(rest.headers.etag).toBe(etag);
    const joined = Buffer.concat([first, rest.body as Buffer]);
    expect(joined.equals(whole)).toBe(true);
    expect((await decryptWith(joined, world.parentKey.privateKey)).equals(plaintext)).toBe(true);
  });

  it('answers 416 naming the length for a range past the end, and the whole file for ranges it does not serve', async () => {
    const past = await ranged(world.counsellor, `bytes=${whole.length}-`).expect(416);
    expect(past.headers['content-range']).toBe(`bytes */${whole.length}`);
    expect(past.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse((past.body as Buffer).toString())).toMatchObject({ code: 'range_not_satisfiable', length: whole.length });
    for (const range of ['bytes=0-1,5-6', 'items=0-10', 'bytes=20-10', 'bytes=x-y']) {
      const res = await ranged(world.counsellor, range).expect(200);
      expect((res.body as Buffer).equals(whole)).toBe(true);
    }
  });

  it('sends the whole, changed file when recipients were added since the first part (stale If-Range)', async () => {
    const partner = await t.factories.user('partner');
    const partnerKey = await makeKey(partner.email);
    await putKey(t, partner, partnerKey);
    await t.factories.participant(world.caseId, partner.id, 'guardian');
    await addMember(t, world.threadId, partner);
    const [sessionKey] = await openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ binaryMessage: whole }), decryptionKeys: world.parentKey.privateKey });
    const pkesk = await openpgp.encryptSessionKey({ ...sessionKey, algorithm: sessionKey.algorithm!, encryptionKeys: partnerKey.publicKey, format: 'binary' }) as Uint8Array;
    await t.http().post(`/api/attachments/${id}/recipients`).set(bearer(world.parent)).set('Content-Type', 'application/octet-stream').send(Buffer.from(pkesk)).expect(200);

    const resumed = await ranged(world.counsellor, `bytes=${headLength}-`, etag).expect(200);
    expect(resumed.headers.etag).not.toBe(etag);
    const now = resumed.body as Buffer;
    expect(now.length).toBeGreaterThan(whole.length);
    expect((await decryptWith(now, partnerKey.privateKey)).equals(plaintext)).toBe(true);
    // Without If-Range the range applies to the new bytes.
    const tail = await ranged(world.counsellor, 'bytes=-50').expect(206);
    expect(tail.headers['content-range']).toBe(`bytes ${now.length - 50}-${now.length - 1}/${now.length}`);
  }, 60_000);

  it('checks membership first (404 for others), audits every part it serves with its range, and not a refused range', async () => {
    const outsider = await t.factories.user('parent');
    await ranged(outsider, 'bytes=0-9').expect(404);
    const before = Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE action = 'attachment.download' AND subject_id = $1`, [id]))[0].n);
    await ranged(world.counsellor, 'bytes=5-14').expect(206);
    await ranged(world.counsellor, 'bytes=999999999-').expect(416);
    const events = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_event WHERE action = 'attachment.download' AND subject_id = $1 ORDER BY seq`, [id]);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toEqual({ actor_user_id: world.counsellor.id, details: { threadId: world.threadId, range: '5-14' } });
  });
});
