/**
 * Retention (issue 21): the help suggested in a case whose file is erased, for `src/privacy`'s
 * retention job, which records the audit event. The directory's services themselves stay. Runs on
 * the caller's transaction.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

/** Erases the services suggested to the case's parents; how many rows went. */
export async function eraseServiceSuggestions(db: Sql, caseId: string): Promise<number> {
  return countReturned(db, `DELETE FROM directory_service_suggestion WHERE case_id = $1 RETURNING 1`, [caseId]);
}
