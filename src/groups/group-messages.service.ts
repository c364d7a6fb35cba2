import { Inject, Injectable } from '@nestjs/common';
import { activeMute, isActiveModerator } from '../access/groups.rules.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { AppConfig } from '../config/app-config.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import type { GroupMessagePageResponse, GroupMessageResponse, ListGroupMessagesQuery, SendGroupMessageDto } from './dto/group.dto.js';
import { GroupAccessReader } from './group-access.js';
import { GROUP_MESSAGE_COLUMNS, type GroupMessageRow, toGroupMessage } from './group-rows.js';
import { GroupErrors } from './groups.errors.js';

export interface GroupSendResult {
  message: GroupMessageResponse;
  /** False when the same clientMessageId was sent before: the first message is returned. */
  created: boolean;
}

/**
 * A group's messages, on the same path as case threads: stored first, answered once committed,
 * then broadcast to the group's room (`group:message`); idempotent per (member, clientMessageId).
 * Hidden messages stay in the table: moderators read them with the reason, members never get them.
 */
@Injectable()
export class GroupMessagesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly access: GroupAccessReader,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async send(user: AuthUser, groupId: string, dto: SendGroupMessageDto): Promise<GroupSendResult> {
    await this.rateLimiter.consume([{ key: `group-message:send:${user.id}`, max: this.config.MESSAGE_SEND_MAX_PER_MINUTE, windowSeconds: 60 }]);
    return this.store(user, groupId, dto);
  }

  @Transactional()
  private async store(user: AuthUser, groupId: string, dto: SendGroupMessageDto): Promise<GroupSendResult> {
    // The group row's lock orders the sequence numbers and makes a committed twin visible below.
    const access = await this.access.require(user, 'post', groupId, { lock: true });
    const handle = access.membership!.handle;
    const tx = this.txHost.tx;
    const [earlier] = await tx.query(
      `SELECT ${GROUP_MESSAGE_COLUMNS} FROM peer_group_message gm JOIN peer_group_member a ON a.id = gm.member_id
        WHERE gm.member_id = $1 AND gm.client_message_id = $2`,
      [handle, dto.clientMessageId],
    ) as GroupMessageRow[];
    if (earlier) return { message: toGroupMessage(earlier, false), created: false };
    const until = activeMute(access, new Date());
    if (until) throw GroupErrors.muted(until);
    const [{ last_seq }] = await rows<{ last_seq: string }>(tx,
      `UPDATE peer_group SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`, [groupId]);
    const [{ id }] = await tx.query(
      `INSERT INTO peer_group_message (group_id, seq, member_id, body, client_message_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [groupId, last_seq, handle, dto.body, dto.clientMessageId],
    ) as { id: string }[];
    await this.audit.record({ action: 'group.message.posted', subjectType: 'group_message', subjectId: id, details: { groupId, handle } });
    const message = await this.one(id, false);
    this.txHost.afterCommit(() => this.realtime.toGroup(groupId, 'group:message', { groupId, message }));
    return { message, created: true };
  }

  /** A page, oldest first. `after`: newer than that message (catch-up); `before` (or neither): the latest before it. */
  @Transactional()
  async list(user: AuthUser, groupId: string, query: ListGroupMessagesQuery): Promise<GroupMessagePageResponse> {
    const access = await this.access.require(user, 'read_messages', groupId);
    const moderator = isActiveModerator(access);
    const limit = query.limit ?? 50;
    const afterSeq = query.after ? await this.seqOf(groupId, query.after, 'after', moderator) : null;
    const beforeSeq = query.before ? await this.seqOf(groupId, query.before, 'before', moderator) : null;
    const forward = afterSeq !== null;
    const found = await this.txHost.tx.query(
      `SELECT ${GROUP_MESSAGE_COLUMNS}
         FROM peer_group_message gm JOIN peer_group_member a ON a.id = gm.member_id
        WHERE gm.group_id = $1
          AND ($2::bigint IS NULL OR gm.seq > $2::bigint)
          AND ($3::bigint IS NULL OR gm.seq < $3::bigint)
          AND ($5 OR gm.hidden_at IS NULL)
        ORDER BY gm.seq ${forward ? 'ASC' : 'DESC'}
        LIMIT $4`,
      [groupId, afterSeq, beforeSeq, limit + 1, moderator],
    ) as GroupMessageRow[];
    const more = found.length > limit;
    const page = found.slice(0, limit);
    if (!forward) page.reverse();
    const items = page.map((row) => toGroupMessage(row, moderator));
    const nextCursor = more && items.length ? (forward ? items[items.length - 1].id : items[0].id) : null;
    await this.audit.record({ action: 'group.messages.read', subjectType: 'group', subjectId: groupId, details: { count: items.length } }, READ_AUDIT);
    return { items, nextCursor };
  }

  /** Hides a message from members, with a reason the moderators keep; its open reports are answered by it. */
  @Transactional()
  async hide(user: AuthUser, groupId: string, messageId: string, reason: string): Promise<GroupMessageResponse> {
    await this.access.require(user, 'moderate', groupId, { lock: true });
    const tx = this.txHost.tx;
    const [row] = await tx.query(`SELECT hidden_at FROM peer_group_message WHERE id = $1 AND group_id = $2`, [messageId, groupId]) as { hidden_at: Date | null }[];
    if (!row) throw GroupErrors.messageNotFound();
    if (row.hidden_at) throw GroupErrors.alreadyHidden();
    await tx.query(`UPDATE peer_group_message SET hidden_at = now(), hidden_by_id = $2, hidden_reason = $3 WHERE id = $1`, [messageId, user.id, reason]);
    const answered = await rows<{ id: string }>(tx,
      `UPDATE peer_group_report SET resolved_at = now(), resolved_by_id = $2, outcome = 'message_hidden'
        WHERE message_id = $1 AND resolved_at IS NULL RETURNING id`, [messageId, user.id]);
    await this.audit.record({ action: 'group.message.hidden', subjectType: 'group_message', subjectId: messageId, details: { groupId, reportsAnswered: answered.map((r) => r.id) } });
    this.txHost.afterCommit(() => this.realtime.toGroup(groupId, 'group:message:hidden', { groupId, messageId }));
    return this.one(messageId, true);
  }

  async one(messageId: string, withHidden: boolean): Promise<GroupMessageResponse> {
    const [row] = await this.txHost.tx.query(
      `SELECT ${GROUP_MESSAGE_COLUMNS} FROM peer_group_message gm JOIN peer_group_member a ON a.id = gm.member_id WHERE gm.id = $1`, [messageId],
    ) as GroupMessageRow[];
    return toGroupMessage(row, withHidden);
  }

  /** A cursor is a message the caller may read (a hidden one only for moderators). */
  private async seqOf(groupId: string, messageId: string, field: 'after' | 'before', moderator: boolean): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `SELECT seq FROM peer_group_message WHERE id = $1 AND group_id = $2 AND ($3 OR hidden_at IS NULL)`, [messageId, groupId, moderator],
    ) as { seq: string }[];
    if (!row) throw GroupErrors.invalidCursor(field);
    return row.seq;
  }
}
