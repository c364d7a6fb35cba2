import type { Role } from '../accounts/roles.js';
import { CommonErrors, type DomainError } from '../common/domain-error.js';
import { GroupErrors } from '../groups/groups.errors.js';

/**
 * Who may do what in a peer group (issue 19): pure rules over what the groups module reads of one
 * group and the caller's place in it. Whoever may not see a group at all gets the same 404 as for a
 * group that does not exist; a group is seen by
 * - its active members and moderators, and those who asked to join it (their request is pending);
 * - parents, while it is open (to read its rules before they ask to join);
 * - the coordinators of the support team that runs it (every group of their team, open or closed).
 * What needs membership (the messages, reporting) answers 404 to everyone else, coordinators
 * included: a coordinator oversees a group through its members, requests and escalated reports,
 * never by reading along.
 */
export type GroupMemberRole = 'member' | 'moderator';
export type GroupMemberStatus = 'requested' | 'active' | 'left' | 'removed';

export interface GroupMembership {
  handle: string;
  role: GroupMemberRole;
  status: GroupMemberStatus;
  mutedUntil: Date | null;
}

export interface GroupAccess {
  groupId: string;
  teamId: string;
  open: boolean;
  accountRole: Role;
  /** The caller coordinates the support team that runs the group. */
  isTeamCoordinator: boolean;
  /** The caller's row in the group (any status), or null. */
  membership: GroupMembership | null;
}

export type GroupAction =
  /** The group itself: name, theme, rules, the caller's own place. */
  | 'view'
  /** The member list (pseudonyms and handles). */
  | 'members'
  /** Ask to join. */
  | 'join'
  /** Read the messages. */
  | 'read_messages'
  /** Write a message (a mute is checked apart: it answers 403 `muted` with its end). */
  | 'post'
  /** Report a message. */
  | 'report'
  /** Accept requests, add, remove and mute members, hide messages, resolve reports. */
  | 'moderate'
  /** The group's own report queue: its moderators only (coordinators see escalated reports elsewhere). */
  | 'read_reports'
  /** Give someone the moderator role: the team's coordinators only. */
  | 'appoint_moderator';

export const isActiveMember = (access: GroupAccess): boolean => access.membership?.status === 'active';
export const isActiveModerator = (access: GroupAccess): boolean => isActiveMember(access) && access.membership?.role === 'moderator';

/** Whether the caller sees the group at all; everyone else gets 404. */
export function seesGroup(access: GroupAccess): boolean {
  if (access.isTeamCoordinator) return true;
  const status = access.membership?.status;
  if (status === 'active' || status === 'requested') return true;
  return access.open && access.accountRole === 'parent';
}

/** null when allowed; otherwise the refusal (404 where the caller may not know more, 403 otherwise). */
export function decideGroup(action: GroupAction, access: GroupAccess): DomainError | null {
  if (!seesGroup(access)) return GroupErrors.groupNotFound();
  switch (action) {
    case 'view':
      return null;
    case 'members':
      return isActiveMember(access) || access.isTeamCoordinator ? null : CommonErrors.notFound('group_members');
    case 'join':
      if (access.accountRole !== 'parent') return CommonErrors.forbidden();
      if (access.membership?.status === 'removed') return GroupErrors.removedFromGroup();
      if (access.membership?.status === 'active' || access.membership?.status === 'requested') return GroupErrors.alreadyInGroup();
      return access.open ? null : GroupErrors.groupClosed();
    case 'read_messages':
    case 'post':
    case 'report':
      return isActiveMember(access) ? null : CommonErrors.notFound('group_messages');
    case 'moderate':
      if (access.isTeamCoordinator || isActiveModerator(access)) return null;
      return isActiveMember(access) ? GroupErrors.moderatorsOnly() : CommonErrors.notFound('group_messages');
    case 'read_reports':
      if (isActiveModerator(access)) return null;
      return isActiveMember(access) ? GroupErrors.moderatorsOnly() : CommonErrors.notFound('group_reports');
    case 'appoint_moderator':
      return access.isTeamCoordinator ? null : GroupErrors.appointByCoordinator();
  }
}

/** A mute in force at `now`: sends are refused with 403 `muted` and its end. */
export function activeMute(access: GroupAccess, now: Date): Date | null {
  const until = access.membership?.mutedUntil;
  return until && until.getTime() > now.getTime() ? until : null;
}
