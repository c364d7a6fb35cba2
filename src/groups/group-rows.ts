import type { GroupMemberRole, GroupMemberStatus } from '../access/groups.rules.js';
import type { GroupAuthorResponse, GroupMemberResponse, GroupMessageResponse } from './dto/group.dto.js';

/**
 * The one place that turns group rows into answers. A member is shown by handle (the member row's
 * id) and pseudonym only: these selects never read an account id, a name or an e-mail address.
 */
export interface GroupMessageRow {
  id: string;
  group_id: string;
  seq: string;
  body: string;
  client_message_id: string;
  created_at: Date;
  hidden_at: Date | null;
  hidden_reason: string | null;
  author_handle: string;
  author_pseudonym: string;
  author_role: GroupMemberRole;
  author_status: GroupMemberStatus;
}

export const GROUP_MESSAGE_COLUMNS = `gm.id, gm.group_id, gm.seq, gm.body, gm.client_message_id, gm.created_at, gm.hidden_at, gm.hidden_reason,
  a.id AS author_handle, a.pseudonym AS author_pseudonym, a.role AS author_role, a.status AS author_status`;

export function toAuthor(handle: string, pseudonym: string, role: GroupMemberRole, status: GroupMemberStatus): GroupAuthorResponse {
  return { handle, pseudonym, role, former: status === 'left' || status === 'removed' };
}

/** `withHidden`: moderators see why a hidden message is hidden; members never get a hidden message at all. */
export function toGroupMessage(row: GroupMessageRow, withHidden: boolean): GroupMessageResponse {
  return {
    id: row.id,
    groupId: row.group_id,
    seq: Number(row.seq),
    author: toAuthor(row.author_handle, row.author_pseudonym, row.author_role, row.author_status),
    body: row.body,
    clientMessageId: row.client_message_id,
    createdAt: new Date(row.created_at).toISOString(),
    hidden: withHidden && row.hidden_at ? { reason: row.hidden_reason ?? '', hiddenAt: new Date(row.hidden_at).toISOString() } : null,
  };
}

export interface GroupMemberRow {
  id: string;
  pseudonym: string;
  role: GroupMemberRole;
  status: GroupMemberStatus;
  muted_until: Date | null;
  joined_at: Date | null;
  requested_at: Date | null;
}

export const GROUP_MEMBER_COLUMNS = `m.id, m.pseudonym, m.role, m.status, m.muted_until, m.joined_at, m.requested_at`;

export function toGroupMember(row: GroupMemberRow, showMute: boolean): GroupMemberResponse {
  const since = row.status === 'requested' ? row.requested_at : row.joined_at;
  return {
    handle: row.id,
    pseudonym: row.pseudonym,
    role: row.role,
    status: row.status,
    mutedUntil: showMute && row.muted_until && new Date(row.muted_until).getTime() > Date.now() ? new Date(row.muted_until).toISOString() : null,
    since: since ? new Date(since).toISOString() : null,
  };
}

/** Pseudonyms compare trimmed and case-insensitively (and the database's unique index does the same). */
export const samePseudonym = (a: string, b: string) => a.trim().toLocaleLowerCase('nl') === b.trim().toLocaleLowerCase('nl');
