import type { Readable } from 'node:stream';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

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
  /** The object, or only bytes `start` … `end` (inclusive) of it. */
  open(key: string, range?: ByteRange): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** Removes what interrupted uploads left behind, at start-up (stores that can); how many. */
  sweepStaleTemporaryFiles?(): Promise<number>;
  /** For /health (issue 23): whether the store takes writes now; `full` when it has (almost) no room left. */
  health?(): Promise<'up' | 'full' | 'down'>;
  /** Releases connections when the portal stops (stores that hold any). */
  close?(): void;
}

/** Storage keys are attachment ids (UUIDs): nothing else may become a path or an object name. */
export function assertStorageKey(key: string): string {
  if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('invalid attachment storage key');
  return key;
}

export const ATTACHMENT_STORE = Symbol('AttachmentStore');
