import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';

/**
 * HOOK — counsellors' own OpenPGP keys (the attachments issue adds them, in a `user_key` table).
 *
 * A credential names the counsellor's key fingerprint when they have one. This module does not
 * depend on the attachments module: it looks for a `user_key` table with `user_id` and `fingerprint`
 * columns (and, when present, skips rows with `retired_at` or `revoked_at` set or `expires_at` past,
 * and prefers the newest `created_at`).
 * Without such a table every counsellor simply has no key. Once the attachments module exports a
 * service for "a user's current key", replace the body of `currentFingerprint` with a call to it.
 *
 * The other half of the hook: `OrganisationKeysService.certifyCounsellorKey` certifies a counsellor's
 * public key with the team key, and `CredentialIssued` (verification.events.ts) tells listeners
 * in the issuing transaction that a credential was issued — where to certify and store the key.
 */
@Injectable()
export class CounsellorKeyLookup {
  constructor(private readonly txHost: TransactionHost) {}

  async currentFingerprint(userId: string): Promise<string | null> {
    const columns: { column_name: string }[] = await this.txHost.tx.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'user_key'
          AND column_name IN ('user_id', 'fingerprint', 'retired_at', 'revoked_at', 'expires_at', 'created_at')`,
    );
    const has = new Set(columns.map((c) => c.column_name));
    if (!has.has('user_id') || !has.has('fingerprint')) return null;
    const rows: { fingerprint: string }[] = await this.txHost.tx.query(
      `SELECT fingerprint::text AS fingerprint FROM user_key
        WHERE user_id = $1
          ${has.has('retired_at') ? 'AND retired_at IS NULL' : ''}
          ${has.has('revoked_at') ? 'AND revoked_at IS NULL' : ''}
          ${has.has('expires_at') ? 'AND (expires_at IS NULL OR expires_at > now())' : ''}
        ORDER BY ${has.has('created_at') ? 'created_at DESC' : '1'} LIMIT 1`,
      [userId],
    );
    const fingerprint = rows[0]?.fingerprint?.replace(/\s/g, '').toUpperCase();
    return fingerprint && /^[0-9A-F]{40}([0-9A-F]{24})?$/.test(fingerprint) ? fingerprint : null;
  }
}
