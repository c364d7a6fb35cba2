import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { type CaseAccess, CaseAccessService } from './case-access.service.js';
import { CaseErrors } from './cases.errors.js';
import { isCaseCounsellor, seesScope, sideOf } from './case-sides.js';

/** The parent's story: told once, read by the team, the parents, and partners with `story` consent. */
@Injectable()
export class StoryAccessPolicy {
  constructor(private readonly access: CaseAccessService) {}

  async requireRead(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (!seesScope(access, 'story')) throw CaseErrors.consentRequired('story');
    return access;
  }

  /** Written by a parent, or by a counsellor of the case together with the parent. */
  async requireWrite(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (sideOf(access) !== 'parent' && !isCaseCounsellor(access)) throw CommonErrors.forbidden();
    return access;
  }

  /** Only a parent confirms that the story is theirs. */
  async requireConfirm(user: AuthUser, caseId: string): Promise<CaseAccess> {
    const access = await this.access.requireCase(user, caseId);
    if (sideOf(access) !== 'parent') throw CaseErrors.parentOnly();
    return access;
  }
}
