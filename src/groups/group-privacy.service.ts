import { Injectable } from '@nestjs/common';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { GroupMemberRole, GroupMemberStatus } from '../access/groups.rules.js';
import { TransactionHost } from '../database/transaction-host.js';

/** One of the caller's own places in a peer group, with what moderation did to it (mute, removal). */
export interface OwnGroupMembership {
  groupId: string; groupName: string; handle: string; pseudonym: string; role: GroupMemberRole; status: GroupMemberStatus;
  requestedAt: string | null; joinedAt: string | null; endedAt: string | null; mutedUntil: string | null;
  /** True when a moderator or coordinator removed them ("removed"), false when they left themselves or are still in. */
  removedByModeration: boolean;
}

/** A message the caller wrote, hidden ones included (with the moderators' reason, never who hid it). */
export interface OwnGroupMessage {
  id: string; groupId: string; groupName: string; pseudonym: string; body: string; createdAt: string;
  hidden: { reason: string; hiddenAt: string } | null;
}

/** A report the caller made; the reported message's author appears by pseudonym only, as in the group. */
export interface OwnGroupReport {
  id: string; groupId: string; groupName: string; messageId: string; messageAuthorPseudonym: string; reason: string; urgent: boolean;
  createdAt: string; resolvedAt: string | null; outcome: 'message_hidden' | 'no_action' | null;
}

/** What the caller did as a moderator (or a team's coordinator): a message they hid, a report they answered. Authors by pseudonym only. */
export interface OwnModerationAction {
  kind: 'message_hidden' | 'report_resolved'; groupId: string; groupName: string; messageId: string; authorPseudonym: string;
  reason: string | null; outcome: 'message_hidden' | 'no_action' | null; at: string;
}

export interface OwnGroupData { memberships: OwnGroupMembership[]; messages: OwnGroupMessage[]; reports: OwnGroupReport[]; moderationByYou: OwnModerationAction[] }

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * A person's own data in the peer groups (issue 21, GDPR Art. 15), for their export: their places
 * in groups under their pseudonyms, every message they wrote, the reports they made, the
 * moderation on them (hidden messages with the reason, mutes, removal) and the moderation they did
 * (messages they hid, reports they answered). Never another member's
 * account, name or e-mail address, and never which moderator acted: members know each other by
 * pseudonym only. Audited as the caller's own read.
 */
@Injectable()
export class GroupPrivacyService {
  constructor(private readonly txHost: TransactionHost, private readonly audit: AuditService) {}

  async ownData(user: AuthUser): Promise<OwnGroupData> {
    const tx = this.txHost.tx;
    const memberships: any[] = await tx.query(
      `SELECT m.group_id, g.name AS group_name, m.id, m.pseudonym, m.role, m.status, m.requested_at, m.joined_at, m.ended_at, m.muted_until
         FROM peer_group_member m JOIN peer_group g ON g.id = m.group_id
        WHERE m.user_id = $1 ORDER BY coalesce(m.joined_at, m.requested_at), m.id`, [user.id]);
    const messages: any[] = await tx.query(
      `SELECT gm.id, gm.group_id, g.name AS group_name, m.pseudonym, gm.body, gm.created_at, gm.hidden_at, gm.hidden_reason
         FROM peer_group_message gm JOIN peer_group_member m ON m.id = gm.member_id JOIN peer_group g ON g.id = gm.group_id
        WHERE m.user_id = $1 ORDER BY gm.created_at, gm.id`, [user.id]);
    const reports: any[] = await tx.query(
      `SELECT r.id, r.group_id, g.name AS group_name, r.message_id, a.pseudonym AS author_pseudonym, r.reason, r.urgent, r.created_at, r.resolved_at, r.outcome
         FROM peer_group_report r
         JOIN peer_group_member rep ON rep.id = r.reporter_member_id
         JOIN peer_group g ON g.id = r.group_id
         JOIN peer_group_message gm ON gm.id = r.message_id
         JOIN peer_group_member a ON a.id = gm.member_id
        WHERE rep.user_id = $1 ORDER BY r.created_at, r.id`, [user.id]);
    const moderation: any[] = await tx.query(
      `SELECT 'message_hidden' AS kind, gm.group_id, g.name AS group_name, gm.id AS message_id, a.pseudonym AS author_pseudonym,
              gm.hidden_reason AS reason, NULL AS outcome, gm.hidden_at AS at
         FROM peer_group_message gm JOIN peer_group g ON g.id = gm.group_id JOIN peer_group_member a ON a.id = gm.member_id
        WHERE gm.hidden_by_id = $1
       UNION ALL
       SELECT 'report_resolved', r.group_id, g.name, r.message_id, a.pseudonym, NULL, r.outcome, r.resolved_at
         FROM peer_group_report r JOIN peer_group g ON g.id = r.group_id
         JOIN peer_group_message gm ON gm.id = r.message_id JOIN peer_group_member a ON a.id = gm.member_id
        WHERE r.resolved_by_id = $1
       ORDER BY at, message_id`, [user.id]);
    await this.audit.record({
      action: 'group.own_data.read', subjectType: 'user', subjectId: user.id,
      details: { memberships: memberships.length, messages: messages.length, reports: reports.length, moderation: moderation.length },
    }, READ_AUDIT);
    return {
      memberships: memberships.map((r) => ({
        groupId: r.group_id, groupName: r.group_name, handle: r.id, pseudonym: r.pseudonym, role: r.role, status: r.status,
        requestedAt: iso(r.requested_at), joinedAt: iso(r.joined_at), endedAt: iso(r.ended_at), mutedUntil: iso(r.muted_until),
        removedByModeration: r.status === 'removed',
      })),
      messages: messages.map((r) => ({
        id: r.id, groupId: r.group_id, groupName: r.group_name, pseudonym: r.pseudonym, body: r.body, createdAt: iso(r.created_at)!,
        hidden: r.hidden_at ? { reason: r.hidden_reason ?? '', hiddenAt: iso(r.hidden_at)! } : null,
      })),
      reports: reports.map((r) => ({
        id: r.id, groupId: r.group_id, groupName: r.group_name, messageId: r.message_id, messageAuthorPseudonym: r.author_pseudonym,
        reason: r.reason, urgent: r.urgent, createdAt: iso(r.created_at)!, resolvedAt: iso(r.resolved_at), outcome: r.outcome,
      })),
      moderationByYou: moderation.map((r) => ({
        kind: r.kind, groupId: r.group_id, groupName: r.group_name, messageId: r.message_id, authorPseudonym: r.author_pseudonym,
        reason: r.reason, outcome: r.outcome, at: iso(r.at)!,
      })),
    };
  }
}
