/**
 * Retention (issue 21): the consultations about a case whose file is erased, for `src/privacy`'s
 * retention job, which records the audit event. Their summaries carry no names, but they are still
 * about that family. Runs on the caller's transaction.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

/** Erases the case's consultations with their messages; how many rows went. */
export async function eraseConsultations(db: Sql, caseId: string): Promise<number> {
  const messages = await countReturned(db,
    `DELETE FROM consultation_message WHERE consultation_id IN (SELECT id FROM consultation WHERE case_id = $1) RETURNING 1`, [caseId]);
  return messages + await countReturned(db, `DELETE FROM consultation WHERE case_id = $1 RETURNING 1`, [caseId]);
}
