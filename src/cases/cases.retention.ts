/**
 * Retention of the case file (issue 21), for `src/privacy`'s retention job: which closed cases are
 * past a period, and erasing a case's content while its row stays as a tombstone (id, reference,
 * team, status), so the audit log's events about it keep pointing at something. Runs on the
 * caller's connection or transaction; the caller records the audit events.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

export interface ClosedCase { caseId: string; reference: string; teamId: string; closedAt: Date }

/** Cases closed (and still closed) for at least `days` days, by the day they last closed. */
export async function casesClosedFor(db: Sql, days: number): Promise<ClosedCase[]> {
  const rows: { id: string; reference: string; team_id: string; closed_at: Date }[] = await db.query(
    `SELECT c.id, c.reference, c.team_id, h.closed_at
       FROM case_file c
       JOIN LATERAL (SELECT max(changed_at) AS closed_at FROM case_status_history WHERE case_id = c.id AND to_status = 'closed') h ON true
      WHERE c.status = 'closed' AND coalesce(h.closed_at, c.updated_at) <= now() - make_interval(days => $1)
      ORDER BY c.id`,
    [days]);
  return rows.map((r) => ({ caseId: r.id, reference: r.reference, teamId: r.team_id, closedAt: r.closed_at }));
}

/** The case's team and whether it is closed now (locks the row, so it cannot reopen while it is erased). */
export async function lockCaseForErasure(db: Sql, caseId: string): Promise<{ teamId: string; closed: boolean } | null> {
  const [row]: { team_id: string; status: string }[] = await db.query(`SELECT team_id, status FROM case_file WHERE id = $1 FOR UPDATE`, [caseId]);
  return row ? { teamId: row.team_id, closed: row.status === 'closed' } : null;
}

/** Erases what a case file says (story, children, results, updates, consents, handovers, the structured fields); how many rows went. */
export async function eraseCaseContent(db: Sql, caseId: string): Promise<number> {
  let erased = 0;
  for (const table of ['case_story_version', 'case_child', 'case_result', 'case_update', 'case_consent', 'case_handover_request', 'case_handover']) {
    erased += await countReturned(db, `DELETE FROM ${table} WHERE case_id = $1 RETURNING 1`, [caseId]);
  }
  await db.query(
    `UPDATE case_file SET title = 'Gewist dossier', household_composition = 'unknown', registrant_has_custody = NULL,
            placement_reasons = '{}', desired_situation = '{}', support_requests = '{}', updated_at = now()
      WHERE id = $1`, [caseId]);
  return erased;
}

/** The cases a user takes part in as a parent (for erasure on request: which team decides). */
export async function teamsOfParticipant(db: Sql, userId: string): Promise<string[]> {
  const rows: { team_id: string }[] = await db.query(
    `SELECT DISTINCT c.team_id FROM case_participant p JOIN case_file c ON c.id = p.case_id WHERE p.user_id = $1 ORDER BY c.team_id`, [userId]);
  return rows.map((r) => r.team_id);
}
