import type { Readable } from 'node:stream';

/** An object being written: invisible under its key until `commit` returns. */
export interface StagedObject {
  /** Resolves when the store can take more (backpressure). */
  write(chunk: Buffer): Promise<void> | void;
  /** Makes the object durable and visible under its key. */
  commit(): Promise<void>;
  /** Discards everything written; safe to call after a failed write or twice. */
  abort(): Promise<void>;
}

/**
 * Where the encrypted data packets of attachments live. Objects are written once and never change
 * (recipients are added in the database), so a driver needs no partial updates.
 */
export interface AttachmentStore {
  /** A short name recorded with each attachment, e.g. `fs` or `s3`. */
  readonly driver: string;
  create(key: string): Promise<StagedObject>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export const ATTACHMENT_STORE = Symbol('AttachmentStore');
