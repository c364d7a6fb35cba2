import { Injectable } from '@nestjs/common';
import type { CaseInvitations } from '../accounts/case-invitations.js';
import type { InvitationCaseRole, Role } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CaseAccessPolicy } from './case-access.policy.js';
import { CaseErrors } from './cases.errors.js';
import { CASE_ROLE_FITS, fitsFor } from './participants.service.js';

/** Who may invite someone straight into a case: whoever may manage its participants (the team), in a case role that fits the account. */
@Injectable()
export class CaseInvitationPolicy implements CaseInvitations {
  constructor(private readonly policy: CaseAccessPolicy) {}

  async requireInvitable(inviter: AuthUser, caseId: string, caseRole: InvitationCaseRole, accountRole: Role): Promise<void> {
    await this.policy.requireManage(inviter, caseId);
    if (!CASE_ROLE_FITS[caseRole].includes(accountRole)) {
      throw CaseErrors.roleDoesNotFit(caseRole, accountRole, fitsFor(accountRole), 'caseRole');
    }
  }

  async requireManage(user: AuthUser, caseId: string): Promise<void> {
    await this.policy.requireManage(user, caseId);
  }
}
