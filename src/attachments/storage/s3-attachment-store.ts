import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3ClientConfig, type S3Connection } from '../../common/s3.js';
import { assertStorageKey, type AttachmentStore, type ByteRange, type StagedObject } from './attachment-store.js';

/** S3's smallest multipart part; a bigger part only raises the memory one upload holds. */
const PART_SIZE = 5 * 1024 * 1024;
/** Parts in flight at once per upload: at most (QUEUE_SIZE + 1) × PART_SIZE buffered per upload. */
const QUEUE_SIZE = 2;

export interface S3StoreOptions extends Omit<S3Connection, 'forcePathStyle'> {
  bucket: string;
  /** Another S3-compatible store than AWS (MinIO …) usually wants path-style addressing. */
  forcePathStyle?: boolean;
}

/**
 * An object being uploaded: the bytes stream into a multipart upload (or, when small, one PUT at the
 * end), which S3 only makes visible under the key when it completes in `commit`.
 */
class StagedUpload implements StagedObject {
  private readonly body = new PassThrough({ highWaterMark: PART_SIZE });
  private readonly upload: Upload;
  private readonly done: Promise<unknown>;
  private failure: unknown = null;
  private aborted = false;

  constructor(client: S3Client, bucket: string, key: string) {
    this.upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: this.body }, partSize: PART_SIZE, queueSize: QUEUE_SIZE, leavePartsOnError: false });
    this.done = this.upload.done();
    // Kept so a failed upload surfaces at the next write instead of as an unhandled rejection.
    this.done.catch((error: unknown) => {
      this.failure = error;
      this.body.destroy();
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.body.write(chunk)) return;
    // Backpressure: wait until the upload took the buffered part, or failed.
    await Promise.race([once(this.body, 'drain'), this.done]);
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<void> {
    this.body.end();
    await this.done;
  }

  async abort(): Promise<void> {
    if (this.aborted) return;
    this.aborted = true;
    await this.upload.abort().catch(() => undefined);
    this.body.destroy();
    await this.done.catch(() => undefined);
  }
}

/**
 * Attachments in an S3-compatible bucket, one object per attachment under its id. The objects are
 * ciphertext, so the bucket needs no encryption of its own to keep them secret, but it must be
 * private. Uploads interrupted by a crash leave an incomplete multipart upload behind, never an
 * object: let the bucket expire those (AWS lifecycle `AbortIncompleteMultipartUpload`; MinIO does so
 * after 24 h by default).
 */
export class S3AttachmentStore implements AttachmentStore {
  readonly driver = 's3';
  private readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    this.client = new S3Client(s3ClientConfig(options));
  }

  /** Fails (naming the bucket, never the credentials) when the bucket cannot be reached with these settings. */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw new Error(`S3 bucket "${this.options.bucket}" is not usable${status ? ` (HTTP ${status})` : ''}: ${(error as Error).name}`);
    }
  }

  /** For /health (issue 23): the bucket answers within two seconds. */
  async health(): Promise<'up' | 'full' | 'down'> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }), { abortSignal: AbortSignal.timeout(2_000) });
      return 'up';
    } catch {
      return 'down';
    }
  }

  async create(key: string): Promise<StagedObject> {
    return new StagedUpload(this.client, this.options.bucket, assertStorageKey(key));
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const object = await this.client.send(new GetObjectCommand({
      Bucket: this.options.bucket, Key: assertStorageKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
    }));
    return object.Body as Readable;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: assertStorageKey(key) }));
  }

  close(): void {
    this.client.destroy();
  }
}
