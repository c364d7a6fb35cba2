import type { Role } from '../accounts/roles.js';
import { Permission } from '../auth/permission.js';
import type { CaseRole, ConsentScope } from '../cases/case-vocabulary.js';
import { decideCase, seesCaseDetails, type CaseAccess } from './access.rules.js';
import { mayReadChildVoice, mayWriteChildVoice, refuseChild } from './children.rules.js';

function access(participantRole: CaseRole | null, accountRole: Role, userId: string, options: { teamCoordinator?: boolean; consent?: ConsentScope[] } = {}): CaseAccess {
  return {
    caseId: 'c', teamId: 't', participantRole, isTeamCoordinator: options.teamCoordinator ?? false, userId, accountRole,
    organisationId: null, status: 'active', leadCounsellorId: null, consentScopes: options.consent ?? [],
  };
}

const ALL: ConsentScope[] = ['story', 'updates', 'children', 'plan', 'analysis'];
const kiki = access('child', 'child', 'kiki', { consent: ALL });
const sam = access('child', 'child', 'sam', { consent: ALL });
const counsellor = access('counsellor', 'counsellor', 'bram');
const coordinator = access(null, 'coordinator', 'carla', { teamCoordinator: true });
const parent = access('parent', 'parent', 'olga');
const guardian = access('guardian', 'partner', 'gijs', { consent: ALL });
const board = access('board', 'partner', 'rianne', { consent: ALL });
const foster = access('foster_parent', 'foster_parent', 'pim', { consent: ALL });

describe('access rules: children (issue 20)', () => {
  it('never shows a child the story, the consents, the access log or the results, whatever the parents consented', () => {
    for (const p of [Permission.CaseStoryRead, Permission.CaseConsentRead, Permission.CaseAccessLogRead, Permission.CaseResultRead, Permission.CaseConsentManage] as const) {
      expect(decideCase(p, kiki)?.code).toBe('forbidden');
      expect(refuseChild(p, guardian)).toBeNull();
    }
    expect(seesCaseDetails(kiki)).toBe(false);
    expect(decideCase(Permission.CaseRead, kiki)).toBeNull();
    expect(decideCase(Permission.CaseUpdateRead, kiki)).toBeNull();
    expect(decideCase(Permission.Messaging, kiki)).toBeNull();
    expect(decideCase(Permission.CaseStoryRead, guardian)).toBeNull();
  });

  it('lets the linked child, the team always, and only the chosen readers read a voice', () => {
    const onlyCounsellor = { linkedUserId: 'kiki', visibleTo: ['counsellor'] as const };
    const withParents = { linkedUserId: 'kiki', visibleTo: ['counsellor', 'parents'] as const };
    const withGuardian = { linkedUserId: 'kiki', visibleTo: ['counsellor', 'guardian'] as const };
    const readers = (facts: typeof onlyCounsellor | typeof withParents | typeof withGuardian) =>
      [kiki, sam, counsellor, coordinator, parent, guardian, board, foster].map((a) => mayReadChildVoice(a, facts));
    expect(readers(onlyCounsellor)).toEqual([true, false, true, true, false, false, false, false]);
    expect(readers(withParents)).toEqual([true, false, true, true, true, false, false, false]);
    expect(readers(withGuardian)).toEqual([true, false, true, true, false, true, false, false]);
  });

  it('lets only the linked child write', () => {
    expect(mayWriteChildVoice(kiki, { linkedUserId: 'kiki' })).toBe(true);
    expect([sam, counsellor, parent, guardian].map((a) => mayWriteChildVoice(a, { linkedUserId: 'kiki' }))).toEqual([false, false, false, false]);
    expect(mayWriteChildVoice(kiki, { linkedUserId: null })).toBe(false);
  });
});
