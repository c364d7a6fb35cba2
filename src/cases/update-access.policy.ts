import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { type CaseAccess, CaseAccessService } from './case-access.service.js';
import type { UpdateVisibility } from './case-vocabulary.js';
import { CaseErrors } from './cases.errors.js';
import { isProfessionalCaller, seesScope, sideOf } from './case-sides.js';

/**
 * Shared updates. `everyone` updates are for every participant who sees updates (parents always);
 * `professionals` updates for the team and professional partners with `updates` consent.
 */
@Injectable()
export class UpdateAccessPolicy {
  constructor(private readonly access: CaseAccessService) {}

  /** The visibilities the caller may read. */
  visibleTo(access: CaseAccess): UpdateVisibility[] {
    if (!seesScope(access, 'updates')) return [];
    const side = sideOf(access);
    if (side === 'team') return ['everyone', 'professionals'];
    if (side === 'partner' && isProfessionalCaller(access)) return ['everyone', 'professionals'];
    return ['everyone'];
  }

  async requireRead(user: AuthUser, caseId: string): Promise<{ access: CaseAccess; visibilities: UpdateVisibility[] }> {
    const access = await this.access.requireCase(user, caseId);
    const visibilities = this.visibleTo(access);
    if (visibilities.length === 0) throw CaseErrors.consentRequired('updates');
    return { access, visibilities };
  }

  /** Who reads updates may post them, except children; a parent's updates are for everyone. */
  async requirePost(user: AuthUser, caseId: string, visibility: UpdateVisibility): Promise<CaseAccess> {
    const { access, visibilities } = await this.requireRead(user, caseId);
    if (access.participantRole === 'child' || access.accountRole === 'child') throw CommonErrors.forbidden();
    if (!visibilities.includes(visibility)) {
      if (sideOf(access) === 'parent') throw CaseErrors.parentVisibility();
      throw CommonErrors.forbidden();
    }
    return access;
  }
}
