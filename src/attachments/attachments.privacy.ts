/**
 * Attachments for `src/privacy` (issue 21): which attachments a person can open (their current key
 * is a recipient), for their own export. The export then downloads each through
 * `AttachmentsService.download`, which checks membership and audits like any download.
 */
import type { Sql } from '../database/returned-rows.js';

export interface OpenableAttachment { id: string; threadId: string; caseId: string; createdAt: string; encryptedSize: number; uploadedById: string }

export async function openableAttachments(db: Sql, userId: string): Promise<OpenableAttachment[]> {
  const rows: any[] = await db.query(
    `SELECT a.id, a.thread_id, a.case_id, a.created_at, a.data_size, a.uploaded_by_id
       FROM attachment a
      WHERE EXISTS (SELECT 1 FROM attachment_recipient r JOIN user_key k ON k.id = r.user_key_id AND k.retired_at IS NULL
                     WHERE r.attachment_id = a.id AND r.user_id = $1)
      ORDER BY a.created_at, a.id`, [userId]);
  return rows.map((r) => ({
    id: r.id, threadId: r.thread_id, caseId: r.case_id, createdAt: new Date(r.created_at).toISOString(),
    encryptedSize: Number(r.data_size), uploadedById: r.uploaded_by_id,
  }));
}
