import { Injectable } from '@nestjs/common';
import type { ThreadAccess } from '../access/access.rules.js';
import { TransactionHost } from '../database/transaction-host.js';

export interface ThreadMember {
  userId: string;
  displayName: string;
  caseRole: string;
}

/**
 * Who is in a thread and which attachments its members may read; exported for the attachments
 * module. Whether a user may use a thread at all is the access layer's call (src/access).
 */
@Injectable()
export class ThreadMembersService {
  constructor(private readonly txHost: TransactionHost) {}

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
}
