import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startS3Server, type S3TestServer } from '../../test/helpers/s3-server.js';
import type { AppConfig } from '../config/app-config.js';
import { AuditKeys, type Checkpoint, checkpointSignatureValid } from './audit-keys.js';
import { checkpointStore } from './checkpoint-store.js';

const keys = new AuditKeys('checkpoint-store-spec-key-0123456789abcdef');
const checkpoint = (seq: string): Checkpoint => {
  const body = { seq, rootHash: 'ab'.repeat(32), at: new Date().toISOString() };
  return { ...body, signature: keys.signCheckpoint(body), keyId: keys.keyId, publicKey: keys.publicKeyBase64 };
};

describe('audit checkpoint stores (outside the database)', () => {
  let s3: S3TestServer;
  let dir: string;
  beforeAll(async () => {
    s3 = await startS3Server('ev-test-audit');
    dir = await mkdtemp(path.join(os.tmpdir(), 'ev-checkpoints-'));
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps files under DATA_DIR/audit-checkpoints/<database>/, private, and finds the newest by seq (not by name order of unpadded numbers)', async () => {
    const store = checkpointStore({ DATA_DIR: dir } as AppConfig, 'ev_db_one');
    expect(await store.newest()).toBeNull();
    for (const seq of ['9', '100', '10']) await store.write(checkpoint(seq));
    expect(await store.newest()).toMatchObject({ seq: '100' });
    const folder = path.join(dir, 'audit-checkpoints', 'ev_db_one');
    expect((await readdir(folder)).sort()).toEqual(['00000000000000000009.json', '00000000000000000010.json', '00000000000000000100.json']);
    expect((await stat(path.join(folder, '00000000000000000100.json'))).mode & 0o077).toBe(0);
    // Another database on the same DATA_DIR has its own folder.
    expect(await checkpointStore({ DATA_DIR: dir } as AppConfig, 'ev_db_two').newest()).toBeNull();
  });

  it('keeps objects under audit-checkpoints/<database>/ in the S3 bucket when S3_BUCKET is set, with the attachments\' settings', async () => {
    const config = {
      DATA_DIR: dir, S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_REGION: 'eu-west-1', S3_FORCE_PATH_STYLE: true,
      S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    } as AppConfig;
    const store = checkpointStore(config, 'ev_db_s3');
    expect(store.description).toBe(`s3://${s3.bucket}/audit-checkpoints/ev_db_s3/`);
    expect(await store.newest()).toBeNull();
    for (const seq of ['2', '11', '7']) await store.write(checkpoint(seq));
    const newest = await store.newest();
    expect(newest).toMatchObject({ seq: '11' });
    expect(checkpointSignatureValid(newest!, newest!.publicKey)).toBe(true);
    expect(await s3.keys()).toContain('audit-checkpoints/ev_db_s3/00000000000000000011.json');
    store.close();
  });
});
