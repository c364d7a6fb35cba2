import { Injectable } from '@nestjs/common';
import type { Role } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { CaseRole, CaseStatus, ConsentScope } from './case-vocabulary.js';

/** How the caller relates to one case. */
export interface CaseAccess {
  caseId: string;
  teamId: string;
  /** The caller's role in the case, or null when they see it only as a coordinator of its team. */
  participantRole: CaseRole | null;
  /** The caller is a coordinator of the support team that runs the case. */
  isTeamCoordinator: boolean;
  /** The caller's account. */
  userId: string;
  accountRole: Role;
  organisationId: string | null;
  status: CaseStatus;
  leadCounsellorId: string | null;
  /**
   * What the parents' consent opens to the caller right now (granted to them or to their
   * organisation, not revoked, not expired). Read fresh on every request: revocation is immediate.
   */
  consentScopes: ConsentScope[];
}

interface AccessRow {
  id: string;
  team_id: string;
  status: CaseStatus;
  lead_counsellor_id: string | null;
  participant_role: CaseRole | null;
  consent_scopes: ConsentScope[];
}

/**
 * Who may see a case at all: its participants, and the coordinators of the team that runs it.
 * Everyone else — including admins, who manage accounts but never read case content — gets the same
 * 404 as for an id that does not exist. Finer rules (consent, thread membership) build on this: the
 * per-resource policies (`*-access.policy.ts`) decide from the `CaseAccess` this returns, with no
 * further query.
 */
@Injectable()
export class CaseAccessService {
  constructor(private readonly txHost: TransactionHost) {}

  async requireCase(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const [access] = await this.accessTo(user, [caseId]);
    if (!access) throw CommonErrors.notFound('case');
    return access;
  }

  /** The subset of `caseIds` the caller may see, in one query. */
  async accessTo(user: AuthUser, caseIds: string[]): Promise<CaseAccess[]> {
    if (caseIds.length === 0 || user.role === 'admin') return [];
    const rows = await this.txHost.prepared<AccessRow>('ev_case_access',
      `SELECT c.id, c.team_id, c.status, c.lead_counsellor_id, p.role AS participant_role,
              ARRAY(SELECT DISTINCT s FROM case_consent k CROSS JOIN LATERAL unnest(k.scopes) AS s
                     WHERE k.case_id = c.id AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
                       AND (k.grantee_user_id = $2 OR k.grantee_organisation_id = $4::uuid)) AS consent_scopes
         FROM case_file c
         LEFT JOIN case_participant p ON p.case_id = c.id AND p.user_id = $2
        WHERE c.id = ANY($1::uuid[])
          AND (p.user_id IS NOT NULL OR ($3::text = 'coordinator' AND c.team_id = $4::uuid))`,
      [caseIds, user.id, user.role, user.organisationId],
    );
    return rows.map((row) => ({
      caseId: row.id,
      teamId: row.team_id,
      participantRole: row.participant_role,
      isTeamCoordinator: user.role === 'coordinator' && row.team_id === user.organisationId,
      userId: user.id,
      accountRole: user.role,
      organisationId: user.organisationId,
      status: row.status,
      leadCounsellorId: row.lead_counsellor_id,
      consentScopes: row.consent_scopes,
    }));
  }
}
