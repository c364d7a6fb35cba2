/**
 * Erasure on request (issue 21), for `src/privacy`'s granted erasure request, which records the
 * audit event: what a person wrote in the peer groups. No law keeps it, so it goes: the bodies of
 * their messages, the reasons of their reports, their pseudonyms. Their member rows stay as a
 * former member ("oud-lid") under a neutral name, so a conversation keeps its order and the
 * moderation records (a hidden message, an answered report) keep what they point at. A request to
 * join that never became anything goes entirely. Runs on the caller's transaction.
 */
import { countReturned, returnedRows, type Sql } from '../database/returned-rows.js';


/** The group rooms the person was in until now (for the caller to take their sockets out after commit). */
export interface ErasedGroupData { messages: number; reports: number; memberships: number; groupIds: string[] }

export async function eraseGroupDataOf(db: Sql, userId: string): Promise<ErasedGroupData> {
  const messages = await countReturned(db,
    `UPDATE peer_group_message SET body = ''
      WHERE member_id IN (SELECT id FROM peer_group_member WHERE user_id = $1) AND body <> '' RETURNING 1`, [userId]);
  const reports = await countReturned(db,
    `UPDATE peer_group_report SET reason = ''
      WHERE reporter_member_id IN (SELECT id FROM peer_group_member WHERE user_id = $1) AND reason <> '' RETURNING 1`, [userId]);
  const active = returnedRows<{ group_id: string }>(await db.query(
    `SELECT group_id FROM peer_group_member WHERE user_id = $1 AND status = 'active'`, [userId])).map((r) => r.group_id);
  const withdrawn = await countReturned(db,
    `DELETE FROM peer_group_member m WHERE m.user_id = $1 AND m.status = 'requested'
        AND NOT EXISTS (SELECT 1 FROM peer_group_message gm WHERE gm.member_id = m.id)
        AND NOT EXISTS (SELECT 1 FROM peer_group_report r WHERE r.reporter_member_id = m.id)
      RETURNING 1`, [userId]);
  const formered = await countReturned(db,
    `UPDATE peer_group_member SET pseudonym = 'Oud-lid ' || left(id::text, 8), role = 'member', muted_until = NULL,
            status = CASE WHEN status IN ('active', 'requested') THEN 'left' ELSE status END,
            ended_at = coalesce(ended_at, now())
      WHERE user_id = $1 AND (pseudonym <> 'Oud-lid ' || left(id::text, 8) OR status IN ('active', 'requested')) RETURNING 1`, [userId]);
  return { messages, reports, memberships: withdrawn + formered, groupIds: active };
}
