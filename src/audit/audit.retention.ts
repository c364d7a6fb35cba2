/**
 * The audit log under retention (issue 21): events older than RETENTION_AUDIT_DAYS are counted and
 * listed by the retention job, never erased by the application: the log is append-only (the app's
 * database role may only SELECT and INSERT it) and its keyed hash chain would break. Erasing a
 * prefix of the chain needs a signed cut the verifier accepts; see the README ("Privacy rights").
 */
import type { Sql } from '../database/returned-rows.js';

export async function auditEventsOlderThan(db: Sql, days: number): Promise<number> {
  const [row]: { n: string }[] = await db.query(`SELECT count(*)::text AS n FROM audit_event WHERE occurred_at <= now() - make_interval(days => $1)`, [days]);
  return Number(row.n);
}
