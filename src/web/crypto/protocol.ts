import type { SealedKey } from './session-unlock.js';

/** What the web client seals with a file's session key: shown to members before they open the file. */
export interface AttachmentMetadata { name: string; size: number; type: string }

/** Messages between the page and the OpenPGP worker. Keys and plaintext never leave the browser. */
export type PgpRequest =
  | { op: 'generate'; name: string; email: string; passphrase: string }
  | { op: 'unlock'; encryptedPrivateKey: string; passphrase: string }
  /** Opens the key again after a reload, from the sealed half in sessionStorage. */
  | { op: 'resume'; sealed: SealedKey }
  | { op: 'encrypt'; file: Blob; recipientKeys: string[]; metadata: AttachmentMetadata }
  /** Stops the encryption with this request id (the stop button): it fails with `cancelled`. */
  | { op: 'cancel'; target: number }
  | { op: 'decrypt'; data: Uint8Array }
  | { op: 'readMetadata'; data: Uint8Array }
  | { op: 'share'; data: Uint8Array; recipientKeys: string[] };

export type PgpResult =
  | { op: 'generate'; publicKey: string; encryptedPrivateKey: string; fingerprint: string; sealed: SealedKey | null }
  | { op: 'unlock'; fingerprint: string; sealed: SealedKey | null }
  | { op: 'resume'; fingerprint: string | null }
  | { op: 'encrypt'; data: Uint8Array; metadata: Uint8Array }
  | { op: 'cancel' }
  | { op: 'decrypt'; data: Uint8Array; filename: string }
  | { op: 'readMetadata'; metadata: AttachmentMetadata }
  | { op: 'share'; data: Uint8Array };

export type WorkerMessage =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; result: PgpResult }
  | { id: number; type: 'error'; code: string; message: string };
