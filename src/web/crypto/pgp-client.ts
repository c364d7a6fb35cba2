import { onSessionExpired } from '../api/client.js';
import type { AttachmentMetadata, PgpRequest, PgpResult, WorkerMessage } from './protocol.js';
import { forgetUnlockedKey, keepSealed, sealedKey, type SealedKey } from './session-unlock.js';

type Pending = { resolve(result: PgpResult): void; reject(error: Error): void; onProgress?: (done: number, total: number) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

export class PgpError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

/** The worker starts (and downloads openpgp.js) the first time it is needed. */
function start(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./pgp.worker.ts', import.meta.url), { type: 'module', name: 'openpgp' });
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    const entry = pending.get(message.id);
    if (!entry) return;
    if (message.type === 'progress') { entry.onProgress?.(message.done, message.total); return; }
    pending.delete(message.id);
    if (message.type === 'result') entry.resolve(message.result);
    else entry.reject(new PgpError(message.code, message.message));
  };
  return worker;
}

function call<T extends PgpResult['op']>(
  request: PgpRequest & { op: T }, onProgress?: Pending['onProgress'], signal?: AbortSignal,
): Promise<Extract<PgpResult, { op: T }>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as Pending['resolve'], reject, onProgress });
    start().postMessage({ id, request });
    signal?.addEventListener('abort', () => { if (pending.has(id)) worker?.postMessage({ id: nextId++, request: { op: 'cancel', target: id } }); }, { once: true });
  });
}

function remember(fingerprint: string, sealed: SealedKey | null): void {
  unlockedFingerprint = fingerprint;
  if (sealed) keepSealed(sealed);
}

let unlockedFingerprint: string | null = null;
let resuming: Promise<string | null> | null = null;
export const pgp = {
  get unlocked(): string | null { return unlockedFingerprint; },
  async generate(name: string, email: string, passphrase: string) {
    const result = await call({ op: 'generate', name, email, passphrase });
    remember(result.fingerprint, result.sealed);
    return result;
  },
  async unlock(encryptedPrivateKey: string, passphrase: string) {
    const result = await call({ op: 'unlock', encryptedPrivateKey, passphrase });
    remember(result.fingerprint, result.sealed);
    return result;
  },
  /**
   * After a reload: opens the key this tab unlocked before, without the passphrase (see
   * session-unlock). Null when there is nothing to resume; the worker starts only if there is.
   */
  resume(): Promise<string | null> {
    if (unlockedFingerprint) return Promise.resolve(unlockedFingerprint);
    const sealed = sealedKey();
    if (!sealed) return Promise.resolve(null);
    resuming ??= call({ op: 'resume', sealed }).then(
      (result) => {
        if (result.fingerprint) unlockedFingerprint = result.fingerprint;
        else forgetUnlockedKey();
        return result.fingerprint;
      },
      () => null,
    ).finally(() => { resuming = null; });
    return resuming;
  },
  /**
   * Forgets the unlocked key: the worker that holds it in memory is ended (a new one starts, locked,
   * when needed) and the sealed copy for reloads is deleted. Work still under way fails with `locked`.
   */
  lock() {
    unlockedFingerprint = null;
    forgetUnlockedKey();
    if (!worker) return;
    worker.terminate();
    worker = null;
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(new PgpError('locked', 'locked'));
    }
  },
  /** The file encrypted to these keys, and its name, size and type sealed with the same session key. `signal` stops it (`cancelled`). */
  encrypt: (file: Blob, metadata: AttachmentMetadata, recipientKeys: string[], onProgress?: Pending['onProgress'], signal?: AbortSignal) =>
    call({ op: 'encrypt', file, metadata, recipientKeys }, onProgress, signal),
  decrypt: (data: Uint8Array, onProgress?: Pending['onProgress']) => call({ op: 'decrypt', data }, onProgress),
  readMetadata: (data: Uint8Array) => call({ op: 'readMetadata', data }).then((r) => r.metadata),
  /** New PKESK packets for these keys, from any message of the attachment the unlocked key opens (the small metadata one will do). */
  share: (data: Uint8Array, recipientKeys: string[]) => call({ op: 'share', data, recipientKeys }),
};

// An ended session (expired, revoked elsewhere) leaves no key open in this tab; logout locks it too.
onSessionExpired(() => pgp.lock());
