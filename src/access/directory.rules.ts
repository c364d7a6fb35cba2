import { Permission } from '../auth/permission.js';
import { CommonErrors, type DomainError } from '../common/domain-error.js';
import { type CaseAccess, sideOf } from './access.rules.js';

/**
 * The help directory's per-case rules (issue 20). The directory itself is public; what belongs to a
 * case is which services its team suggested to the parents. Decided for someone who sees the case
 * (`AccessService.requireCase(user, Permission.CaseRead, caseId)` answers the 404 for everyone else).
 */
export type ServiceSuggestionPermission = Permission.ServiceSuggestionCreate | Permission.ServiceSuggestionRead;

/** null: allowed. Otherwise the error that says why not, to someone who does see the case. */
export function decideServiceSuggestion(permission: ServiceSuggestionPermission, access: CaseAccess): DomainError | null {
  const side = sideOf(access);
  switch (permission) {
    // Suggesting help to the parents: the case's team (its counsellors, the team's coordinators).
    case Permission.ServiceSuggestionCreate:
      return side === 'team' ? null : CommonErrors.forbidden();
    // What was suggested: the team and the parents it was suggested to; partners do not see it.
    case Permission.ServiceSuggestionRead:
      return side === 'partner' ? CommonErrors.forbidden() : null;
    default: {
      const never: never = permission;
      throw new Error(`unknown permission ${String(never)}`);
    }
  }
}
