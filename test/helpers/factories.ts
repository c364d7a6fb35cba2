import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/accounts/passwords.js';
import { isProfessional, type OrganisationKind, type Role } from '../../src/accounts/roles.js';
import { hashToken, newToken } from '../../src/auth/session-token.js';
import { newTotpSecret } from '../../src/auth/totp.js';

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

  randomId(): string {
    return randomUUID();
  }
}

export function bearer(user: { token: string }): { Authorization: string } {
  return { Authorization: `Bearer ${user.token}` };
}
