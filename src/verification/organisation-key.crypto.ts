import * as openpgp from 'openpgp';

/**
 * The OpenPGP operations of an organisation key, kept apart from storage so they can be tested alone.
 * Keys are v4 Ed25519 (`curve25519Legacy`): the newest GnuPG most partners run (2.2) reads nothing
 * newer. An organisation key only signs and certifies, so it has no encryption subkey.
 */

export interface KeyUserId {
  name: string;
  email: string;
}

export interface GeneratedKey {
  fingerprint: string;
  publicKey: string;
  /** ASCII-armoured secret key, its key material encrypted under the key-encryption passphrase. */
  encryptedPrivateKey: string;
}

/** Upper-case hex, as gpg prints it. */
export function fingerprintOf(key: openpgp.Key): string {
  return key.getFingerprint().toUpperCase();
}

/** `<` and `>` would break the `Name <email>` user ID form; control characters have no place in it. */
function userIdName(name: string): string {
  return name.replace(/[\p{Cc}\p{Cf}<>]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 200) || 'Ondersteuningsteam';
}

export async function generateOrganisationKey(userId: KeyUserId, passphrase: string): Promise<GeneratedKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: userIdName(userId.name), email: userId.email }],
    subkeys: [],
    passphrase,
    format: 'object',
  });
  return { fingerprint: fingerprintOf(publicKey), publicKey: publicKey.armor(), encryptedPrivateKey: privateKey.armor() };
}

export class KeyUnlockError extends Error {
  constructor() {
    super('The organisation key could not be unlocked with the configured ORG_KEY_PASSPHRASE');
    this.name = 'KeyUnlockError';
  }
}

/** Decrypts a stored private key. The passphrase and the key never appear in an error. */
export async function unlockPrivateKey(encryptedPrivateKey: string, passphrase: string): Promise<openpgp.PrivateKey> {
  const privateKey = await openpgp.readPrivateKey({ armoredKey: encryptedPrivateKey });
  try {
    return await openpgp.decryptKey({ privateKey, passphrase });
  } catch {
    throw new KeyUnlockError();
  }
}

/**
 * A clear-signed text (`-----BEGIN PGP SIGNED MESSAGE-----`) that `gpg --verify` accepts. openpgp.js
 * writes the text with CRLF; the signature covers the canonical (CRLF) form either way, so plain LF
 * keeps the statement the same on every system without touching its validity.
 */
export async function clearSign(text: string, signingKey: openpgp.PrivateKey, date = new Date()): Promise<string> {
  const message = await openpgp.createCleartextMessage({ text });
  const signed = await openpgp.sign({ message, signingKeys: signingKey, date, format: 'armored' });
  return signed.replace(/\r\n/g, '\n');
}

/**
 * Certifies every user ID of `armoredPublicKey` with `signer` (a third-party "generic certification",
 * as `gpg --sign-key` makes). Used for a rotated organisation key (signed by its predecessor) and for
 * counsellors' own keys, so partners' GnuPG shows who vouches for them.
 */
export async function certifyPublicKey(armoredPublicKey: string, signer: openpgp.PrivateKey, date = new Date()): Promise<string> {
  const key = (await openpgp.readKey({ armoredKey: armoredPublicKey })).toPublic();
  // A key that already carries the signer's valid certification on every user ID (say, a counsellor
  // uploading the certified copy again) keeps it and gets no duplicate.
  if (await isCertifiedBy(key, signer.toPublic(), date)) return key.armor();
  const certified = await key.signAllUsers([signer], date);
  return certified.armor();
}

async function isCertifiedBy(key: openpgp.PublicKey, signer: openpgp.PublicKey, date: Date): Promise<boolean> {
  const users = key.users.filter((user) => user.userID);
  if (users.length === 0) return false;
  for (const user of users) {
    const results = await user.verifyAllCertifications([signer], date).catch(() => []);
    if (!results.some((r) => r.valid === true && r.keyID.equals(signer.getKeyID()))) return false;
  }
  return true;
}

/** Several public keys as one binary key ring (WKD serves binary; several keys ease a rollover). */
export async function binaryKeyRing(armoredPublicKeys: string[]): Promise<Buffer> {
  const parts = await Promise.all(armoredPublicKeys.map(async (armoredKey) => (await openpgp.readKey({ armoredKey })).toPublic().write()));
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

/**
 * Several public keys as one ASCII-armoured block, which `gpg --import` reads whole. With the CRC-24
 * checksum line (v4 keys may carry it; `openpgp.armor` leaves it out unless asked): GnuPG 2.2 cannot
 * decode an armour whose base64 ends without padding and has no checksum (dev.gnupg.org/T7071) —
 * a third of all key rings, by length.
 */
export async function armouredKeyRing(armoredPublicKeys: string[]): Promise<string> {
  return openpgp.armor(openpgp.enums.armor.publicKey, await binaryKeyRing(armoredPublicKeys), undefined, undefined, undefined, true);
}

const REVOCATION_FLAGS = {
  compromised: openpgp.enums.reasonForRevocation.keyCompromised,
  superseded: openpgp.enums.reasonForRevocation.keySuperseded,
} as const;

/**
 * `armoredPublicKey` (the stored copy, with any certifications it carries) with a key revocation
 * signature made by its own private half. GnuPG 2.2 then lists the key as revoked (validity `r`) and
 * reports signatures by it as REVKEYSIG / KEYREVOKED. `comment` is published in the signature.
 */
export async function revokePublicKey(
  armoredPublicKey: string, privateKey: openpgp.PrivateKey, reason: keyof typeof REVOCATION_FLAGS, comment: string, date = new Date(),
): Promise<string> {
  const { privateKey: revoked } = await openpgp.revokeKey({
    key: privateKey, reasonForRevocation: { flag: REVOCATION_FLAGS[reason], string: comment }, date, format: 'object',
  });
  const revocationCertificate = await revoked.getRevocationCertificate(date);
  if (typeof revocationCertificate !== 'string') throw new Error('openpgp.js made no revocation certificate');
  const stored = await openpgp.readKey({ armoredKey: armoredPublicKey });
  const { publicKey } = await openpgp.revokeKey({ key: stored.toPublic(), revocationCertificate, date, format: 'armored' });
  return publicKey;
}
