import { Inject, Injectable } from '@nestjs/common';
import type { ThreadAccess } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { AppConfig } from '../config/app-config.js';
import { afterCommit } from '../database/after-commit.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import type { ListMessagesQuery, MessagePageResponse, ReadMarkerResponse, SendMessageDto } from './dto/message.dto.js';
import { MESSAGE_COLUMNS, MessageWriter, type MessageRow, type SendResult, toMessageResponse } from './message-writer.js';
import { MessagingErrors } from './messaging.errors.js';
import { RealtimeService } from './realtime/realtime.service.js';

export type { SendResult } from './message-writer.js';
import { rows } from '../database/returned-rows.js';

@Injectable()
export class MessagesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
    private readonly writer: MessageWriter,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * Stores a message and answers only once it is committed; then pushes it to the thread's sockets.
   * Idempotent per (author, clientMessageId): a retry after a lost answer or a crash gets the first
   * message back, even when both attempts race (unique index + ON CONFLICT). See MessageWriter.
   */
  async send(user: AuthUser, threadId: string, dto: SendMessageDto): Promise<SendResult> {
    await this.rateLimiter.consume([{ key: `message:send:${user.id}`, max: this.config.MESSAGE_SEND_MAX_PER_MINUTE, windowSeconds: 60 }]);
    return this.writer.write(user, threadId, dto);
  }

  /** A page of messages, oldest first. `after`: newer than that message; `before` (or neither): the latest before it. */
  @Transactional()
  async list(user: AuthUser, threadId: string, query: ListMessagesQuery): Promise<MessagePageResponse> {
    const thread = await this.access.requireThread(user, Permission.Messaging, threadId);
    const limit = query.limit ?? 50;
    const afterSeq = query.after ? await this.seqOf(thread, query.after, 'after') : null;
    const beforeSeq = query.before ? await this.seqOf(thread, query.before, 'before') : null;
    const forward = afterSeq !== null;
    const rows: MessageRow[] = await this.txHost.tx.query(
      `SELECT ${MESSAGE_COLUMNS}
         FROM message msg JOIN app_user u ON u.id = msg.author_id
        WHERE msg.thread_id = $1
          AND ($2::bigint IS NULL OR msg.seq > $2::bigint)
          AND ($3::bigint IS NULL OR msg.seq < $3::bigint)
          AND msg.seq > $5::bigint
        ORDER BY msg.seq ${forward ? 'ASC' : 'DESC'}
        LIMIT $4`,
      [threadId, afterSeq, beforeSeq, limit + 1, thread.historyFromSeq],
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    if (!forward) page.reverse();
    const items = page.map((row) => toMessageResponse(row));
    const nextCursor = more && items.length ? (forward ? items[items.length - 1].id : items[0].id) : null;
    await this.audit.record({
      action: 'message.list', subjectType: 'thread', subjectId: threadId, caseId: thread.caseId,
      details: { count: items.length, after: query.after ?? null, before: query.before ?? null },
    });
    return { items, nextCursor };
  }

  /** Moves the caller's read marker forward to `messageId` (never back) and tells the thread. */
  @Transactional()
  async markRead(user: AuthUser, threadId: string, messageId: string): Promise<ReadMarkerResponse> {
    const thread = await this.access.requireThread(user, Permission.Messaging, threadId);
    const [message] = await this.txHost.tx.query(
      `SELECT seq FROM message WHERE id = $1 AND thread_id = $2 AND seq > $3::bigint`, [messageId, threadId, thread.historyFromSeq],
    );
    if (!message) throw MessagingErrors.messageNotFound();
    const tx = this.txHost.tx;
    const [marker] = await rows<{ last_read_seq: string; last_read_id: string | null }>(tx,
      `UPDATE thread_member SET last_read_seq = GREATEST(last_read_seq, $3), last_read_at = now()
        WHERE thread_id = $1 AND user_id = $2
        RETURNING last_read_seq,
          (SELECT id FROM message WHERE thread_id = $1 AND seq = thread_member.last_read_seq) AS last_read_id`,
      [threadId, user.id, message.seq],
    );
    const [{ count }] = await tx.query(
      `SELECT count(*)::int AS count FROM message WHERE thread_id = $1 AND seq > $2 AND author_id <> $3`,
      [threadId, marker.last_read_seq, user.id],
    );
    await this.audit.record({
      action: 'message.read', subjectType: 'thread', subjectId: threadId, caseId: thread.caseId, details: { messageId },
    });
    const lastReadMessageId: string = marker.last_read_id ?? messageId;
    afterCommit(tx, () => this.realtime.toThread(threadId, 'message:read', { threadId, userId: user.id, messageId: lastReadMessageId }));
    return { threadId, lastReadMessageId, unreadCount: count };
  }

  /** A cursor is a message the caller may read; one from before they joined answers as unknown. */
  private async seqOf(thread: ThreadAccess, messageId: string, field: 'after' | 'before'): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `SELECT seq FROM message WHERE id = $1 AND thread_id = $2 AND seq > $3::bigint`, [messageId, thread.threadId, thread.historyFromSeq],
    );
    if (!row) throw MessagingErrors.invalidCursor(field);
    return row.seq;
  }
}
