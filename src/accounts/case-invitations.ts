import type { AuthUser } from '../auth/auth-user.js';
import type { InvitationCaseRole, OrganisationKind, Role } from './roles.js';

/**
 * The cases module's answer to "may this inviter bring someone into this case, in this role?".
 * Accounts cannot import cases (cases import accounts), so the cases module provides this under
 * the token and the accounts service looks it up at run time.
 */
export const CASE_INVITATIONS = Symbol('CaseInvitations');

export interface CaseInvitations {
  /** 404 when the inviter cannot see the case, 403 when they may not manage its participants, 400 when `caseRole` does not fit `accountRole`. */
  requireInvitable(inviter: AuthUser, caseId: string, caseRole: InvitationCaseRole, accountRole: Role): Promise<void>;
  /** Issue 20: the child record an invitation as `child` will link on acceptance: 400 when it is not of the case, 409 when it is linked already. */
  requireChildLinkable(caseId: string, childId: string): Promise<void>;
  /** 404 when the caller cannot see the case, 403 when they may not manage its participants. */
  requireManage(user: AuthUser, caseId: string): Promise<void>;
}

/** The case role an invited account takes when the inviter names none. */
export function defaultCaseRole(role: Role, organisationKind: OrganisationKind | null): InvitationCaseRole | null {
  switch (role) {
    case 'parent': case 'child': case 'foster_parent': case 'expert': return role;
    case 'partner': return organisationKind === 'youth_protection' ? 'guardian' : organisationKind === 'child_protection_board' ? 'board' : 'other';
    default: return null;
  }
}
