import { randomBytes, randomUUID } from 'node:crypto';
import * as openpgp from 'openpgp';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/accounts/passwords.js';
import { isProfessional, type OrganisationKind, type Role } from '../../src/accounts/roles.js';
import { validatePublicKey } from '../../src/attachments/keys/key-validation.js';
import { hashToken, newToken } from '../../src/auth/session-token.js';
import { newTotpSecret } from '../../src/auth/totp.js';
import type { CaseRole, CaseStatus, ConsentScope } from '../../src/cases/case-vocabulary.js';

export const TEST_PASSWORD = 'correct-horse-battery-staple-42';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  totpSecret: string | null;
  /** A ready session token (second factor passed) for `Authorization: Bearer`. */
  token: string;
}

/**
 * Test data written straight to the database (fast, no argon2 per user). Behaviour under test goes
 * through HTTP; factories only set the scene.
 */
export class Factories {
  constructor(private readonly dataSource: DataSource) {}

  async organisation(
    kind: OrganisationKind = 'support_team',
    name = `Organisatie ${randomBytes(3).toString('hex')}`,
    mailDomains: string[] = [],
  ): Promise<{ id: string; name: string; kind: OrganisationKind; mailDomains: string[] }> {
    const [row] = await this.dataSource.query(`INSERT INTO organisation (name, kind, mail_domains) VALUES ($1, $2, $3) RETURNING id`, [name, kind, mailDomains]);
    return { id: row.id, name, kind, mailDomains };
  }

  /**
   * A user of `role`. Professionals get TOTP enrolled (unless `totp: false`) and a session that passed
   * the second factor, like a real professional after login.
   */
  async user(role: Role, options: { organisationId?: string | null; email?: string; displayName?: string; totp?: boolean } = {}): Promise<TestUser> {
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const email = options.email ?? `${role}-${randomBytes(4).toString('hex')}@example.test`;
    const displayName = options.displayName ?? `Test ${role} ${randomBytes(2).toString('hex')}`;
    const enrol = isProfessional(role) && options.totp !== false;
    const totpSecret = enrol ? newTotpSecret() : null;
    let organisationId = options.organisationId;
    if (organisationId === undefined) {
      organisationId = role === 'coordinator' || role === 'counsellor' ? (await this.organisation('support_team')).id
        : role === 'partner' ? (await this.organisation('youth_protection')).id
          : role === 'expert' ? (await this.organisation('expert_pool')).id : null;
    }
    const [row] = await this.dataSource.query(
      `INSERT INTO app_user (email, display_name, role, organisation_id, password_hash, totp_secret, totp_enabled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [email, displayName, role, organisationId, await passwordHash, totpSecret, enrol ? new Date() : null],
    );
    const token = await this.session(row.id, enrol || !isProfessional(role));
    return { id: row.id, email, displayName, role, organisationId, totpSecret, token };
  }

  /** A session token for a user, as if they had logged in. */
  async session(userId: string, secondFactor = true): Promise<string> {
    const token = newToken();
    await this.dataSource.query(
      `INSERT INTO user_session (user_id, token_hash, second_factor, expires_at) VALUES ($1, $2, $3, now() + interval '12 hours')`,
      [userId, hashToken(token), secondFactor],
    );
    return token;
  }

  /**
   * A case run by `teamId` (a new support team when not given), with no participants yet: add them
   * with `participant`. For scenes only; creating a case is tested through its route.
   */
  async case(options: { createdById: string; teamId?: string; leadId?: string | null; title?: string; status?: CaseStatus; regionCodes?: string[]; reference?: string }): Promise<{ id: string; teamId: string }> {
    const teamId = options.teamId ?? (await this.organisation('support_team')).id;
    const [row] = await this.dataSource.query(
      `INSERT INTO case_file (reference, title, team_id, status, lead_counsellor_id, region_codes, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [options.reference ?? `EV-T-${randomBytes(5).toString('hex')}`, options.title ?? 'Testdossier', teamId, options.status ?? 'intake',
        options.leadId ?? null, options.regionCodes ?? [], options.createdById],
    );
    return { id: row.id, teamId };
  }

  async participant(caseId: string, userId: string, role: CaseRole): Promise<void> {
    await this.dataSource.query(`INSERT INTO case_participant (case_id, user_id, role) VALUES ($1, $2, $3)`, [caseId, userId, role]);
  }

  /** A parent's consent, recorded as given by `grantedById` (to one person or to an organisation). */
  async consent(caseId: string, options: { grantedById: string; scopes: ConsentScope[]; granteeUserId?: string; granteeOrganisationId?: string; expiresAt?: Date; revoked?: boolean }): Promise<string> {
    const [row] = await this.dataSource.query(
      `INSERT INTO case_consent (case_id, grantee_user_id, grantee_organisation_id, scopes, expires_at, granted_by_id, recorded_by_id, revoked_at, revoked_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $6, CASE WHEN $7 THEN now() END, CASE WHEN $7 THEN $6::uuid END) RETURNING id`,
      [caseId, options.granteeUserId ?? null, options.granteeOrganisationId ?? null, options.scopes, options.expiresAt ?? null, options.grantedById, options.revoked ?? false],
    );
    return row.id;
  }

  /** A conversation in `caseId` with these members (who must take part in the case for the app to let them in). */
  async thread(caseId: string, createdById: string, memberIds: string[], title = 'Testgesprek'): Promise<string> {
    const [row] = await this.dataSource.query(`INSERT INTO message_thread (case_id, title, created_by_id) VALUES ($1, $2, $3) RETURNING id`, [caseId, title, createdById]);
    for (const userId of memberIds) await this.threadMember(row.id, userId);
    return row.id;
  }

  /** `fromNow`: joined without the history (reads only what comes after), as `shareHistory: false` does. */
  async threadMember(threadId: string, userId: string, options: { fromNow?: boolean } = {}): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO thread_member (thread_id, user_id, history_from_seq)
       SELECT id, $2, CASE WHEN $3 THEN last_seq ELSE 0 END FROM message_thread WHERE id = $1`,
      [threadId, userId, options.fromNow ?? false],
    );
  }

  /**
   * A current OpenPGP key for `user` (Curve25519, v4, like GnuPG makes), checked by the server's own
   * key validation and stored as theirs. The unlocked private key comes back for decrypting.
   */
  async key(user: { id: string; email: string; displayName?: string }): Promise<TestKey> {
    const generated = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: user.displayName ?? 'Test', email: user.email }], format: 'object' });
    const key = await validatePublicKey(generated.publicKey.armor(), user.email);
    await this.dataSource.query(`UPDATE user_key SET retired_at = now() WHERE user_id = $1 AND retired_at IS NULL`, [user.id]);
    await this.dataSource.query(
      `INSERT INTO user_key (user_id, fingerprint, key_version, public_key, encryption_fingerprints, encryption_key_ids, expires_at, algorithm)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [user.id, key.fingerprint, key.version, key.armored, key.encryptionKeys.map((k) => k.fingerprint), key.encryptionKeys.map((k) => k.keyId), key.expiresAt, key.algorithm],
    );
    return { fingerprint: key.fingerprint, publicKey: generated.publicKey, privateKey: generated.privateKey };
  }

  randomId(): string {
    return randomUUID();
  }
}

export interface TestKey {
  fingerprint: string;
  publicKey: openpgp.PublicKey;
  privateKey: openpgp.PrivateKey;
}

export function bearer(user: { token: string }): { Authorization: string } {
  return { Authorization: `Bearer ${user.token}` };
}
