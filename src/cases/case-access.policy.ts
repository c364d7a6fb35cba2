import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { type CaseAccess, CaseAccessService } from './case-access.service.js';
import { CaseErrors } from './cases.errors.js';
import { isCaseCounsellor, seesScope, sideOf } from './case-sides.js';

/**
 * The case itself: its existence, its structured fields, participants, status history, results,
 * access log and handover. Foreign and unknown ids answer the same 404 (CaseAccessService).
 */
@Injectable()
export class CaseAccessPolicy {
  constructor(private readonly access: CaseAccessService) {}

  /** Anyone who may see the case at all: participants and the team's coordinators. */
  requireVisible(user: AuthUser, caseId: string): Promise<CaseAccess> {
    return this.access.requireCase(user, caseId);
  }

  /**
   * The monitor's structured fields (household, custody, placement reasons, wishes, support asked)
   * are as sensitive as the story: the team, the parents, and partners with `story` consent.
   */
  seesDetails(access: CaseAccess): boolean {
    return seesScope(access, 'story');
  }

  /** Change the case and its participants: the team (its coordinators, the case's counsellors). */
  async requireManage(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (sideOf(access) !== 'team') throw CommonErrors.forbidden();
    return access;
  }

  /** Results and the status history: the team and the parents. */
  async requireResultsRead(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (sideOf(access) === 'partner') throw CommonErrors.forbidden();
    return access;
  }

  requireResultsWrite(user: AuthUser, caseId: string): Promise<CaseAccess> {
    return this.requireManage(user, caseId);
  }

  /** The access log: the case's parents, counsellors and coordinators. */
  async requireAccessLog(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (sideOf(access) === 'partner') throw CommonErrors.forbidden();
    return access;
  }

  /** Moving the lead: a coordinator of the team that runs the case. */
  async requireHandover(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (!access.isTeamCoordinator) throw CommonErrors.forbidden();
    return access;
  }

  /** Asking for a handover: a counsellor of the case. */
  async requireHandoverRequest(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (!isCaseCounsellor(access)) throw CaseErrors.notLead();
    return access;
  }

  /** Seeing handover requests: the team. */
  requireHandoverRequestsRead(user: AuthUser, caseId: string): Promise<CaseAccess> {
    return this.requireManage(user, caseId);
  }
}
