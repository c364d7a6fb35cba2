/*
 * OpenPGP in a Web Worker: key generation, unlocking, encryption and decryption of attachments,
 * and re-sharing (new PKESK packets for a later member) happen off the page's thread. openpgp.js
 * is loaded only here, only when a user first needs it. Keys are v4 Curve25519 (Ed25519 + Cv25519,
 * "curve25519Legacy") so partners' GnuPG 2.2 can read what we encrypt.
 */
import * as openpgp from 'openpgp';
import type { PgpRequest, PgpResult, WorkerMessage } from './protocol.js';

const CHUNK = 1024 * 1024;
let privateKey: openpgp.PrivateKey | null = null;

const post = (message: WorkerMessage, transfer: Transferable[] = []) =>
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(message, transfer);

/** A stream over the bytes that reports how far the consumer has read: the progress bar. */
function progressStream(data: Uint8Array, onProgress: (done: number) => void): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= data.length) { controller.close(); return; }
      const end = Math.min(offset + CHUNK, data.length);
      controller.enqueue(data.subarray(offset, end));
      offset = end;
      onProgress(offset);
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
      return { op: 'generate', publicKey, encryptedPrivateKey: armoredPrivate, fingerprint: key.getFingerprint().toUpperCase() };
    }
    case 'unlock': {
      const key = await openpgp.readPrivateKey({ armoredKey: request.encryptedPrivateKey });
      try {
        privateKey = await openpgp.decryptKey({ privateKey: key, passphrase: request.passphrase });
      } catch {
        throw Object.assign(new Error('wrong passphrase'), { code: 'wrong_passphrase' });
      }
      return { op: 'unlock', fingerprint: key.getFingerprint().toUpperCase() };
    }
    case 'encrypt': {
      const encryptionKeys = await Promise.all(request.recipientKeys.map((armoredKey) => openpgp.readKey({ armoredKey })));
      const total = request.data.length;
      const message = await openpgp.createMessage({ binary: progressStream(request.data, (done) => progress(done, total)), filename: request.filename, format: 'binary' });
      const encrypted = await openpgp.encrypt({ message, encryptionKeys, format: 'binary' });
      return { op: 'encrypt', data: await readAll(encrypted as unknown as ReadableStream<Uint8Array>) };
    }
    case 'decrypt': {
      if (!privateKey) throw Object.assign(new Error('locked'), { code: 'locked' });
      const total = request.data.length;
      const message = await openpgp.readMessage({ binaryMessage: progressStream(request.data, (done) => progress(done, total)) });
      const { data, filename } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary' });
      return { op: 'decrypt', data: await readAll(data as unknown as ReadableStream<Uint8Array>), filename: filename || 'bijlage' };
    }
    case 'share': {
      if (!privateKey) throw Object.assign(new Error('locked'), { code: 'locked' });
      const message = await openpgp.readMessage({ binaryMessage: request.data });
      const [sessionKey] = await openpgp.decryptSessionKeys({ message, decryptionKeys: privateKey });
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

self.onmessage = (event: MessageEvent<{ id: number; request: PgpRequest }>) => {
  const { id, request } = event.data;
  handle(id, request).then(
    (result) => post({ id, type: 'result', result }, 'data' in result ? [result.data.buffer as ArrayBuffer] : []),
    (error: Error & { code?: string }) => post({ id, type: 'error', code: error.code ?? 'crypto_failed', message: error.message }),
  );
};
