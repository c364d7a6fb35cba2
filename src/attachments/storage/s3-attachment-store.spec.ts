import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { startS3Server, type S3TestServer } from '../../../test/helpers/s3-server.js';
import { S3AttachmentStore, type S3StoreOptions } from './s3-attachment-store.js';

const read = async (stream: AsyncIterable<unknown>): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('S3AttachmentStore (against a real S3-protocol server)', () => {
  let s3: S3TestServer;
  let store: S3AttachmentStore;
  const storeFor = (over: Partial<S3StoreOptions> = {}, server = s3) => new S3AttachmentStore({
    bucket: server.bucket, region: 'eu-west-1', endpoint: server.endpoint, forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }, ...over,
  });
  beforeAll(async () => {
    s3 = await startS3Server();
    store = storeFor();
  });
  afterAll(async () => {
    store.close();
    await s3.close();
  });

  it('streams a large object in parts and makes it visible only at commit, every byte in order', async () => {
    const key = randomUUID();
    const staged = await store.create(key);
    const parts = Array.from({ length: 200 }, (_, i) => randomBytes(64 * 1024 + i)); // ~12.5 MiB: three multipart parts
    for (const part of parts) await staged.write(part);
    await expect(store.open(key)).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(await s3.keys()).not.toContain(key);
    await staged.commit();
    const stored = await read(await store.open(key));
    expect(stored.length).toBe(parts.reduce((n, p) => n + p.length, 0));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(Buffer.concat(parts)).digest('hex'));
    // One byte range of it, across a part boundary (for resumed downloads).
    const start = 5 * 1024 * 1024 - 100;
    expect((await read(await store.open(key, { start, end: start + 199 }))).equals(stored.subarray(start, start + 200))).toBe(true);
  });

  it('stores a small object in one piece', async () => {
    const key = randomUUID();
    const staged = await store.create(key);
    await staged.write(Buffer.from('versleuteld'));
    await staged.commit();
    expect((await read(await store.open(key))).toString()).toBe('versleuteld');
  });

  it('leaves no object behind on abort, also after parts were sent, and abort twice is harmless', async () => {
    const key = randomUUID();
    const staged = await store.create(key);
    await staged.write(randomBytes(11 * 1024 * 1024));
    await staged.abort();
    await staged.abort();
    await expect(store.open(key)).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(await s3.keys()).not.toContain(key);
  });

  it('removes an object', async () => {
    const key = randomUUID();
    const staged = await store.create(key);
    await staged.write(Buffer.from('weg'));
    await staged.commit();
    expect(await s3.keys()).toContain(key);
    await store.remove(key);
    expect(await s3.keys()).not.toContain(key);
  });

  it('refuses keys that are not attachment ids', async () => {
    await expect(store.create('../elders')).rejects.toThrow('invalid attachment storage key');
    await expect(store.open('a/b')).rejects.toThrow('invalid attachment storage key');
  });

  it('checks the bucket at boot, naming it (never the credentials) when it is missing or the key is wrong', async () => {
    await expect(store.check()).resolves.toBeUndefined();
    const missing = storeFor({ bucket: 'ev-no-such-bucket' });
    await expect(missing.check()).rejects.toThrow(/S3 bucket "ev-no-such-bucket" is not usable \(HTTP 404\)/);
    const wrongKey = storeFor({ credentials: { accessKeyId: 'NOT-AN-ACCOUNT', secretAccessKey: 'not-the-secret' } });
    const refused = await wrongKey.check().then(() => null, (error: Error) => error);
    expect(refused?.message).toMatch(/S3 bucket "ev-test-attachments" is not usable \(HTTP 403\)/);
    expect(refused?.message).not.toContain('not-the-secret');
    missing.close();
    wrongKey.close();
  });

  it('fails the write or the commit, not silently, when the store goes away mid-upload', async () => {
    const other = await startS3Server('ev-test-vanishing');
    const vanishing = storeFor({}, other);
    const staged = await vanishing.create(randomUUID());
    await staged.write(randomBytes(64 * 1024));
    await other.close();
    const attempt = (async () => {
      for (let i = 0; i < 200; i++) await staged.write(randomBytes(64 * 1024));
      await staged.commit();
    })();
    await expect(attempt).rejects.toBeDefined();
    await staged.abort();
    vanishing.close();
  });
});
