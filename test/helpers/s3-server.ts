import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * A real S3-protocol server in this process (s3rver, on a free port, objects in a temporary
 * directory): the portal's S3 driver talks HTTP to it exactly as to MinIO or AWS. s3rver checks
 * request signatures against its one account, S3RVER / S3RVER.
 */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The object keys in the bucket now. */
  keys(): Promise<string[]>;
  /** The portal's S3_* settings for this server. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'ev-test-attachments'): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'ev-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({ endpoint, region: 'eu-west-1', forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    ...credentials,
    async keys() {
      const listing = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listing.Contents ?? []).map((o) => o.Key!).sort();
    },
    env: () => ({
      S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_REGION: 'eu-west-1', S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    }),
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
