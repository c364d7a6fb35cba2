/**
 * Retention (issue 21): the shared analysis of a case whose file is erased, for `src/privacy`'s
 * retention job, which records the audit event. Runs on the caller's transaction.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

/** Erases every version of the case's analysis and every position on it; how many rows went. */
export async function eraseAnalysis(db: Sql, caseId: string): Promise<number> {
  const positions = await countReturned(db, `DELETE FROM analysis_position WHERE case_id = $1 RETURNING 1`, [caseId]);
  return positions + await countReturned(db, `DELETE FROM analysis_version WHERE case_id = $1 RETURNING 1`, [caseId]);
}
