import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { CaseInvitations } from '../accounts/case-invitations.js';
import type { InvitationCaseRole, Role } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CaseErrors } from './cases.errors.js';
import { ChildAccountsService } from './child-accounts.service.js';
import { CASE_ROLE_FITS, fitsFor } from './participants.service.js';

/**
 * The accounts module's port (`CASE_INVITATIONS`): inviting someone straight into a case is for
 * whoever may manage its participants (the access layer decides), in a case role that fits the account.
 */
@Injectable()
export class CaseInvitationPolicy implements CaseInvitations {
  constructor(private readonly access: AccessService, private readonly childAccounts: ChildAccountsService) {}

  async requireInvitable(inviter: AuthUser, caseId: string, caseRole: InvitationCaseRole, accountRole: Role): Promise<void> {
    await this.access.requireCase(inviter, Permission.CaseParticipantManage, caseId);
    if (!CASE_ROLE_FITS[caseRole].includes(accountRole)) {
      throw CaseErrors.roleDoesNotFit(caseRole, accountRole, fitsFor(accountRole), 'caseRole');
    }
  }

  async requireChildLinkable(caseId: string, childId: string): Promise<void> {
    await this.childAccounts.requireLinkable(caseId, childId);
  }

  async requireManage(user: AuthUser, caseId: string): Promise<void> {
    await this.access.requireCase(user, Permission.CaseParticipantManage, caseId);
  }
}
