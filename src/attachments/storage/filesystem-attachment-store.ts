import { randomUUID } from 'node:crypto';
import { access, constants, mkdir, open, readdir, rename, rm, stat, statfs, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { AppConfig } from '../../config/app-config.js';
import { assertStorageKey, type AttachmentStore, type ByteRange, type StagedObject } from './attachment-store.js';

const STALE_TEMP_MS = 60 * 60 * 1000;
/** Writes are gathered into blocks of this size before they reach the disk. */
const WRITE_BLOCK = 1024 * 1024;
/** Every this many bytes a flush to disk starts in the background, so the final fsync has little left to do. */
const SYNC_EVERY = 16 * 1024 * 1024;

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** writev may write less than asked (rare for files, but allowed): continue until all is on disk. */
async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  const total = buffers.reduce((sum, b) => sum + b.length, 0);
  let { bytesWritten } = await handle.writev(buffers);
  while (bytesWritten < total) {
    const rest = Buffer.concat(buffers).subarray(bytesWritten);
    bytesWritten += (await handle.write(rest)).bytesWritten;
  }
}

class StagedFile implements StagedObject {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** One block may be on its way to the disk while the next one fills (double buffering). */
  private inflight: Promise<unknown> | null = null;
  private syncing: Promise<unknown> | null = null;
  private unsynced = 0;
  private finished = false;

  constructor(private readonly handle: FileHandle, private readonly tempPath: string, private readonly finalPath: string) {}

  async write(chunk: Buffer): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= WRITE_BLOCK) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.inflight) await this.inflight;
    this.inflight = null;
    if (this.pendingBytes === 0) return;
    const buffers = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.unsynced += buffers.reduce((sum, b) => sum + b.length, 0);
    const write = writeAll(this.handle, buffers).then(() => {
      if (this.unsynced >= SYNC_EVERY && !this.syncing) {
        this.unsynced = 0;
        this.syncing = this.handle.datasync().finally(() => { this.syncing = null; });
        this.syncing.catch(() => undefined);
      }
    });
    // Keep a rejection observed until the next flush awaits it.
    write.catch(() => undefined);
    this.inflight = write;
  }

  async commit(): Promise<void> {
    await this.flush();
    if (this.inflight) await this.inflight;
    this.inflight = null;
    if (this.syncing) await this.syncing;
    await this.handle.sync();
    await this.handle.close();
    this.finished = true;
    await mkdir(path.dirname(this.finalPath), { recursive: true });
    await rename(this.tempPath, this.finalPath);
    // The rename itself must survive a crash too.
    await fsyncDirectory(path.dirname(this.finalPath));
  }

  async abort(): Promise<void> {
    this.pending = [];
    await this.inflight?.catch(() => undefined);
    await this.syncing?.catch(() => undefined);
    this.inflight = null;
    if (!this.finished) {
      this.finished = true;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.tempPath, { force: true });
  }
}

/**
 * Attachments under `<DATA_DIR>/attachments/`: each object is written to `tmp/<random>.part`,
 * fsynced, then renamed to `<k[0..1]>/<key>` (rename is atomic), so a crash mid-upload leaves at
 * most a temporary file that no attachment row points at, never a visible partial object.
 */
export class FilesystemAttachmentStore implements AttachmentStore {
  readonly driver = 'fs';
  private readonly tempDir: string;

  constructor(private readonly root: string) {
    this.tempDir = path.join(root, 'tmp');
  }

  /** Where an object lives (also used by tests to look at the disk). */
  pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async create(key: string): Promise<StagedObject> {
    const finalPath = this.pathOf(key);
    await mkdir(this.tempDir, { recursive: true });
    const tempPath = path.join(this.tempDir, `${randomUUID()}.part`);
    const handle = await open(tempPath, 'wx', 0o600);
    return new StagedFile(handle, tempPath, finalPath);
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    const handle = await open(file, 'r');
    return handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: true, ...range });
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Writable and with at least 1 MiB free (issue 23: /health names a full or read-only store). */
  async health(): Promise<'up' | 'full' | 'down'> {
    try {
      await mkdir(this.tempDir, { recursive: true });
      await access(this.tempDir, constants.W_OK);
      const fs = await statfs(this.root);
      return fs.bavail * fs.bsize < 1024 * 1024 ? 'full' : 'up';
    } catch {
      return 'down';
    }
  }

  /** Removes temporary files of uploads that died (a crash, a kill); recent ones may belong to another process. */
  async sweepStaleTemporaryFiles(now = Date.now()): Promise<number> {
    let removed = 0;
    const names = await readdir(this.tempDir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(this.tempDir, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/** The filesystem store of this installation: DATA_DIR/attachments. */
export function localAttachmentStore(config: AppConfig): FilesystemAttachmentStore {
  return new FilesystemAttachmentStore(path.resolve(config.DATA_DIR, 'attachments'));
}
