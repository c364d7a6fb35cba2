/*
 * OpenPGP in a Web Worker: key generation, unlocking, encryption and decryption of attachments,
 * and re-sharing (new PKESK packets for a later member) happen off the page's thread. openpgp.js
 * is loaded only here, only when a user first needs it. Keys are v4 Curve25519 (Ed25519 + Cv25519,
 * "curve25519Legacy") so partners' GnuPG 2.2 can read what we encrypt.
 */
import * as openpgp from 'openpgp';
import type { AttachmentMetadata, PgpRequest, PgpResult, WorkerMessage } from './protocol.js';
import { sealForSession, unsealFromSession, type SealedKey } from './session-unlock.js';

const CHUNK = 1024 * 1024;
let privateKey: openpgp.PrivateKey | null = null;
/** Encryptions the page asked to stop. */
const stopped = new Set<number>();
const MAX_NAME = 255;
const MAX_TYPE = 127;

const post = (message: WorkerMessage, transfer: Transferable[] = []) =>
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(message, transfer);

function fail(code: string, message: string = code): never {
  throw Object.assign(new Error(message), { code });
}

function requireKey(): openpgp.PrivateKey {
  return privateKey ?? fail('locked');
}

/** A stream over the bytes that reports how far the consumer has read (the progress bar) and stops when asked. */
function progressStream(source: ReadableStream<Uint8Array>, id: number, onProgress: (done: number) => void): ReadableStream<Uint8Array> {
  let done = 0;
  return source.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (stopped.has(id)) fail('cancelled');
      done += chunk.length;
      onProgress(done);
      controller.enqueue(chunk);
    },
  }));
}

/** The bytes in 1 MiB slices (no copy), so decryption reports progress as it goes. */
function chunked(data: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= data.length) { controller.close(); return; }
      const end = Math.min(offset + CHUNK, data.length);
      controller.enqueue(data.subarray(offset, end));
      offset = end;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  if (stream instanceof Uint8Array) return stream;
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return out;
}

/** Seals the opened key for this tab's session (see session-unlock); without IndexedDB the key is simply asked again after a reload. */
async function seal(key: openpgp.PrivateKey): Promise<SealedKey | null> {
  try {
    return await sealForSession(key.write() as Uint8Array, key.getFingerprint().toUpperCase());
  } catch {
    return null;
  }
}

/** What another member's browser sealed: shown as text only, so bounded and typed here. */
function checkedMetadata(value: unknown): AttachmentMetadata {
  const m = value as Partial<AttachmentMetadata> | null;
  if (!m || typeof m.name !== 'string' || !m.name || typeof m.size !== 'number' || !Number.isFinite(m.size) || m.size < 0) fail('bad_metadata');
  return { name: m.name.slice(0, MAX_NAME), size: m.size, type: typeof m.type === 'string' ? m.type.slice(0, MAX_TYPE) : '' };
}

async function handle(id: number, request: PgpRequest): Promise<PgpResult> {
  const progress = (done: number, total: number) => post({ id, type: 'progress', done, total });
  switch (request.op) {
    case 'generate': {
      const { privateKey: armoredPrivate, publicKey } = await openpgp.generateKey({
        type: 'ecc',
        curve: 'curve25519Legacy',
        userIDs: [{ name: request.name, email: request.email }],
        passphrase: request.passphrase,
        format: 'armored',
      });
      const key = await openpgp.readPrivateKey({ armoredKey: armoredPrivate });
      privateKey = await openpgp.decryptKey({ privateKey: key, passphrase: request.passphrase });
      return { op: 'generate', publicKey, encryptedPrivateKey: armoredPrivate, fingerprint: key.getFingerprint().toUpperCase(), sealed: await seal(privateKey) };
    }
    case 'unlock': {
      const key = await openpgp.readPrivateKey({ armoredKey: request.encryptedPrivateKey });
      try {
        privateKey = await openpgp.decryptKey({ privateKey: key, passphrase: request.passphrase });
      } catch {
        fail('wrong_passphrase', 'wrong passphrase');
      }
      return { op: 'unlock', fingerprint: key.getFingerprint().toUpperCase(), sealed: await seal(privateKey) };
    }
    case 'resume': {
      const binaryKey = await unsealFromSession(request.sealed).catch(() => null);
      const key = binaryKey ? await openpgp.readPrivateKey({ binaryKey }).catch(() => null) : null;
      if (!key?.isDecrypted()) return { op: 'resume', fingerprint: null };
      privateKey = key;
      return { op: 'resume', fingerprint: key.getFingerprint().toUpperCase() };
    }
    case 'encrypt': {
      // One session key seals both the file and its name, size and type: whoever can open one opens the other.
      const encryptionKeys = await Promise.all(request.recipientKeys.map((armoredKey) => openpgp.readKey({ armoredKey })));
      const sessionKey = await openpgp.generateSessionKey({ encryptionKeys });
      const total = request.file.size;
      const message = await openpgp.createMessage({
        binary: progressStream(request.file.stream(), id, (done) => progress(done, total)), filename: request.metadata.name, format: 'binary',
      });
      let data: Uint8Array;
      try {
        data = await readAll(await openpgp.encrypt({ message, encryptionKeys, sessionKey, format: 'binary' }) as unknown as ReadableStream<Uint8Array>);
      } catch (error) {
        if (stopped.has(id)) fail('cancelled');
        throw error;
      }
      if (stopped.has(id)) fail('cancelled');
      const metadata = await openpgp.encrypt({
        message: await openpgp.createMessage({ binary: new TextEncoder().encode(JSON.stringify(request.metadata)) }), sessionKey, format: 'binary',
      }) as Uint8Array;
      return { op: 'encrypt', data, metadata };
    }
    case 'cancel':
      stopped.add(request.target);
      return { op: 'cancel' };
    case 'decrypt': {
      const decryptionKeys = requireKey();
      const total = request.data.length;
      const message = await openpgp.readMessage({ binaryMessage: progressStream(chunked(request.data), id, (done) => progress(done, total)) });
      const { data, filename } = await openpgp.decrypt({ message, decryptionKeys, format: 'binary' });
      return { op: 'decrypt', data: await readAll(data as unknown as ReadableStream<Uint8Array>), filename: filename || 'bijlage' };
    }
    case 'readMetadata': {
      const decryptionKeys = requireKey();
      const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: request.data }), decryptionKeys, format: 'binary' });
      let parsed: unknown;
      try { parsed = JSON.parse(new TextDecoder().decode(data as Uint8Array)); } catch { fail('bad_metadata'); }
      return { op: 'readMetadata', metadata: checkedMetadata(parsed) };
    }
    case 'share': {
      // `data` may be the small metadata message: its PKESK carries the same session key as the file's.
      const decryptionKeys = requireKey();
      const message = await openpgp.readMessage({ binaryMessage: request.data });
      const [sessionKey] = await openpgp.decryptSessionKeys({ message, decryptionKeys });
      const encryptionKeys = await Promise.all(request.recipientKeys.map((armoredKey) => openpgp.readKey({ armoredKey })));
      const packets = await openpgp.encryptSessionKey({
        data: sessionKey.data,
        algorithm: sessionKey.algorithm as openpgp.enums.symmetricNames,
        encryptionKeys,
        format: 'binary',
      });
      return { op: 'share', data: packets as Uint8Array };
    }
  }
}

/** The result's byte arrays move to the page instead of being copied. */
function transferables(result: PgpResult): Transferable[] {
  return Object.values(result).filter((v): v is Uint8Array => v instanceof Uint8Array).map((v) => v.buffer as ArrayBuffer);
}

self.onmessage = (event: MessageEvent<{ id: number; request: PgpRequest }>) => {
  const { id, request } = event.data;
  handle(id, request).then(
    (result) => post({ id, type: 'result', result }, transferables(result)),
    (error: Error & { code?: string }) => post({ id, type: 'error', code: error.code ?? 'crypto_failed', message: error.message }),
  ).finally(() => stopped.delete(id));
};
