/**
 * Retention (issue 21): the plan of a case whose file is erased, for `src/privacy`'s retention job,
 * which records the audit event. Runs on the caller's transaction, after the case's results (which
 * may name a goal) are gone.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

/** Erases the case's goals and their actions; how many rows went. */
export async function erasePlan(db: Sql, caseId: string): Promise<number> {
  const actions = await countReturned(db, `DELETE FROM plan_action WHERE case_id = $1 RETURNING 1`, [caseId]);
  return actions + await countReturned(db, `DELETE FROM plan_goal WHERE case_id = $1 RETURNING 1`, [caseId]);
}
