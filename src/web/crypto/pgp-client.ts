import { onSessionExpired } from '../api/client.js';
import type { PgpRequest, PgpResult, WorkerMessage } from './protocol.js';

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

function call<T extends PgpResult['op']>(request: PgpRequest & { op: T }, onProgress?: Pending['onProgress']): Promise<Extract<PgpResult, { op: T }>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as Pending['resolve'], reject, onProgress });
    start().postMessage({ id, request });
  });
}

let unlockedFingerprint: string | null = null;
export const pgp = {
  get unlocked(): string | null { return unlockedFingerprint; },
  async generate(name: string, email: string, passphrase: string) {
    const result = await call({ op: 'generate', name, email, passphrase });
    unlockedFingerprint = result.fingerprint;
    return result;
  },
  async unlock(encryptedPrivateKey: string, passphrase: string) {
    const result = await call({ op: 'unlock', encryptedPrivateKey, passphrase });
    unlockedFingerprint = result.fingerprint;
    return result;
  },
  /**
   * Forgets the unlocked key: the worker that holds it in memory is ended (a new one starts, locked,
   * when needed). Work still under way fails with `locked`.
   */
  lock() {
    unlockedFingerprint = null;
    if (!worker) return;
    worker.terminate();
    worker = null;
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(new PgpError('locked', 'locked'));
    }
  },
  encrypt: (data: Uint8Array, filename: string, recipientKeys: string[], onProgress?: Pending['onProgress']) =>
    call({ op: 'encrypt', data, filename, recipientKeys }, onProgress),
  decrypt: (data: Uint8Array, onProgress?: Pending['onProgress']) => call({ op: 'decrypt', data }, onProgress),
  share: (data: Uint8Array, recipientKeys: string[]) => call({ op: 'share', data, recipientKeys }),
};

// An ended session (expired, revoked elsewhere) leaves no key open in this tab; logout locks it too.
onSessionExpired(() => pgp.lock());
