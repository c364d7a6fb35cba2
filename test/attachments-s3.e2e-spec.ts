import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { bearer } from './helpers/factories.js';
import { startS3Server, type S3TestServer } from './helpers/s3-server.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { decryptWith, download, encryptTo, keyedThread, makeKey, upload, type KeyedThread } from './attachments.fixtures.js';

/** With S3_BUCKET set, attachments live in the S3-compatible store (a real S3-protocol server here), not under DATA_DIR. */
describe('attachments in an S3-compatible store (e2e)', () => {
  let s3: S3TestServer;
  let t: TestApp;
  let dataDir: string;
  let world: KeyedThread;
  /** The attachments' objects: the bucket also holds the audit log's checkpoints (issue 15) under audit-checkpoints/. */
  const attachmentKeys = async (): Promise<string[]> => (await s3.keys()).filter((key) => !key.startsWith('audit-checkpoints/'));

  beforeAll(async () => {
    s3 = await startS3Server();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-s3-data-'));
    t = await createTestApp({ ...s3.env(), DATA_DIR: dataDir });
    world = await keyedThread(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await s3.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores the ciphertext as an object under the attachment id, serves it back whole, and nothing lands on the local disk', async () => {
    const plaintext = randomBytes(7 * 1024 * 1024 + 123); // more than one multipart part
    const ciphertext = await encryptTo(plaintext, [world.parentKey.publicKey, world.counsellorKey.publicKey]);
    const res = await upload(t, world.parent, world.threadId, ciphertext).expect(201);
    const [row] = await t.dataSource.query(`SELECT storage_driver, storage_key FROM attachment WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ storage_driver: 's3', storage_key: res.body.id });
    expect(await attachmentKeys()).toEqual([res.body.id]);
    expect(await readdir(dataDir, { recursive: true })).not.toContain('attachments');

    const body = (await download(t, world.counsellor, res.body.id).expect(200)).body as Buffer;
    expect(body.equals(ciphertext)).toBe(true);
    expect((await decryptWith(body, world.counsellorKey.privateKey)).equals(plaintext)).toBe(true);
    // Resuming from the middle reads the rest from the object store.
    const half = Math.floor(body.length / 2);
    const rest = await download(t, world.counsellor, res.body.id).set('Range', `bytes=${half}-`).expect(206);
    expect((rest.body as Buffer).equals(body.subarray(half))).toBe(true);
  }, 60_000);

  it('leaves no object behind when an upload is refused', async () => {
    const before = await attachmentKeys();
    const stranger = await makeKey('stranger@example.test');
    const refused = await upload(t, world.parent, world.threadId, await encryptTo(randomBytes(1024), [world.parentKey.publicKey, stranger.publicKey])).expect(422);
    expect(refused.body.code).toBeDefined();
    const tooFew = await upload(t, world.parent, world.threadId, await encryptTo(randomBytes(1024), [world.parentKey.publicKey])).expect(422);
    expect(tooFew.body.code).toBe('missing_recipients');
    expect(await attachmentKeys()).toEqual(before);
  });

  it('keeps attachments stored on the local disk before S3_BUCKET was set readable, and says so calmly when a store is gone', async () => {
    // The same installation as it ran before: no S3 settings, same database and DATA_DIR.
    const local: NestFastifyApplication = await createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dataDir, DATABASE_URL: t.databaseUrl }), t.databaseUrl);
    try {
      await local.init();
      await local.getHttpAdapter().getInstance().ready(); // Fastify: routes and hooks in place before requests come in
      const plaintext = randomBytes(50_000);
      const ciphertext = await encryptTo(plaintext, [world.parentKey.publicKey, world.counsellorKey.publicKey]);
      const earlier = (await request(local.getHttpServer()).post(`/api/threads/${world.threadId}/attachments`).set(bearer(world.parent))
        .set('Content-Type', 'application/octet-stream').send(ciphertext).expect(201)).body;
      expect((await t.dataSource.query(`SELECT storage_driver FROM attachment WHERE id = $1`, [earlier.id]))[0].storage_driver).toBe('fs');
      expect(await attachmentKeys()).not.toContain(earlier.id);

      // Now with S3: the old attachment still comes from DATA_DIR.
      const body = (await download(t, world.counsellor, earlier.id).expect(200)).body as Buffer;
      expect(body.equals(ciphertext)).toBe(true);

      // Without S3 settings, an attachment that lives in S3 cannot be served: 503, not a 500 or a broken file.
      const inS3 = (await upload(t, world.parent, world.threadId, await encryptTo(randomBytes(1000), [world.parentKey.publicKey, world.counsellorKey.publicKey])).expect(201)).body;
      const refused = await request(local.getHttpServer()).get(`/api/attachments/${inS3.id}`).set(bearer(world.counsellor)).set('Accept-Language', 'nl').expect(503);
      expect(refused.body).toMatchObject({ code: 'attachment_store_unavailable' });
      expect(refused.body.message).toMatch(/beheerder/);
    } finally {
      await local.close();
    }
  }, 60_000);

  it('refuses to start when the bucket cannot be used, naming the bucket', async () => {
    await expect(createTestApp({ ...s3.env(), S3_BUCKET: 'ev-missing-bucket', DATA_DIR: dataDir })).rejects.toThrow(/S3 bucket "ev-missing-bucket" is not usable \(HTTP 404\)/);
  });
});

