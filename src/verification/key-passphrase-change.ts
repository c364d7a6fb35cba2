import * as openpgp from 'openpgp';
import type { DataSource } from 'typeorm';
import { appendAuditEvents } from '../audit/audit.service.js';
import { decryptClientSecret, encryptClientSecret } from '../auth/oidc/client-secret.crypto.js';
import { KeyUnlockError, unlockPrivateKey } from './organisation-key.crypto.js';

/** Why a passphrase change was refused; nothing was written. Messages name fingerprints, never a key or a passphrase. */
export class PassphraseChangeError extends Error {
  constructor(message: string, readonly fingerprints: string[] = []) {
    super(message);
    this.name = 'PassphraseChangeError';
  }
}

export const MIN_PASSPHRASE_LENGTH = 16;

/**
 * Re-encrypts the private half of every organisation key (current, retired and revoked) from
 * `current` to `next`, in one transaction with its audit event: either every key moves to the new
 * passphrase or none does. Each re-encrypted key is unlocked with `next` before it is stored.
 * Returns how many keys were re-encrypted.
 */
export async function changeOrganisationKeyPassphrase(dataSource: DataSource, current: string, next: string): Promise<{ keys: number }> {
  if (next.length < MIN_PASSPHRASE_LENGTH) throw new PassphraseChangeError(`the new passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
  if (next === current) throw new PassphraseChangeError('the new passphrase is the same as the current one');
  return dataSource.transaction(async (tx) => {
    const rows: { id: string; fingerprint: string; encrypted_private_key: string }[] = await tx.query(
      `SELECT id, fingerprint, encrypted_private_key FROM organisation_key ORDER BY created_at, id FOR UPDATE`);
    const unlocked = await Promise.all(rows.map(async (row) => {
      try {
        return { row, key: await unlockPrivateKey(row.encrypted_private_key, current) };
      } catch (error) {
        if (error instanceof KeyUnlockError) return { row, key: null };
        throw error;
      }
    }));
    const locked = unlocked.filter((u) => u.key === null).map((u) => u.row.fingerprint);
    if (locked.length > 0) {
      throw new PassphraseChangeError(`${locked.length} of ${rows.length} organisation keys do not open with the current passphrase`, locked);
    }
    for (const { row, key } of unlocked) {
      const armored = (await openpgp.encryptKey({ privateKey: key!, passphrase: next })).armor();
      await unlockPrivateKey(armored, next); // proves the stored copy opens before it replaces the old one
      await tx.query(`UPDATE organisation_key SET encrypted_private_key = $2 WHERE id = $1`, [row.id, armored]);
    }
    // Identity providers' client secrets sit under the same passphrase (src/auth/oidc): they move with the keys.
    const providers: { organisation_id: string; client_secret_encrypted: string }[] = await tx.query(
      `SELECT organisation_id, client_secret_encrypted FROM organisation_identity_provider ORDER BY organisation_id FOR UPDATE`);
    for (const provider of providers) {
      let secret: string;
      try {
        secret = await decryptClientSecret(provider.client_secret_encrypted, current);
      } catch {
        throw new PassphraseChangeError(`the client secret of the identity provider of organisation ${provider.organisation_id} does not open with the current passphrase`);
      }
      await tx.query(`UPDATE organisation_identity_provider SET client_secret_encrypted = $2 WHERE organisation_id = $1`,
        [provider.organisation_id, await encryptClientSecret(secret, next)]);
    }
    await appendAuditEvents(tx, [{
      action: 'organisation_key.passphrase_changed', subjectType: 'organisation_key',
      details: { keys: rows.length, identityProviderSecrets: providers.length, command: 'keys:passphrase' },
    }]);
    return { keys: rows.length };
  });
}
