import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { type CaseAccess, CaseAccessService } from './case-access.service.js';
import { CaseErrors } from './cases.errors.js';
import { seesScope, sideOf } from './case-sides.js';

/** The children of the case: read by the team, the parents, and partners with `children` consent; kept by the team and the parents. */
@Injectable()
export class ChildAccessPolicy {
  constructor(private readonly access: CaseAccessService) {}

  async requireRead(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (!seesScope(access, 'children')) throw CaseErrors.consentRequired('children');
    return access;
  }

  async requireWrite(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (sideOf(access) === 'partner') throw CommonErrors.forbidden();
    return access;
  }
}
