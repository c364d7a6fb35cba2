import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { CaseRole } from './case-vocabulary.js';

/** How the caller relates to one case. */
export interface CaseAccess {
  caseId: string;
  teamId: string;
  /** The caller's role in the case, or null when they see it only as a coordinator of its team. */
  participantRole: CaseRole | null;
  /** The caller is a coordinator of the support team that runs the case. */
  isTeamCoordinator: boolean;
}

/**
 * Who may see a case at all: its participants, and the coordinators of the team that runs it.
 * Everyone else — including admins, who manage accounts but never read case content — gets the same
 * 404 as for an id that does not exist. Finer rules (consent, thread membership) build on this.
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
    const rows: { id: string; team_id: string; participant_role: CaseRole | null }[] = await this.txHost.tx.query(
      `SELECT c.id, c.team_id, p.role AS participant_role
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
    }));
  }
}
