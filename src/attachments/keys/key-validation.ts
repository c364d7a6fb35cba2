import * as openpgp from 'openpgp';
import { KeyErrors } from '../attachments.errors.js';

/** A (sub)key that may receive a PKESK packet. */
export interface EncryptionKeyRef {
  /** Upper-case hex. */
  fingerprint: string;
  /** Upper-case hex, 16 digits. */
  keyId: string;
}

export interface ValidatedPublicKey {
  fingerprint: string;
  version: 4 | 6;
  algorithm: string;
  encryptionKeys: EncryptionKeyRef[];
  expiresAt: Date | null;
  /** Re-armoured from the parsed key: only what openpgp.js understood, no stray text around it. */
  armored: string;
}

const MIN_RSA_BITS = 3072;

/** Curve25519/Ed25519 in their legacy (v4) and RFC 9580 forms, or RSA of at least 3072 bits. */
function isAllowedAlgorithm(info: { algorithm: string; bits?: number; curve?: string }): boolean {
  switch (info.algorithm) {
    case 'ed25519':
    case 'x25519':
      return true;
    case 'eddsaLegacy':
      return info.curve === 'ed25519Legacy';
    case 'ecdh':
      return info.curve === 'curve25519Legacy';
    case 'rsaEncryptSign':
    case 'rsaEncrypt':
    case 'rsaSign':
      return (info.bits ?? 0) >= MIN_RSA_BITS;
    default:
      return false;
  }
}

function describe(info: { algorithm: string; bits?: number; curve?: string }): string {
  return info.bits ? `${info.algorithm}${info.bits}` : info.curve ? `${info.algorithm}:${info.curve}` : info.algorithm;
}

/**
 * Checks an uploaded public key the way senders will use it: it parses as exactly one public key,
 * is neither revoked nor expired, uses a modern algorithm throughout, can receive encrypted data,
 * and a valid self-signed user ID carries the account's email address.
 */
export async function validatePublicKey(armoredKey: string, accountEmail: string, now = new Date()): Promise<ValidatedPublicKey> {
  // openpgp.js reads only the first armour block: a second one must not slip through unseen.
  if ((armoredKey.match(/-----BEGIN PGP /g) ?? []).length > 1) throw KeyErrors.notSingle();
  let keys: openpgp.Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: armoredKey });
  } catch {
    throw KeyErrors.unreadable();
  }
  if (keys.length !== 1) throw KeyErrors.notSingle();
  const key = keys[0];
  if (key.isPrivate()) throw KeyErrors.privateInPublicField();
  const version = key.keyPacket.version;
  if (version !== 4 && version !== 6) throw KeyErrors.weakAlgorithm();

  if (await key.isRevoked(undefined, undefined, now)) throw KeyErrors.revoked();
  const expiration = await key.getExpirationTime(undefined, undefined).catch(() => null);
  if (expiration instanceof Date && expiration.getTime() <= now.getTime()) throw KeyErrors.expired();
  try {
    await key.verifyPrimaryKey(now);
  } catch {
    throw KeyErrors.invalid();
  }
  if (!isAllowedAlgorithm(key.getAlgorithmInfo())) throw KeyErrors.weakAlgorithm();

  const encryptionKeys: EncryptionKeyRef[] = [];
  for (const candidate of [key, ...key.subkeys]) {
    const usable = await key.getEncryptionKey(candidate.getKeyID(), now).catch(() => null);
    if (!usable || !usable.getKeyID().equals(candidate.getKeyID())) continue;
    // A sender's tool picks any valid encryption subkey: every one of them must be modern.
    if (!isAllowedAlgorithm(candidate.getAlgorithmInfo())) throw KeyErrors.weakAlgorithm();
    encryptionKeys.push({ fingerprint: candidate.getFingerprint().toUpperCase(), keyId: candidate.getKeyID().toHex().toUpperCase() });
  }
  if (encryptionKeys.length === 0) throw KeyErrors.cannotEncrypt();

  const email = accountEmail.trim().toLowerCase();
  let emailMatches = false;
  for (const user of key.users) {
    if (user.userID?.email?.trim().toLowerCase() !== email) continue;
    if (await user.verify(now).then(() => true, () => false)) {
      emailMatches = true;
      break;
    }
  }
  if (!emailMatches) throw KeyErrors.emailMismatch();

  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    version,
    algorithm: describe(key.getAlgorithmInfo()),
    encryptionKeys,
    expiresAt: expiration instanceof Date ? expiration : null,
    armored: key.armor(),
  };
}

/**
 * Checks the optional private-key backup without ever opening it: it must be a passphrase-protected
 * (encrypted) private key for the same primary key and subkeys. No passphrase is ever tried.
 */
export async function validatePrivateKeyBackup(armoredKey: string, publicKey: ValidatedPublicKey): Promise<string> {
  let privateKey: openpgp.PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey });
  } catch {
    throw KeyErrors.privateUnreadable();
  }
  if (privateKey.isDecrypted() !== false) throw KeyErrors.privateNotProtected();
  if (privateKey.getFingerprint().toUpperCase() !== publicKey.fingerprint) throw KeyErrors.privateMismatch();
  const subkeys = new Set(privateKey.subkeys.map((s) => s.getFingerprint().toUpperCase()));
  for (const ref of publicKey.encryptionKeys) {
    if (ref.fingerprint !== publicKey.fingerprint && !subkeys.has(ref.fingerprint)) throw KeyErrors.privateMismatch();
  }
  return privateKey.armor();
}
