import { activeMute, decideGroup, type GroupAccess, type GroupMembership, seesGroup } from './groups.rules.js';

const access = (over: Partial<GroupAccess> = {}, membership: Partial<GroupMembership> | null = null): GroupAccess => ({
  groupId: 'g', teamId: 'team', open: true, accountRole: 'parent', isTeamCoordinator: false,
  membership: membership ? { handle: 'h', role: 'member', status: 'active', mutedUntil: null, ...membership } : null,
  ...over,
});
const code = (error: ReturnType<typeof decideGroup>) => (error ? `${error.status} ${error.code}` : 'ok');

describe('peer group rules', () => {
  it('shows an open group to parents, a closed one only to its members and the team’s coordinators', () => {
    expect(seesGroup(access())).toBe(true);
    expect(seesGroup(access({ open: false }))).toBe(false);
    expect(seesGroup(access({ accountRole: 'counsellor' }))).toBe(false);
    expect(seesGroup(access({ open: false }, { status: 'active' }))).toBe(true);
    expect(seesGroup(access({ open: false }, { status: 'requested' }))).toBe(true);
    expect(seesGroup(access({ open: false }, { status: 'left' }))).toBe(false);
    expect(seesGroup(access({ open: false, accountRole: 'coordinator', isTeamCoordinator: true }))).toBe(true);
    expect(seesGroup(access({ open: false, accountRole: 'coordinator' }))).toBe(false);
  });

  it('lets only active members read, write and report; everyone else gets 404', () => {
    for (const action of ['read_messages', 'post', 'report'] as const) {
      expect(code(decideGroup(action, access({}, { status: 'active' })))).toBe('ok');
      expect(code(decideGroup(action, access({}, { status: 'requested' })))).toBe('404 not_found');
      expect(code(decideGroup(action, access()))).toBe('404 not_found');
      expect(code(decideGroup(action, access({ accountRole: 'coordinator', isTeamCoordinator: true })))).toBe('404 not_found');
    }
  });

  it('lets the group’s moderators and the team’s coordinators moderate; a member gets 403, an outsider 404', () => {
    expect(code(decideGroup('moderate', access({}, { role: 'moderator' })))).toBe('ok');
    expect(code(decideGroup('moderate', access({ accountRole: 'coordinator', isTeamCoordinator: true })))).toBe('ok');
    expect(code(decideGroup('moderate', access({}, { role: 'member' })))).toBe('403 moderators_only');
    expect(code(decideGroup('moderate', access({}, { role: 'moderator', status: 'left' })))).toBe('404 not_found');
    expect(code(decideGroup('moderate', access()))).toBe('404 not_found');
  });

  it('keeps the report queue with the group’s own moderators: coordinators see reports only once escalated', () => {
    expect(code(decideGroup('read_reports', access({}, { role: 'moderator' })))).toBe('ok');
    expect(code(decideGroup('read_reports', access({ accountRole: 'coordinator', isTeamCoordinator: true })))).toBe('404 not_found');
    expect(code(decideGroup('read_reports', access({}, { role: 'member' })))).toBe('403 moderators_only');
  });

  it('takes join requests from parents of an open group, not twice, never after a removal', () => {
    expect(code(decideGroup('join', access()))).toBe('ok');
    expect(code(decideGroup('join', access({}, { status: 'left' })))).toBe('ok');
    expect(code(decideGroup('join', access({}, { status: 'requested' })))).toBe('409 already_in_group');
    expect(code(decideGroup('join', access({}, { status: 'removed' })))).toBe('403 removed_from_group');
    expect(code(decideGroup('join', access({ accountRole: 'coordinator', isTeamCoordinator: true })))).toBe('403 forbidden');
  });

  it('lets only a coordinator appoint a moderator', () => {
    expect(code(decideGroup('appoint_moderator', access({ accountRole: 'coordinator', isTeamCoordinator: true })))).toBe('ok');
    expect(code(decideGroup('appoint_moderator', access({}, { role: 'moderator' })))).toBe('403 moderator_appointed_by_coordinator');
  });

  it('counts a mute only while it lasts', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(activeMute(access({}, { mutedUntil: new Date('2026-12-06T13:00:00Z') }), now)?.toISOString()).toBe('2026-12-06T13:00:00.000Z');
    expect(activeMute(access({}, { mutedUntil: new Date('2026-12-06T11:00:00Z') }), now)).toBeNull();
    expect(activeMute(access({}, { mutedUntil: null }), now)).toBeNull();
  });
});
