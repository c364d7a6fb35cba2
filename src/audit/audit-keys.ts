import { createHash, createHmac, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { readOrCreatePassphraseFile } from '../verification/key-encryption-passphrase.js';

export const GENERATED_AUDIT_KEY_FILE = path.join('secrets', 'audit-key');
/** The hash an empty log's first event links to. */
export const GENESIS_HASH = '0'.repeat(64);
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * What the audit log's secret gives: an HMAC key for the events' hashes and an Ed25519 key pair for
 * the checkpoints' signatures, both derived (HKDF-SHA256) from AUDIT_KEY. The public key may be
 * published: anyone holding it can check a checkpoint without the secret and without the database.
 */
export class AuditKeys {
  readonly publicKey: KeyObject;
  /** The raw 32-byte Ed25519 public key, base64. */
  readonly publicKeyBase64: string;
  /** Names the key in checkpoints: the first 16 hex digits of SHA-256 of the raw public key. */
  readonly keyId: string;
  private readonly hmacKey: Buffer;
  private readonly signingKey: KeyObject;

  constructor(secret: string) {
    const ikm = Buffer.from(secret, 'utf8');
    this.hmacKey = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), 'eenverhaal audit event hmac v1', 32));
    const seed = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), 'eenverhaal audit checkpoint ed25519 v1', 32));
    this.signingKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.signingKey);
    const raw = (this.publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32);
    this.publicKeyBase64 = raw.toString('base64');
    this.keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  }

  /** HMAC-SHA256(previous hash, newline, canonical event), hex. */
  hashEvent(previousHash: string, canonical: string): string {
    return createHmac('sha256', this.hmacKey).update(previousHash).update('\n').update(canonical).digest('hex');
  }

  signCheckpoint(checkpoint: CheckpointBody): string {
    return sign(null, checkpointMessage(checkpoint), this.signingKey).toString('base64');
  }
}

export interface CheckpointBody { seq: string; rootHash: string; at: string }
export interface Checkpoint extends CheckpointBody { signature: string; keyId: string; publicKey: string }

/** The bytes a checkpoint's signature covers. */
export function checkpointMessage(c: CheckpointBody): Buffer {
  return Buffer.from(`eenverhaal-audit-checkpoint/v1\n${c.seq}\n${c.rootHash}\n${c.at}`, 'utf8');
}

/** Checks a checkpoint against a public key (a KeyObject, or the raw base64 one a checkpoint file names). */
export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === 'string'
    ? createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey, 'base64')]), format: 'der', type: 'spki' })
    : publicKey;
  try {
    return verify(null, checkpointMessage(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** AUDIT_KEY, or the one generated once under DATA_DIR/secrets (mode 0600). */
export async function loadAuditKeys(config: AppConfig): Promise<{ keys: AuditKeys; generatedFile?: string }> {
  if (config.AUDIT_KEY) return { keys: new AuditKeys(config.AUDIT_KEY) };
  const generatedFile = path.resolve(config.DATA_DIR, GENERATED_AUDIT_KEY_FILE);
  return { keys: new AuditKeys(await readOrCreatePassphraseFile(generatedFile)), generatedFile };
}

/** One event as the database gives it for hashing (the columns of EVENT_COLUMNS). */
export interface EventRow {
  seq: string;
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  case_id: string | null;
  request_id: string | null;
  origin: string | null;
  details: string;
}

/** The columns, as text the way they are hashed (jsonb's text form is canonical: keys sorted, spacing fixed). */
export const EVENT_COLUMNS = `e.seq::text AS seq, e.id::text AS id,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  e.actor_user_id::text AS actor_user_id, e.actor_role, e.action, e.subject_type, e.subject_id,
  e.case_id::text AS case_id, e.request_id, e.origin, e.details::text AS details`;

/** The canonical form of a sealed event at its place in the chain. */
export function canonicalEvent(chainSeq: string, e: EventRow): string {
  return JSON.stringify([chainSeq, e.seq, e.id, e.occurred_at, e.actor_user_id, e.actor_role, e.action, e.subject_type,
    e.subject_id, e.case_id, e.request_id, e.origin, e.details]);
}
