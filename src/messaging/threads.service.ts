import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { afterCommit } from '../database/after-commit.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import type { CreateThreadDto, ThreadResponse } from './dto/thread.dto.js';
import { MessagingErrors } from './messaging.errors.js';
import { RealtimeService } from './realtime/realtime.service.js';

interface ThreadRow {
  id: string;
  case_id: string;
  title: string;
  created_by_id: string;
  created_at: Date;
  last_message_at: Date | null;
  unread_count: string | number;
}

export interface UnreadThreads {
  threads: { threadId: string; caseId: string; title: string; unreadCount: number; lastMessageAt: string | null }[];
  /** Threads with unread messages, and those messages, over all threads (not only the ones listed). */
  threadCount: number;
  messageCount: number;
}

/**
 * Others' messages after the member's read marker (and after they joined, without the history), for
 * the thread `t` and its member row `m`; `viewer` is the SQL parameter holding the member's id.
 */
const unreadCount = (viewer: string) => `SELECT count(*)::int FROM message msg
  WHERE msg.thread_id = t.id AND msg.seq > GREATEST(m.last_read_seq, m.history_from_seq) AND msg.author_id <> ${viewer}`;

@Injectable()
export class ThreadsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
  ) {}

  /** Starts a thread in a case with some of its participants; the creator always joins. */
  @Transactional()
  async createThread(user: AuthUser, caseId: string, dto: CreateThreadDto): Promise<ThreadResponse> {
    await this.access.requireCase(user, Permission.ThreadCreate, caseId);
    const memberIds = [...new Set([user.id, ...dto.memberIds])];
    await this.requireParticipants(caseId, memberIds);
    const tx = this.txHost.tx;
    const [thread] = await tx.query(
      `INSERT INTO message_thread (case_id, title, created_by_id) VALUES ($1, $2, $3) RETURNING id`,
      [caseId, dto.title.trim(), user.id],
    );
    await tx.query(
      `INSERT INTO thread_member (thread_id, user_id, added_by_id) SELECT $1, unnest($2::uuid[]), $3`,
      [thread.id, memberIds, user.id],
    );
    await this.audit.record({
      action: 'thread.create', subjectType: 'thread', subjectId: thread.id, caseId,
      details: { memberIds },
    });
    const response = await this.describe(thread.id, user.id);
    afterCommit(tx, () => {
      for (const memberId of memberIds) this.realtime.joinThreads(memberId, [thread.id]);
      this.realtime.toUsers(memberIds, 'thread:added', { thread: { ...response, unreadCount: 0 } });
    });
    return response;
  }

  /** The caller's threads in a case, each with its unread count. */
  @Transactional()
  async listThreads(user: AuthUser, caseId: string): Promise<ThreadResponse[]> {
    await this.access.requireCase(user, Permission.Messaging, caseId);
    const rows: ThreadRow[] = await this.txHost.tx.query(
      `${this.threadSelect()}
        WHERE t.case_id = $1
          AND EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = t.case_id AND p.user_id = $2)
        ORDER BY coalesce(t.last_message_at, t.created_at) DESC, t.id`,
      [caseId, user.id],
    );
    const members = await this.membersOf(rows.map((r) => r.id));
    await this.audit.record({
      action: 'thread.list', subjectType: 'case', subjectId: caseId, caseId,
      details: { threadIds: rows.map((r) => r.id) },
    });
    return rows.map((row) => this.toResponse(row, members.get(row.id) ?? []));
  }

  /**
   * The caller's threads with others' messages after their read marker, most recent first (at most
   * `limit`), with the totals over all of them, in one statement. Only threads of cases they still
   * take part in. Reads no message and writes nothing: not audited per case (the start page's caller
   * records one event for the whole overview).
   */
  async unreadThreads(userId: string, limit: number): Promise<UnreadThreads> {
    const rows: { id: string; case_id: string; title: string; last_message_at: Date | null; unread_count: number; thread_total: number; message_total: string }[] =
      await this.txHost.tx.query(
        `SELECT t.id, t.case_id, t.title, t.last_message_at, u.unread_count,
                count(*) OVER ()::int AS thread_total, sum(u.unread_count) OVER () AS message_total
           FROM thread_member m
           JOIN message_thread t ON t.id = m.thread_id
           CROSS JOIN LATERAL (SELECT (${unreadCount('$1')}) AS unread_count) u
          WHERE m.user_id = $1
            AND t.last_seq > GREATEST(m.last_read_seq, m.history_from_seq)
            AND EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = t.case_id AND p.user_id = $1)
            AND u.unread_count > 0
          ORDER BY t.last_message_at DESC NULLS LAST, t.id
          LIMIT $2`,
        [userId, limit],
      );
    return {
      threads: rows.map((r) => ({
        threadId: r.id, caseId: r.case_id, title: r.title, unreadCount: r.unread_count,
        lastMessageAt: r.last_message_at ? new Date(r.last_message_at).toISOString() : null,
      })),
      threadCount: rows[0]?.thread_total ?? 0,
      messageCount: Number(rows[0]?.message_total ?? 0),
    };
  }

  /**
   * Widens a conversation: only the case's counsellors and coordinators (and the team's coordinators)
   * and its parents may, never a partner, and only from inside the thread. The new member reads
   * from the moment they joined unless the adder shares the history explicitly. The parents see who
   * was added and by whom in the access log (`thread.member.add` carries the case id).
   */
  @Transactional()
  async addMember(user: AuthUser, threadId: string, memberId: string, options: { shareHistory?: boolean } = {}): Promise<{ thread: ThreadResponse; added: boolean }> {
    const thread = await this.access.requireThread(user, Permission.ThreadMemberAdd, threadId);
    await this.requireParticipants(thread.caseId, [memberId]);
    const shareHistory = options.shareHistory === true;
    const tx = this.txHost.tx;
    // Without the history the new member starts after the thread's last message (also their read marker).
    const inserted: unknown[] = await tx.query(
      `INSERT INTO thread_member (thread_id, user_id, added_by_id, history_from_seq, last_read_seq)
       SELECT t.id, $2, $3, h.from_seq, h.from_seq
         FROM message_thread t CROSS JOIN LATERAL (SELECT CASE WHEN $4 THEN 0 ELSE t.last_seq END AS from_seq) h
        WHERE t.id = $1
       ON CONFLICT (thread_id, user_id) DO NOTHING RETURNING user_id`,
      [threadId, memberId, user.id, shareHistory],
    );
    const added = inserted.length > 0;
    if (added) {
      await this.audit.record({
        action: 'thread.member.add', subjectType: 'thread', subjectId: threadId, caseId: thread.caseId,
        details: { userId: memberId, shareHistory },
      });
    }
    const response = await this.describe(threadId, user.id);
    if (added) {
      afterCommit(tx, () => {
        this.realtime.joinThreads(memberId, [threadId]);
        this.realtime.toUsers([memberId], 'thread:added', { thread: { ...response, unreadCount: 0 } });
      });
    }
    return { thread: response, added };
  }

  /** Anyone may leave; taking someone else out is for whoever started the thread, counsellors and coordinators. */
  @Transactional()
  async removeMember(user: AuthUser, threadId: string, memberId: string): Promise<void> {
    // Leaving is for anyone; taking someone else out is moderating.
    const thread = await this.access.requireThread(user, memberId === user.id ? Permission.Messaging : Permission.ThreadModerate, threadId);
    const tx = this.txHost.tx;
    const deleted = await rows(tx,
      `DELETE FROM thread_member WHERE thread_id = $1 AND user_id = $2 RETURNING user_id`, [threadId, memberId],
    );
    if (deleted.length === 0) throw MessagingErrors.threadMemberNotFound();
    await this.audit.record({
      action: 'thread.member.remove', subjectType: 'thread', subjectId: threadId, caseId: thread.caseId,
      details: { userId: memberId },
    });
    afterCommit(tx, () => this.closeLiveAccess(memberId, thread.caseId, [threadId]));
  }

  /** Leaves the rooms at once and tells the user's clients, wherever they are connected. */
  closeLiveAccess(userId: string, caseId: string, threadIds: string[]): void {
    this.realtime.leaveThreads(userId, threadIds);
    for (const threadId of threadIds) this.realtime.toUsers([userId], 'thread:removed', { threadId, caseId });
  }

  async describe(threadId: string, viewerId: string): Promise<ThreadResponse> {
    const [row]: ThreadRow[] = await this.txHost.tx.query(`${this.threadSelect()} WHERE t.id = $1`, [threadId, viewerId]);
    if (!row) throw MessagingErrors.threadNotFound();
    const members = await this.membersOf([threadId]);
    return this.toResponse(row, members.get(threadId) ?? []);
  }

  /** Threads the viewer ($2) is a member of, with the number of others' messages after their read marker. */
  private threadSelect(): string {
    return `SELECT t.id, t.case_id, t.title, t.created_by_id, t.created_at, t.last_message_at,
                   (${unreadCount('$2')}) AS unread_count
              FROM message_thread t
              JOIN thread_member m ON m.thread_id = t.id AND m.user_id = $2`;
  }

  private async membersOf(threadIds: string[]): Promise<Map<string, ThreadResponse['members']>> {
    const result = new Map<string, ThreadResponse['members']>();
    if (threadIds.length === 0) return result;
    const rows: { thread_id: string; user_id: string; display_name: string; role: string }[] = await this.txHost.tx.query(
      `SELECT m.thread_id, m.user_id, u.display_name, p.role
         FROM thread_member m
         JOIN message_thread t ON t.id = m.thread_id
         JOIN case_participant p ON p.case_id = t.case_id AND p.user_id = m.user_id
         JOIN app_user u ON u.id = m.user_id
        WHERE m.thread_id = ANY($1::uuid[])
        ORDER BY m.added_at, m.user_id`,
      [threadIds],
    );
    for (const r of rows) {
      const list = result.get(r.thread_id) ?? [];
      list.push({ id: r.user_id, displayName: r.display_name, caseRole: r.role });
      result.set(r.thread_id, list);
    }
    return result;
  }

  private async requireParticipants(caseId: string, userIds: string[]): Promise<void> {
    const rows: { user_id: string }[] = await this.txHost.tx.query(
      `SELECT user_id FROM case_participant WHERE case_id = $1 AND user_id = ANY($2::uuid[])`, [caseId, userIds],
    );
    const present = new Set(rows.map((r) => r.user_id));
    const missing = userIds.filter((id) => !present.has(id));
    if (missing.length) throw MessagingErrors.notACaseParticipant(missing);
  }

  private toResponse(row: ThreadRow, members: ThreadResponse['members']): ThreadResponse {
    return {
      id: row.id,
      caseId: row.case_id,
      title: row.title,
      createdById: row.created_by_id,
      createdAt: new Date(row.created_at).toISOString(),
      lastMessageAt: row.last_message_at ? new Date(row.last_message_at).toISOString() : null,
      members,
      unreadCount: Number(row.unread_count),
    };
  }
}
