import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3ClientConfig, s3Connection } from '../common/s3.js';
import type { AppConfig } from '../config/app-config.js';
import type { Checkpoint } from './audit-keys.js';

/**
 * Where signed checkpoints go outside the database: files under DATA_DIR/audit-checkpoints/<database>/
 * or, when S3_BUCKET is set (the attachments' bucket and credentials), objects under
 * `audit-checkpoints/<database>/`. One file per checkpoint, named by its zero-padded sequence number,
 * so the newest sorts last. The database name keeps several databases on one DATA_DIR apart.
 */
export interface CheckpointStore {
  readonly description: string;
  write(checkpoint: Checkpoint): Promise<void>;
  /** The checkpoint with the highest seq, or null when there is none. */
  newest(): Promise<Checkpoint | null>;
  close(): void;
}

const fileName = (c: Checkpoint) => `${c.seq.padStart(20, '0')}.json`;
const isCheckpointName = (name: string) => /^\d{20}\.json$/.test(name);

class FileCheckpointStore implements CheckpointStore {
  constructor(private readonly dir: string) {}

  get description(): string {
    return this.dir;
  }

  async write(checkpoint: Checkpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = path.join(this.dir, fileName(checkpoint));
    const temporary = `${target}.tmp`;
    await writeFile(temporary, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
    await rename(temporary, target);
  }

  async newest(): Promise<Checkpoint | null> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter(isCheckpointName).sort();
    const last = names.at(-1);
    return last ? (JSON.parse(await readFile(path.join(this.dir, last), 'utf8')) as Checkpoint) : null;
  }

  close(): void {}
}

class S3CheckpointStore implements CheckpointStore {
  constructor(private readonly client: S3Client, private readonly bucket: string, private readonly prefix: string) {}

  get description(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  async write(checkpoint: Checkpoint): Promise<void> {
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket, Key: `${this.prefix}${fileName(checkpoint)}`, Body: JSON.stringify(checkpoint), ContentType: 'application/json',
    }));
  }

  async newest(): Promise<Checkpoint | null> {
    let last: string | undefined;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(this.prefix.length) ?? '';
        if (isCheckpointName(name) && (!last || name > last)) last = name;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    if (!last) return null;
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${last}` }));
    return JSON.parse(await object.Body!.transformToString('utf8')) as Checkpoint;
  }

  close(): void {
    this.client.destroy();
  }
}

export function checkpointStore(config: AppConfig, database: string): CheckpointStore {
  const safe = database.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!config.S3_BUCKET) return new FileCheckpointStore(path.resolve(config.DATA_DIR, 'audit-checkpoints', safe));
  const client = new S3Client(s3ClientConfig(s3Connection(config)));
  return new S3CheckpointStore(client, config.S3_BUCKET, `audit-checkpoints/${safe}/`);
}
