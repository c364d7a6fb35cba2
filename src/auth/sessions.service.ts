import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '../database/transaction-host.js';
import type { DataSource } from 'typeorm';
import { isProfessional, type OrganisationKind, type Role } from '../accounts/roles.js';
import { AppConfig } from '../config/app-config.js';
import type { AuthUser } from './auth-user.js';
import { hashToken, newToken } from './session-token.js';

/** Touching `last_seen_at` on every request would turn each read into a write; once a minute is enough for idle expiry. */
const TOUCH_AFTER_MS = 60_000;

interface SessionRow {
  session_id: string;
  second_factor: boolean;
  oidc_organisation_id: string | null;
  last_seen_at: Date;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  organisation_id: string | null;
  totp_enabled_at: Date | null;
  organisation_name: string | null;
  organisation_kind: OrganisationKind | null;
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly txHost: TransactionHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** `oidcOrganisationId`: the session was opened through that organisation's identity provider. */
  async create(userId: string, secondFactor: boolean, oidcOrganisationId: string | null = null): Promise<{ id: string; token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.SESSION_ABSOLUTE_HOURS * 3600_000);
    const [row] = await this.txHost.tx.query(
      `INSERT INTO user_session (user_id, token_hash, second_factor, expires_at, oidc_organisation_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [userId, hashToken(token), secondFactor, expiresAt, oidcOrganisationId],
    );
    return { id: row.id, token, expiresAt };
  }

  /** Resolves a presented token to its user, or null when it is unknown, revoked, idle too long or past its absolute end. */
  async resolve(token: string): Promise<AuthUser | null> {
    if (!token || token.length > 200) return null;
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.second_factor, s.oidc_organisation_id, s.last_seen_at,
              u.id, u.email, u.display_name, u.role, u.organisation_id, u.totp_enabled_at,
              o.name AS organisation_name, o.kind AS organisation_kind
         FROM user_session s JOIN app_user u ON u.id = s.user_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2) AND u.disabled_at IS NULL`,
      [hashToken(token), this.config.SESSION_IDLE_MINUTES],
    );
    const row = rows[0];
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
      await this.dataSource.query(`UPDATE user_session SET last_seen_at = now() WHERE id = $1`, [row.session_id]);
    }
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      organisationId: row.organisation_id,
      sessionId: row.session_id,
      secondFactor: row.second_factor || !isProfessional(row.role),
      totpEnabled: row.totp_enabled_at !== null,
      oidcOrganisationId: row.oidc_organisation_id,
      organisation: row.organisation_id && row.organisation_name && row.organisation_kind
        ? { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind }
        : null,
    };
  }

  async markSecondFactor(sessionId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE user_session SET second_factor = true WHERE id = $1`, [sessionId]);
  }

  /** Revokes in the caller's transaction; the caller publishes `SessionsRevoked` once it has committed. */
  async revoke(sessionId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Revokes every session of a user except (optionally) one, e.g. after a password change. */
  async revokeAllOf(userId: string, exceptSessionId?: string): Promise<string[]> {
    // TypeORM answers UPDATE ... RETURNING with [rows, affectedCount].
    const [rows]: [{ id: string }[], number] = await this.txHost.tx.query(
      `UPDATE user_session SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid) RETURNING id`,
      [userId, exceptSessionId ?? null],
    );
    return rows.map((r) => r.id);
  }
}
