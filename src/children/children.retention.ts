/**
 * Erasure on request (issue 21), for `src/privacy`'s granted erasure request, which records the
 * audit event: a child's own voice. It is what the child chose to say and to whom; no law keeps it
 * once the child asks for it to go. The child records (owned by `cases`) stay. Runs on the caller's
 * transaction.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

/** Erases the voices of these child records; how many went. */
export async function eraseChildVoices(db: Sql, childIds: readonly string[]): Promise<number> {
  if (childIds.length === 0) return 0;
  return countReturned(db, `DELETE FROM child_voice WHERE child_id = ANY($1::uuid[]) RETURNING 1`, [childIds]);
}
