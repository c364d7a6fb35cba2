import { Injectable } from '@nestjs/common';
import { decideGroup, type GroupAccess, type GroupAction, type GroupMemberRole, type GroupMemberStatus } from '../access/groups.rules.js';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionHost } from '../database/transaction-host.js';
import { GroupErrors } from './groups.errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A group row with the caller's member row joined in (`m.id AS handle, m.role, m.status, m.muted_until`). */
export interface GroupAccessRow {
  id: string;
  team_id: string;
  open: boolean;
  handle: string | null;
  role: GroupMemberRole | null;
  status: GroupMemberStatus | null;
  muted_until: Date | null;
}

/** The facts the rules decide from, out of one such row; null for an admin (who has no place in groups). */
export function toGroupAccess(user: AuthUser, row: GroupAccessRow): GroupAccess | null {
  if (user.role === 'admin') return null;
  return {
    groupId: row.id,
    teamId: row.team_id,
    open: row.open,
    accountRole: user.role,
    isTeamCoordinator: user.role === 'coordinator' && user.organisationId === row.team_id,
    membership: row.handle ? { handle: row.handle, role: row.role!, status: row.status!, mutedUntil: row.muted_until ? new Date(row.muted_until) : null } : null,
  };
}

/**
 * Reads the facts one peer group's rules decide from (the group and the caller's row in it), in one
 * query, and lets `src/access/groups.rules.ts` decide. `lock` takes the group row for update, so
 * writes that count or number within a group (a message's sequence) run one after another.
 */
@Injectable()
export class GroupAccessReader {
  constructor(private readonly txHost: TransactionHost) {}

  private async load(user: AuthUser, groupId: string, lock = false): Promise<GroupAccess | null> {
    if (!UUID.test(groupId) || user.role === 'admin') return null;
    const [row] = await this.txHost.tx.query(
      `SELECT g.id, g.team_id, g.open, m.id AS handle, m.role, m.status, m.muted_until
         FROM peer_group g
         LEFT JOIN peer_group_member m ON m.group_id = g.id AND m.user_id = $2
        WHERE g.id = $1 ${lock ? 'FOR UPDATE OF g' : ''}`,
      [groupId, user.id],
    ) as GroupAccessRow[];
    return row ? toGroupAccess(user, row) : null;
  }

  /** The group, when `user` may do `action` in it; otherwise 404 (cannot see it) or the rule's refusal. */
  async require(user: AuthUser, action: GroupAction, groupId: string, options: { lock?: boolean } = {}): Promise<GroupAccess> {
    const access = await this.load(user, groupId, options.lock);
    if (!access) throw GroupErrors.groupNotFound();
    const refusal = decideGroup(action, access);
    if (refusal) throw refusal;
    return access;
  }
}
