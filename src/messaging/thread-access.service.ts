import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionHost } from '../database/transaction-host.js';
import { MessagingErrors } from './messaging.errors.js';

/** How the caller relates to one thread they may use. */
export interface ThreadAccess {
  threadId: string;
  caseId: string;
  title: string;
  createdById: string;
  /** The caller reads only messages with a higher sequence number (0: the whole history). */
  historyFromSeq: string;
}

export interface ThreadMember {
  userId: string;
  displayName: string;
  caseRole: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place that answers "may this user use this thread?": a member of the thread who still
 * takes part in its case (so removal from the case takes effect at once, even before memberships
 * are cleaned up). Foreign and unknown ids answer the same 404. Exported for the attachments module.
 */
@Injectable()
export class ThreadAccessService {
  constructor(private readonly txHost: TransactionHost) {}

  async requireThreadMember(user: AuthUser, threadId: string): Promise<ThreadAccess> {
    const [access] = await this.accessTo(user.id, [threadId]);
    if (!access) throw MessagingErrors.threadNotFound();
    return access;
  }

  /** The subset of `threadIds` the user may use, in one query. */
  async accessTo(userId: string, threadIds: string[]): Promise<ThreadAccess[]> {
    const ids = threadIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    const rows: { id: string; case_id: string; title: string; created_by_id: string; history_from_seq: string }[] = await this.txHost.tx.query(
      `SELECT t.id, t.case_id, t.title, t.created_by_id, m.history_from_seq
         FROM message_thread t
         JOIN thread_member m ON m.thread_id = t.id AND m.user_id = $2
         JOIN case_participant p ON p.case_id = t.case_id AND p.user_id = $2
        WHERE t.id = ANY($1::uuid[])`,
      [ids, userId],
    );
    return rows.map((r) => ({ threadId: r.id, caseId: r.case_id, title: r.title, createdById: r.created_by_id, historyFromSeq: String(r.history_from_seq) }));
  }

  /** The thread's current members (those still taking part in the case). */
  async listMembers(threadId: string): Promise<ThreadMember[]> {
    const rows: { user_id: string; display_name: string; role: string }[] = await this.txHost.tx.query(
      `SELECT m.user_id, u.display_name, p.role
         FROM thread_member m
         JOIN message_thread t ON t.id = m.thread_id
         JOIN case_participant p ON p.case_id = t.case_id AND p.user_id = m.user_id
         JOIN app_user u ON u.id = m.user_id
        WHERE m.thread_id = $1
        ORDER BY m.added_at, m.user_id`,
      [threadId],
    );
    return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, caseRole: r.role }));
  }

  /**
   * The attachments of this thread's messages the member may read — those after they joined, or
   * all when the history was shared with them — in message order; only `attachmentIds` when given.
   * An attachment uploaded but not yet sent in a message is in none.
   */
  async visibleAttachments(access: ThreadAccess, attachmentIds?: string[]): Promise<{ attachmentId: string; messageId: string }[]> {
    const rows: { attachment_id: string; message_id: string }[] = await this.txHost.tx.query(
      `SELECT ma.attachment_id, ma.message_id
         FROM message_attachment ma JOIN message m ON m.id = ma.message_id
        WHERE m.thread_id = $1 AND m.seq > $2 AND ($3::uuid[] IS NULL OR ma.attachment_id = ANY($3::uuid[]))
        ORDER BY m.seq, ma.position`,
      [access.threadId, access.historyFromSeq, attachmentIds ?? null],
    );
    return rows.map((r) => ({ attachmentId: r.attachment_id, messageId: r.message_id }));
  }

  /** Every thread the user may use right now, for joining socket rooms. */
  async threadIdsOf(userId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.txHost.tx.query(
      `SELECT m.thread_id AS id
         FROM thread_member m
         JOIN message_thread t ON t.id = m.thread_id
         JOIN case_participant p ON p.case_id = t.case_id AND p.user_id = m.user_id
        WHERE m.user_id = $1`,
      [userId],
    );
    return rows.map((r) => r.id);
  }
}
