/** Messages between the page and the OpenPGP worker. Keys and plaintext never leave the browser. */
export type PgpRequest =
  | { op: 'generate'; name: string; email: string; passphrase: string }
  | { op: 'unlock'; encryptedPrivateKey: string; passphrase: string }
  | { op: 'encrypt'; data: Uint8Array; filename: string; recipientKeys: string[] }
  | { op: 'decrypt'; data: Uint8Array }
  | { op: 'share'; data: Uint8Array; recipientKeys: string[] };

export type PgpResult =
  | { op: 'generate'; publicKey: string; encryptedPrivateKey: string; fingerprint: string }
  | { op: 'unlock'; fingerprint: string }
  | { op: 'encrypt'; data: Uint8Array }
  | { op: 'decrypt'; data: Uint8Array; filename: string }
  | { op: 'share'; data: Uint8Array };

export type WorkerMessage =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; result: PgpResult }
  | { id: number; type: 'error'; code: string; message: string };
