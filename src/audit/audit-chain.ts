import { type AuditKeys, canonicalEvent, type Checkpoint, checkpointSignatureValid, EVENT_COLUMNS, type EventRow, GENESIS_HASH } from './audit-keys.js';

export type ChainVerdict =
  | { ok: true; events: number; unsealed: number; checkpoint: string | null }
  | { ok: false; events: number; brokenAt: { seq: string; id: string }; reason: string };

interface Queryable { query(sql: string, parameters?: unknown[]): Promise<unknown> }

async function rowsOf<T>(db: Queryable, sql: string, parameters: unknown[]): Promise<T[]> {
  const result = await db.query(sql, parameters);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

type SealRow = EventRow & { chain_seq: string; hash: string; event_seq: string; event_id: string | null };

/**
 * Walks the sealed audit log in chain order and recomputes every keyed hash (the key is not in the
 * database, so nobody with only database access can recompute them). Names the first event that
 * was changed, re-chained (its stored hash rewritten) or removed, then checks the newest checkpoint
 * kept outside the database: a log that ends before it was cut off. Reads in pages (constant memory).
 * `brokenAt.seq` is the position in the chain, `brokenAt.id` the event's id (empty when it is gone).
 */
export async function verifyAuditChain(db: Queryable, keys: AuditKeys, outside: Checkpoint | null = null, pageSize = 5000): Promise<ChainVerdict> {
  let previousHash = GENESIS_HASH;
  let expected = 1n;
  let events = 0;
  // A hash that did not verify: if the next event verifies against it, only the content changed;
  // if not, the stored hashes were rewritten (re-chained).
  let suspect: { seq: string; id: string; storedHash: string; previousHash: string } | null = null;
  const hashAt = new Map<string, string>();
  const wanted = outside?.seq;
  for (;;) {
    const rows = await rowsOf<SealRow>(db,
      `SELECT s.chain_seq::text AS chain_seq, s.hash, s.event_seq::text AS event_seq, e.id::text AS event_id, ${EVENT_COLUMNS}
         FROM audit_seal s LEFT JOIN audit_event e ON e.seq = s.event_seq
        WHERE s.chain_seq >= $1 ORDER BY s.chain_seq LIMIT $2`,
      [expected.toString(), pageSize],
    );
    for (const row of rows) {
      if (BigInt(row.chain_seq) !== expected) {
        return { ok: false, events, brokenAt: { seq: expected.toString(), id: '' }, reason: `sealed event ${expected} is missing (found ${row.chain_seq} next): events were removed` };
      }
      if (row.event_id === null) {
        return { ok: false, events, brokenAt: { seq: row.chain_seq, id: '' }, reason: `the event it seals (insert number ${row.event_seq}) was removed` };
      }
      const recomputed = keys.hashEvent(previousHash, canonicalEvent(row.chain_seq, row));
      if (suspect) {
        const againstStored = keys.hashEvent(suspect.storedHash, canonicalEvent(row.chain_seq, row));
        const reason = againstStored === row.hash
          ? 'its content was changed after it was sealed (its keyed hash no longer matches)'
          : 'it was re-chained: its stored hash and the ones after it were rewritten without the audit key';
        return { ok: false, events, brokenAt: { seq: suspect.seq, id: suspect.id }, reason };
      }
      if (recomputed !== row.hash) {
        suspect = { seq: row.chain_seq, id: row.id, storedHash: row.hash, previousHash };
      } else {
        events += 1;
      }
      if (row.chain_seq === wanted) hashAt.set(row.chain_seq, row.hash);
      previousHash = row.hash;
      expected += 1n;
    }
    if (rows.length < pageSize) break;
  }
  if (suspect) {
    return { ok: false, events, brokenAt: { seq: suspect.seq, id: suspect.id }, reason: 'its content or its stored hash was changed after it was sealed (its keyed hash no longer matches)' };
  }
  const last = expected - 1n;
  if (outside) {
    if (!checkpointSignatureValid(outside, keys.publicKey)) {
      return { ok: false, events, brokenAt: { seq: outside.seq, id: '' }, reason: 'the newest checkpoint outside the database does not carry a valid signature of this audit key' };
    }
    if (BigInt(outside.seq) > last) {
      return {
        ok: false, events, brokenAt: { seq: (last + 1n).toString(), id: '' },
        reason: `the log was cut off: it ends at sealed event ${last}, but the checkpoint of ${outside.at} covers up to ${outside.seq} (events ${last + 1n} to ${outside.seq} were removed)`,
      };
    }
    if (hashAt.get(outside.seq) !== outside.rootHash) {
      return { ok: false, events, brokenAt: { seq: outside.seq, id: '' }, reason: `sealed event ${outside.seq} differs from the checkpoint of ${outside.at}: the log was re-chained` };
    }
  }
  const [{ unsealed }] = await rowsOf<{ unsealed: number }>(db,
    `SELECT count(*)::int AS unsealed FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_seq = e.seq)`, []);
  return { ok: true, events, unsealed, checkpoint: outside ? outside.seq : null };
}
