/**
 * Unlock once per session (issue 17). After the passphrase opened the key, the worker seals the
 * decrypted key with a fresh AES-GCM key that WebCrypto makes non-extractable: that key lives in
 * IndexedDB (JavaScript can use it but never read it out), the sealed key in this tab's
 * sessionStorage. A reload in the same tab opens the key again from the two; neither half alone
 * opens it, and the passphrase and the unsealed key are never stored. Logging out, an ended session
 * and "lock now" delete both. A new tab asks once more (sessionStorage belongs to one tab).
 */

const DB_NAME = 'eenverhaal-unlocked-key';
const STORE = 'sealing-keys';
const SESSION_ITEM = 'ev.key.unlocked';
/** Sealing keys of tabs closed without logging out are of no use without their half: dropped after a day. */
const MAX_AGE_MS = 24 * 3600 * 1000;

/** The sealed half, as kept in sessionStorage. */
export interface SealedKey {
  /** Names the sealing key in IndexedDB. */
  id: string;
  fingerprint: string;
  iv: string;
  data: string;
}

const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const bound = (fingerprint: string) => new TextEncoder().encode(`eenverhaal-key:${fingerprint}`);

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => Promise<T>): Promise<T> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await settle(open);
  try {
    return await use(db.transaction(STORE, mode).objectStore(STORE));
  } finally {
    // Closed at once, so deleting the database (lock, logout) is never blocked by this worker.
    db.close();
  }
}

/** In the worker: seals the decrypted key (binary packets) for this tab's session. */
export async function sealForSession(binaryKey: Uint8Array, fingerprint: string): Promise<SealedKey> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: bound(fingerprint) }, key, binaryKey as BufferSource));
  const id = crypto.randomUUID();
  await withStore('readwrite', async (store) => {
    const all = await settle(store.getAll() as IDBRequest<{ id: string; createdAt: number }[]>);
    for (const old of all) if (Date.now() - old.createdAt > MAX_AGE_MS) store.delete(old.id);
    await settle(store.put({ id, key, createdAt: Date.now() }, id));
  });
  return { id, fingerprint, iv: toBase64(iv), data: toBase64(data) };
}

/** In the worker: the decrypted key again, or null when its sealing key is gone (locked, logged out, another browser). */
export async function unsealFromSession(sealed: SealedKey): Promise<Uint8Array | null> {
  const entry = await withStore('readonly', (store) => settle(store.get(sealed.id) as IDBRequest<{ key: CryptoKey } | undefined>));
  if (!entry) return null;
  try {
    return new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: bound(sealed.fingerprint) }, entry.key, fromBase64(sealed.data) as BufferSource));
  } catch {
    return null;
  }
}

/** On the page: keeps the sealed half for this tab. */
export function keepSealed(sealed: SealedKey): void {
  try { sessionStorage.setItem(SESSION_ITEM, JSON.stringify(sealed)); } catch { /* storage blocked: the key is asked again after a reload */ }
}

export function sealedKey(): SealedKey | null {
  try {
    const text = sessionStorage.getItem(SESSION_ITEM);
    return text ? JSON.parse(text) as SealedKey : null;
  } catch {
    return null;
  }
}

/** On the page: forgets both halves (every tab's sealing keys: lock and logout lock every tab's next load). */
export function forgetUnlockedKey(): void {
  try { sessionStorage.removeItem(SESSION_ITEM); } catch { /* nothing kept */ }
  try { indexedDB.deleteDatabase(DB_NAME); } catch { /* IndexedDB unavailable: nothing kept there either */ }
}
