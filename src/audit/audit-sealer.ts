import pg from 'pg';
import { type AuditKeys, canonicalEvent, type Checkpoint, EVENT_COLUMNS, type EventRow, GENESIS_HASH } from './audit-keys.js';
import type { CheckpointStore } from './checkpoint-store.js';

/** pg_try_advisory_lock key of the sealer: one per database, whichever node holds it. */
export const SEALER_LOCK = 7261015;
/** Events chained per transaction; a pass keeps going while full batches come back. */
const BATCH = 2000;
/** How often a node that is not the sealer asks for the lock. */
const STANDBY_MS = 1000;

interface Head { chainSeq: bigint; hash: string; xid: string; seq: string }

export interface SealerLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface SealerOptions {
  intervalMs: number;
  checkpointMs: number;
}

/**
 * Chains committed audit events in batches, off the request path. Runs on every node; only the one
 * holding the advisory lock (on its own connection, for as long as that lives) seals. An event is
 * sealed once no transaction that could still insert an event before it is running: its xid is
 * below the snapshot's xmin. Order: (xid, seq), so the next pass starts right after the head.
 */
export class AuditSealer {
  private client?: pg.Client;
  private holding = false;
  private head?: Head;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastCheckpoint = { at: 0, seq: -1n };
  private pendingOutside?: Checkpoint;
  private refusedUntil = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly keys: AuditKeys,
    private readonly store: CheckpointStore,
    private readonly log: SealerLog,
    private readonly options: SealerOptions,
  ) {}

  get isSealer(): boolean {
    return this.holding;
  }

  start(): void {
    this.schedule(0);
  }

  /** Seals what can be sealed now and writes a checkpoint when the head moved (tests, shutdown, benchmarks). */
  sealNow(options: { checkpoint?: boolean } = {}): Promise<number> {
    let sealed = 0;
    const pass = this.running.then(async () => {
      sealed = await this.pass(options.checkpoint ?? true);
    });
    this.running = pass.catch(() => undefined);
    return pass.then(() => sealed);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (this.holding) {
      await this.pass(true).catch((error: Error) => this.log.warn(`audit sealer: last pass failed: ${error.message}`));
      // Hand the lock over at once (closing the connection would too, a moment later); another node's standby poll takes it.
      await this.client?.query(`SELECT pg_advisory_unlock($1)`, [SEALER_LOCK]).catch(() => undefined);
    }
    await this.dropClient();
    this.store.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.pass(false)).then(
        () => this.schedule(this.holding ? this.options.intervalMs : STANDBY_MS),
        (error: Error) => {
          this.log.warn(`audit sealer: ${error.message}`);
          void this.dropClient();
          this.schedule(STANDBY_MS);
        },
      );
    }, ms);
    this.timer.unref();
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.holding = false;
    this.head = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'eenverhaal-audit-sealer' });
    client.on('error', (error) => {
      this.log.warn(`audit sealer connection: ${error.message}`);
      if (this.client === client) {
        this.client = undefined;
        this.holding = false;
        this.head = undefined;
      }
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** One pass: take the lock if free, seal everything sealable, checkpoint when due. Returns how many were sealed. */
  private async pass(forceCheckpoint: boolean): Promise<number> {
    if (Date.now() < this.refusedUntil) return 0;
    const client = await this.connect();
    if (!this.holding) {
      const [{ locked }] = (await client.query(`SELECT pg_try_advisory_lock($1) AS locked`, [SEALER_LOCK])).rows;
      if (!locked) return 0;
      this.holding = true;
      // The checkpoint clock runs from the newest checkpoint any holder wrote, not from taking the lock:
      // when holders keep dying sooner than checkpointMs, the log must still be checkpointed at least
      // that often (found by the crash soak, issue 23; it saw no checkpoint at all with a kill every 4 s).
      // With no checkpoint yet, it runs from the first seal (so a fresh log is not checkpointed at once either).
      const [newest] = (await client.query(
        `SELECT seq::text AS seq, (extract(epoch FROM at) * 1000)::float8 AS at_ms FROM audit_checkpoint WHERE seq = (SELECT max(seq) FROM audit_checkpoint)
         UNION ALL
         SELECT '-1', (extract(epoch FROM sealed_at) * 1000)::float8 FROM audit_seal WHERE chain_seq = 1 AND NOT EXISTS (SELECT 1 FROM audit_checkpoint)`,
      )).rows as { seq: string; at_ms: number }[];
      this.lastCheckpoint = newest ? { at: Number(newest.at_ms), seq: BigInt(newest.seq) } : { at: Date.now(), seq: -1n };
    }
    this.head ??= await this.loadHead(client);
    if (!this.head) return 0; // refused: the head does not verify
    let total = 0;
    for (;;) {
      const sealed = await this.sealBatch(client);
      total += sealed;
      if (sealed < BATCH) break;
    }
    await this.checkpoint(client, forceCheckpoint);
    return total;
  }

  /**
   * The newest seal, checked under this node's key before anything is chained onto it: a node with
   * another AUDIT_KEY (or a head that was tampered with) must not extend the chain. It then gives
   * the lock up and logs an error; `npm run audit:verify` says more.
   */
  private async loadHead(client: pg.Client): Promise<Head | undefined> {
    const { rows } = await client.query(
      `SELECT s.chain_seq::text AS chain_seq, s.hash, e.xid::text AS xid, ${EVENT_COLUMNS},
              coalesce((SELECT p.hash FROM audit_seal p WHERE p.chain_seq = s.chain_seq - 1), $1) AS prev_hash
         FROM audit_seal s JOIN audit_event e ON e.seq = s.event_seq
        ORDER BY s.chain_seq DESC LIMIT 1`,
      [GENESIS_HASH],
    );
    if (rows.length === 0) return { chainSeq: 0n, hash: GENESIS_HASH, xid: '0', seq: '0' };
    const row = rows[0] as EventRow & { chain_seq: string; hash: string; xid: string; prev_hash: string };
    if (this.keys.hashEvent(row.prev_hash, canonicalEvent(row.chain_seq, row)) !== row.hash) {
      this.log.error(
        `audit sealer: the newest sealed event (${row.chain_seq}) does not verify under this node's AUDIT_KEY: ` +
        'another key sealed it, or it was changed. Not sealing; run `npm run audit:verify`. Every node needs the same AUDIT_KEY.',
      );
      await client.query(`SELECT pg_advisory_unlock($1)`, [SEALER_LOCK]);
      this.holding = false;
      this.refusedUntil = Date.now() + 60_000;
      return undefined;
    }
    return { chainSeq: BigInt(row.chain_seq), hash: row.hash, xid: row.xid, seq: row.seq };
  }

  private async sealBatch(client: pg.Client): Promise<number> {
    const head = this.head!;
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<EventRow & { xid: string }>(
        `SELECT e.xid::text AS xid, ${EVENT_COLUMNS} FROM audit_event e
          WHERE (e.xid, e.seq) > ($1::xid8, $2::bigint) AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY e.xid, e.seq LIMIT $3`,
        [head.xid, head.seq, BATCH],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      let chainSeq = head.chainSeq;
      let hash = head.hash;
      const chainSeqs: string[] = [];
      const eventSeqs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        chainSeq += 1n;
        hash = this.keys.hashEvent(hash, canonicalEvent(chainSeq.toString(), row));
        chainSeqs.push(chainSeq.toString());
        eventSeqs.push(row.seq);
        hashes.push(hash);
      }
      await client.query(
        `INSERT INTO audit_seal (chain_seq, event_seq, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])`,
        [chainSeqs, eventSeqs, hashes],
      );
      await client.query('COMMIT');
      const last = rows[rows.length - 1];
      this.head = { chainSeq, hash, xid: last.xid, seq: last.seq };
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.head = undefined; // re-read: another sealer may have been at work (it cannot, but be safe)
      throw error;
    }
  }

  /** A signed checkpoint when the head moved and the last one is `checkpointMs` old (or when forced). */
  private async checkpoint(client: pg.Client, force: boolean): Promise<void> {
    const head = this.head!;
    if (this.pendingOutside) await this.writeOutside(this.pendingOutside);
    if (head.chainSeq === 0n) return;
    const due = force || Date.now() - this.lastCheckpoint.at >= this.options.checkpointMs;
    if (!due) return;
    if (head.chainSeq === this.lastCheckpoint.seq) return;
    const [{ exists }] = (await client.query(`SELECT EXISTS (SELECT 1 FROM audit_checkpoint WHERE seq = $1) AS exists`, [head.chainSeq.toString()])).rows;
    const body = { seq: head.chainSeq.toString(), rootHash: head.hash, at: new Date().toISOString() };
    const checkpoint: Checkpoint = { ...body, signature: this.keys.signCheckpoint(body), keyId: this.keys.keyId, publicKey: this.keys.publicKeyBase64 };
    if (!exists) {
      await client.query(
        `INSERT INTO audit_checkpoint (seq, root_hash, at, signature, key_id) VALUES ($1, $2, $3, $4, $5)`,
        [checkpoint.seq, checkpoint.rootHash, checkpoint.at, checkpoint.signature, checkpoint.keyId],
      );
    }
    this.lastCheckpoint = { at: Date.now(), seq: head.chainSeq };
    await this.writeOutside(checkpoint);
  }

  private async writeOutside(checkpoint: Checkpoint): Promise<void> {
    try {
      await this.store.write(checkpoint);
      this.pendingOutside = undefined;
    } catch (error) {
      this.pendingOutside = checkpoint;
      this.log.warn(`audit sealer: could not write checkpoint ${checkpoint.seq} to ${this.store.description}: ${(error as Error).message}`);
    }
  }
}

/** How far sealing is behind, as any node sees it: events not yet sealed, and the age of the oldest. */
export async function sealBacklog(db: { query(sql: string, params?: unknown[]): Promise<unknown> }): Promise<{ unsealed: number; lagSeconds: number }> {
  const rows = (await db.query(
    `WITH head AS (
       SELECT e.xid, e.seq FROM audit_seal s JOIN audit_event e ON e.seq = s.event_seq ORDER BY s.chain_seq DESC LIMIT 1
     )
     SELECT count(*)::int AS unsealed,
            coalesce(extract(epoch FROM clock_timestamp() - min(e.occurred_at)), 0)::float8 AS lag
       FROM audit_event e
      WHERE (e.xid, e.seq) > (coalesce((SELECT h.xid FROM head h), '0'::xid8), coalesce((SELECT h.seq FROM head h), 0::bigint))`,
  )) as { unsealed: number; lag: number }[] | { rows: { unsealed: number; lag: number }[] };
  const row = Array.isArray(rows) ? rows[0] : rows.rows[0];
  return { unsealed: row.unsealed, lagSeconds: Number(row.lag) };
}
