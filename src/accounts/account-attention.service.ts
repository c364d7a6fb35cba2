import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { Role } from './roles.js';

/** How long an invitation that expired unused stays on its inviter's start page. */
export const EXPIRED_INVITATION_DAYS = 30;

export interface ExpiredInvitation {
  invitationId: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  caseId: string | null;
  expiredAt: string;
}

export interface OrganisationWithoutCoordinator {
  organisationId: string;
  name: string;
}

/** What of the accounts module waits for the caller on the start page: invitations to send again, organisations to staff. */
@Injectable()
export class AccountAttentionService {
  constructor(private readonly txHost: TransactionHost) {}

  /** The caller's own invitations that expired unused in the last EXPIRED_INVITATION_DAYS days, the most recent first. */
  async expiredInvitations(user: AuthUser, limit: number): Promise<{ items: ExpiredInvitation[]; total: number }> {
    const rows: { id: string; display_name: string; role: Role; organisation_id: string | null; case_id: string | null; expires_at: Date; total: number }[] =
      await this.txHost.tx.query(
        `SELECT i.id, i.display_name, i.role, i.organisation_id, i.case_id, i.expires_at, count(*) OVER ()::int AS total
           FROM invitation i
          WHERE i.invited_by_id = $1 AND i.accepted_at IS NULL
            AND i.expires_at <= now() AND i.expires_at > now() - make_interval(days => $2)
          ORDER BY i.expires_at DESC, i.id
          LIMIT $3`,
        [user.id, EXPIRED_INVITATION_DAYS, limit],
      );
    return {
      items: rows.map((r) => ({
        invitationId: r.id, displayName: r.display_name, role: r.role, organisationId: r.organisation_id, caseId: r.case_id,
        expiredAt: new Date(r.expires_at).toISOString(),
      })),
      total: rows[0]?.total ?? 0,
    };
  }

  /**
   * For an administrator: organisations with no active coordinator and no coordinator invitation
   * still open — nobody there can invite colleagues until the admin invites a first coordinator.
   */
  async organisationsWithoutCoordinator(user: AuthUser, limit: number): Promise<{ items: OrganisationWithoutCoordinator[]; total: number }> {
    if (user.role !== 'admin') return { items: [], total: 0 };
    const rows: { id: string; name: string; total: number }[] = await this.txHost.tx.query(
      `SELECT o.id, o.name, count(*) OVER ()::int AS total
         FROM organisation o
        WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.organisation_id = o.id AND u.role = 'coordinator' AND u.disabled_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM invitation i WHERE i.organisation_id = o.id AND i.role = 'coordinator'
                             AND i.accepted_at IS NULL AND i.expires_at > now())
        ORDER BY o.name, o.id
        LIMIT $1`,
      [limit],
    );
    return { items: rows.map((r) => ({ organisationId: r.id, name: r.name })), total: rows[0]?.total ?? 0 };
  }
}
