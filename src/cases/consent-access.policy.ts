import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { type CaseAccess, CaseAccessService } from './case-access.service.js';
import { CaseErrors } from './cases.errors.js';
import { isCaseCounsellor, sideOf } from './case-sides.js';

/**
 * Consent belongs to the parents: only a parent of the case grants or revokes it. A counsellor of
 * the case may record what a parent said in person; the record says so and names the counsellor.
 */
@Injectable()
export class ConsentAccessPolicy {
  constructor(private readonly access: CaseAccessService) {}

  /** Parents and the team see every consent; a partner sees the consents given to them (or their organisation). */
  async requireList(user: AuthUser, caseId: string): Promise<{ access: CaseAccess; onlyOwn: boolean }> {
    const access = await this.access.requireCase(user, caseId);
    return { access, onlyOwn: sideOf(access) === 'partner' };
  }

  async requireManage(user: AuthUser, caseId: string): Promise<{ access: CaseAccess; inPerson: boolean }> {
    const access = await this.access.requireCase(user, caseId);
    if (sideOf(access) === 'parent') return { access, inPerson: false };
    if (isCaseCounsellor(access)) return { access, inPerson: true };
    throw CaseErrors.parentOnly();
  }
}
