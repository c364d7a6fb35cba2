import type { Role } from '../accounts/roles.js';
import { Permission } from '../auth/permission.js';
import type { CaseRole } from '../cases/case-vocabulary.js';
import type { CaseAccess } from './access.rules.js';
import { decideServiceSuggestion } from './directory.rules.js';

function access(participantRole: CaseRole | null, accountRole: Role, teamCoordinator = false): CaseAccess {
  return {
    caseId: 'c', teamId: 't', participantRole, isTeamCoordinator: teamCoordinator, userId: 'u', accountRole,
    organisationId: null, status: 'active', leadCounsellorId: null, consentScopes: ['story', 'updates', 'children'],
  };
}

const decide = (permission: Permission.ServiceSuggestionCreate | Permission.ServiceSuggestionRead, who: CaseAccess) =>
  decideServiceSuggestion(permission, who)?.code ?? 'allowed';

describe('access rules: services suggested in a case', () => {
  const counsellor = access('counsellor', 'counsellor');
  const coordinator = access(null, 'coordinator', true);
  const parent = access('parent', 'parent');
  const guardianWithAllConsent = access('guardian', 'partner');
  const child = access('child', 'child');

  it('lets the team suggest, and nobody else (not even a parent or a partner with full consent)', () => {
    expect([counsellor, coordinator, parent, guardianWithAllConsent, child].map((a) => decide(Permission.ServiceSuggestionCreate, a)))
      .toEqual(['allowed', 'allowed', 'forbidden', 'forbidden', 'forbidden']);
  });

  it('shows the suggestions to the team and the parents, never to partners or children', () => {
    expect([counsellor, coordinator, parent, guardianWithAllConsent, child].map((a) => decide(Permission.ServiceSuggestionRead, a)))
      .toEqual(['allowed', 'allowed', 'allowed', 'forbidden', 'forbidden']);
  });
});
