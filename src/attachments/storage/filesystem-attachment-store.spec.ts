import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/app-config.js';
import { FilesystemAttachmentStore } from './filesystem-attachment-store.js';

describe('FilesystemAttachmentStore', () => {
  let root: string;
  let store: FilesystemAttachmentStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ev-store-'));
    store = new FilesystemAttachmentStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('makes an object visible only at commit, with every byte in order', async () => {
    const key = randomUUID();
    const staged = await store.create(key);
    const parts = Array.from({ length: 40 }, (_, i) => randomBytes(50_000 + i));
    for (const part of parts) await staged.write(part);
    await expect(readFile(store.pathOf(key))).rejects.toThrow();
    expect(await readdir(path.join(root, 'tmp'))).toHaveLength(1);
    await staged.commit();
    expect((await readFile(store.pathOf(key))).equals(Buffer.concat(parts))).toBe(true);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    const read: Buffer[] = [];
    for await (const chunk of await store.open(key)) read.push(chunk as Buffer);
    expect(Buffer.concat(read).equals(Buffer.concat(parts))).toBe(true);
    const part: Buffer[] = [];
    for await (const chunk of await store.open(key, { start: 49_990, end: 50_009 })) part.push(chunk as Buffer);
    expect(Buffer.concat(part).equals(Buffer.concat(parts).subarray(49_990, 50_010))).toBe(true);
  });

  it('leaves nothing behind on abort', async () => {
    const key = randomUUID();
    const staged = await store.create(key);
    await staged.write(randomBytes(3 * 1024 * 1024));
    await staged.abort();
    await staged.abort();
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    await expect(store.open(key)).rejects.toThrow();
  });

  it('sweeps temporary files of dead uploads, but not recent ones', async () => {
    const recent = await store.create(randomUUID());
    const old = path.join(root, 'tmp', 'dead.part');
    await writeFile(old, 'x');
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(old, hoursAgo, hoursAgo);
    expect(await store.sweepStaleTemporaryFiles()).toBe(1);
    expect(await readdir(path.join(root, 'tmp'))).toHaveLength(1);
    await recent.abort(); // closes its file (a handle left to the garbage collector is a leak)
  });

  it('refuses keys that are not attachment ids (no path tricks)', () => {
    expect(() => store.pathOf('../../etc/passwd')).toThrow();
  });
});

describe('MAX_ATTACHMENT_BYTES', () => {
  it('defaults to 100 MiB and is read from the environment', () => {
    expect(loadConfig({}).MAX_ATTACHMENT_BYTES).toBe(100 * 1024 * 1024);
    expect(loadConfig({ MAX_ATTACHMENT_BYTES: '2048' }).MAX_ATTACHMENT_BYTES).toBe(2048);
    expect(() => loadConfig({ MAX_ATTACHMENT_BYTES: 'lots' })).toThrow(/MAX_ATTACHMENT_BYTES/);
  });
});
