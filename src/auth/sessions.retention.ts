/**
 * Sessions for `src/privacy` (issue 21): retention of ended sessions, and a person's own sessions
 * for their export (never the token hash). Runs on the caller's connection or transaction.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

/** How many sessions ended (revoked or expired) at least `days` days ago; `userId` narrows it to one person. */
export async function endedSessionsCount(db: Sql, days: number, userId?: string): Promise<number> {
  const [row]: { n: string }[] = await db.query(
    `SELECT count(*)::text AS n FROM user_session
      WHERE coalesce(revoked_at, expires_at) <= now() - make_interval(days => $1) AND ($2::uuid IS NULL OR user_id = $2::uuid)`, [days, userId ?? null]);
  return Number(row.n);
}

/** Erases sessions that ended at least `days` days ago; how many went. */
export async function eraseEndedSessions(db: Sql, days: number, userId?: string): Promise<number> {
  return countReturned(db,
    `DELETE FROM user_session
      WHERE coalesce(revoked_at, expires_at) <= now() - make_interval(days => $1) AND ($2::uuid IS NULL OR user_id = $2::uuid) RETURNING 1`,
    [days, userId ?? null]);
}

export interface OwnSession { createdAt: string; lastSeenAt: string; expiresAt: string; revokedAt: string | null; secondFactor: boolean }

/** A person's sessions, newest first, without anything that could open one. */
export async function sessionsOf(db: Sql, userId: string): Promise<OwnSession[]> {
  const rows: any[] = await db.query(
    `SELECT created_at, last_seen_at, expires_at, revoked_at, second_factor FROM user_session WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1000`, [userId]);
  return rows.map((r) => ({
    createdAt: new Date(r.created_at).toISOString(), lastSeenAt: new Date(r.last_seen_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString(),
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null, secondFactor: r.second_factor,
  }));
}
