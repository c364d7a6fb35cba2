import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { CommonErrors } from '../../common/domain-error.js';
import { TransactionHost, Transactional } from '../../database/transaction-host.js';
import { CredentialsService } from '../../verification/credentials.service.js';
import type { CounsellorKeys } from '../../verification/counsellor-keys.js';
import { KeyErrors } from '../attachments.errors.js';
import { validatePrivateKeyBackup, validatePublicKey } from './key-validation.js';

/** A user's key as recipient lists and the PKESK check need it. */
export interface RecipientKey {
  keyRowId: string;
  userId: string;
  fingerprint: string;
  publicKey: string;
  encryptionFingerprints: string[];
  encryptionKeyIds: string[];
}

export interface PublishedKey {
  fingerprint: string;
  publicKey: string;
  /** Fingerprint of the organisation key that certifies this key through a valid counsellor credential. */
  certifiedBy?: string;
  createdAt: Date;
  retiredAt: Date | null;
}

interface KeyRow {
  id: string;
  user_id: string;
  fingerprint: string;
  public_key: string;
  encryption_fingerprints: string[];
  encryption_key_ids: string[];
  created_at: Date;
  retired_at: Date | null;
  certified_by?: string | null;
}

const toRecipientKey = (row: KeyRow): RecipientKey => ({
  keyRowId: row.id,
  userId: row.user_id,
  fingerprint: row.fingerprint,
  publicKey: row.public_key,
  encryptionFingerprints: row.encryption_fingerprints,
  encryptionKeyIds: row.encryption_key_ids,
});

/** Users' OpenPGP public keys (and their optional passphrase-protected backups). */
@Injectable()
export class UserKeysService implements CounsellorKeys {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly credentials: CredentialsService,
  ) {}

  /**
   * Sets the caller's current key. A different key retires the current one (kept on record, so old
   * attachments still name whose key they were encrypted to); the same key again refreshes the stored
   * copy (new certifications, a later expiry) and the backup. A key that the counsellor's valid
   * credential names is stored certified by the team key again, as issuing the credential left it.
   */
  @Transactional()
  async putKey(user: AuthUser, input: { publicKey: string; encryptedPrivateKey?: string }): Promise<{ fingerprint: string }> {
    const key = await validatePublicKey(input.publicKey, user.email);
    const backup = input.encryptedPrivateKey !== undefined ? await validatePrivateKeyBackup(input.encryptedPrivateKey, key) : null;
    const tx = this.txHost.tx;
    // First: it may take the team key's lock, which issuing and revoking take before the user's row.
    const publicKey = await this.credentials.certifyVouchedKey(user.id, key.fingerprint, key.armored);
    // Serialise concurrent uploads of one user.
    await tx.query(`SELECT id FROM app_user WHERE id = $1 FOR UPDATE`, [user.id]);
    const [existing]: { id: string; user_id: string; retired_at: Date | null }[] = await tx.query(
      `SELECT id, user_id, retired_at FROM user_key WHERE fingerprint = $1`, [key.fingerprint]);
    if (existing && existing.user_id !== user.id) throw KeyErrors.inUse();

    const values = [publicKey, backup, key.encryptionKeys.map((k) => k.fingerprint), key.encryptionKeys.map((k) => k.keyId), key.expiresAt, key.algorithm];
    let action: 'user_key.set' | 'user_key.refresh';
    if (existing && existing.retired_at === null) {
      await tx.query(
        `UPDATE user_key SET public_key = $2, encrypted_private_key = COALESCE($3, encrypted_private_key),
                encryption_fingerprints = $4, encryption_key_ids = $5, expires_at = $6, algorithm = $7
          WHERE id = $1`, [existing.id, ...values]);
      action = 'user_key.refresh';
    } else {
      await tx.query(`UPDATE user_key SET retired_at = now() WHERE user_id = $1 AND retired_at IS NULL`, [user.id]);
      if (existing) {
        await tx.query(
          `UPDATE user_key SET public_key = $2, encrypted_private_key = COALESCE($3, encrypted_private_key),
                  encryption_fingerprints = $4, encryption_key_ids = $5, expires_at = $6, algorithm = $7, retired_at = NULL
            WHERE id = $1`, [existing.id, ...values]);
      } else {
        await tx.query(
          `INSERT INTO user_key (user_id, fingerprint, key_version, public_key, encrypted_private_key,
                                 encryption_fingerprints, encryption_key_ids, expires_at, algorithm)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [user.id, key.fingerprint, key.version, ...values]);
      }
      action = 'user_key.set';
    }
    await this.audit.record({
      action, subjectType: 'user', subjectId: user.id,
      details: { fingerprint: key.fingerprint, backup: backup !== null },
    });
    return { fingerprint: key.fingerprint };
  }

  /** The caller's own key backup (never readable by anyone else). */
  async ownBackup(user: AuthUser): Promise<{ fingerprint: string; encryptedPrivateKey: string | null } | null> {
    const [row]: { fingerprint: string; encrypted_private_key: string | null }[] = await this.txHost.tx.query(
      `SELECT fingerprint, encrypted_private_key FROM user_key WHERE user_id = $1 AND retired_at IS NULL`, [user.id]);
    return row ? { fingerprint: row.fingerprint, encryptedPrivateKey: row.encrypted_private_key } : null;
  }

  /**
   * Keys of a user, for the user themselves and for anyone who shares a case with them (a fellow
   * participant, or a coordinator of the team that runs it). Everyone else: 404, as for no user.
   */
  async listKeys(viewer: AuthUser, userId: string, includeRetired: boolean): Promise<PublishedKey[]> {
    if (viewer.id !== userId && !(await this.sharesCase(viewer, userId))) throw CommonErrors.notFound('user');
    const rows: KeyRow[] = await this.txHost.tx.query(
      `SELECT k.fingerprint, k.public_key, k.created_at, k.retired_at,
              (SELECT ok.fingerprint FROM counsellor_credential cc
                 JOIN organisation_key ok ON ok.id = cc.organisation_key_id
                WHERE cc.counsellor_id = k.user_id AND cc.counsellor_key_fingerprint = k.fingerprint
                  AND cc.revoked_at IS NULL AND cc.valid_until > now()
                ORDER BY cc.issued_at DESC LIMIT 1) AS certified_by
         FROM user_key k
        WHERE k.user_id = $1 AND ($2::boolean OR k.retired_at IS NULL)
        ORDER BY k.retired_at IS NOT NULL, k.created_at DESC`,
      [userId, includeRetired]);
    return rows.map((row) => ({
      fingerprint: row.fingerprint,
      publicKey: row.public_key,
      ...(row.certified_by ? { certifiedBy: row.certified_by } : {}),
      createdAt: row.created_at,
      retiredAt: row.retired_at,
    }));
  }

  private async sharesCase(viewer: AuthUser, userId: string): Promise<boolean> {
    if (viewer.role === 'admin') return false;
    const [row]: { shares: boolean }[] = await this.txHost.tx.query(
      `SELECT EXISTS (
         SELECT 1 FROM case_participant target
           JOIN case_file c ON c.id = target.case_id
           LEFT JOIN case_participant me ON me.case_id = target.case_id AND me.user_id = $2
          WHERE target.user_id = $1
            AND (me.user_id IS NOT NULL OR ($3::text = 'coordinator' AND c.team_id = $4::uuid))
       ) AS shares`,
      [userId, viewer.id, viewer.role, viewer.organisationId]);
    return row.shares;
  }

  /** The verification module's port (`COUNSELLOR_KEYS`): a credential names this fingerprint. */
  async currentFingerprint(userId: string): Promise<string | null> {
    const [key] = await this.currentKeys([userId]);
    return key?.fingerprint ?? null;
  }

  /**
   * The current keys of these users that senders can still encrypt to. Users without one — no key,
   * or one that has expired since — are simply absent (they count as "missing key").
   */
  async currentKeys(userIds: string[]): Promise<RecipientKey[]> {
    if (userIds.length === 0) return [];
    const rows: KeyRow[] = await this.txHost.tx.query(
      `SELECT id, user_id, fingerprint, public_key, encryption_fingerprints, encryption_key_ids, created_at, retired_at
         FROM user_key WHERE user_id = ANY($1::uuid[]) AND retired_at IS NULL AND (expires_at IS NULL OR expires_at > now())`, [userIds]);
    return rows.map(toRecipientKey);
  }
}
