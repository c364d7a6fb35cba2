import type { DataSource } from 'typeorm';

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: { seq: string; id: string }; reason: string };

/**
 * Walks the audit log in order and recomputes every hash with the same database function the
 * insert trigger uses. Reads in pages so a log of millions of rows needs constant memory.
 */
export async function verifyAuditChain(dataSource: DataSource, pageSize = 5000): Promise<ChainVerdict> {
  let previousHash = '0'.repeat(64);
  let expectedSeq = 1n;
  let events = 0;
  for (;;) {
    // Order by e.seq, the bigint: a bare `seq` would mean the text alias and sort 1, 10, 100, 2 ...
    const rows: { seq: string; id: string; prev_hash: string; hash: string; recomputed: string }[] = await dataSource.query(
      `SELECT seq::text, id, prev_hash, hash, audit_event_digest(e) AS recomputed
         FROM audit_event e WHERE e.seq >= $1 ORDER BY e.seq LIMIT $2`,
      [expectedSeq.toString(), pageSize],
    );
    for (const row of rows) {
      const brokenAt = { seq: row.seq, id: row.id };
      if (BigInt(row.seq) !== expectedSeq) return { ok: false, events, brokenAt, reason: `expected event ${expectedSeq}, found ${row.seq}: events are missing` };
      if (row.prev_hash !== previousHash) return { ok: false, events, brokenAt, reason: 'its link to the previous event does not match' };
      if (row.hash !== row.recomputed) return { ok: false, events, brokenAt, reason: 'its content was changed after it was written' };
      previousHash = row.hash;
      expectedSeq += 1n;
      events += 1;
    }
    if (rows.length < pageSize) break;
  }
  const [head] = await dataSource.query(`SELECT seq::text, hash FROM audit_chain_head`);
  if (head && BigInt(head.seq) !== expectedSeq - 1n) {
    return { ok: false, events, brokenAt: { seq: head.seq, id: '' }, reason: 'the newest events were removed' };
  }
  return { ok: true, events };
}
