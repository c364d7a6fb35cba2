/**
 * Retention of conversations (issue 21), for `src/privacy`'s retention job: a case's messages are
 * erased once the case has been closed long enough; each thread stays as a tombstone (id, case,
 * how many messages it held) so the audit log's events about it keep pointing at something. Runs on
 * the caller's connection or transaction; the caller records the audit events.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

export interface ThreadHolding { threadId: string; caseId: string; messages: number }

/** The threads of these cases that still hold messages. */
export async function threadsWithMessages(db: Sql, caseIds: string[]): Promise<ThreadHolding[]> {
  if (caseIds.length === 0) return [];
  const rows: { id: string; case_id: string; messages: string }[] = await db.query(
    `SELECT t.id, t.case_id, count(m.id)::text AS messages
       FROM message_thread t JOIN message m ON m.thread_id = t.id
      WHERE t.case_id = ANY($1::uuid[])
      GROUP BY t.id, t.case_id ORDER BY t.case_id, t.id`, [caseIds]);
  return rows.map((r) => ({ threadId: r.id, caseId: r.case_id, messages: Number(r.messages) }));
}

/** Erases a thread's messages (their attachment links go with them) and its title; how many messages went. */
export async function eraseThreadMessages(db: Sql, threadId: string): Promise<number> {
  const deleted = await countReturned(db, `DELETE FROM message WHERE thread_id = $1 RETURNING 1`, [threadId]);
  await db.query(`UPDATE message_thread SET title = 'Gewist gesprek' WHERE id = $1`, [threadId]);
  return deleted;
}
