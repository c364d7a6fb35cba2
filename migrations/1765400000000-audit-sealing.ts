import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log, sealed off the request path (issue 15). Until now every insert took the chain
 * head's row lock until commit, so every audited request of every node queued behind one row.
 *
 * Now a request only inserts its event: a trigger stamps it with its insertion number (`seq`, from
 * a sequence: no lock) and the id of the inserting transaction (`xid`). One sealer at a time (an
 * advisory lock, on whichever node holds it) chains committed events in `audit_seal`, in the order
 * (xid, seq), taking only events whose transaction is older than the oldest one still running
 * (`pg_snapshot_xmin`): an event can then no longer appear before the sealed ones, whatever order
 * transactions commit in. Each seal carries a keyed hash (HMAC, key outside the database); signed
 * checkpoints land in `audit_checkpoint` and outside the database. The old unkeyed chain (a SHA-256
 * any database user could recompute) and its head row go; existing events are sealed anew.
 *
 * The three audit tables refuse UPDATE, DELETE and TRUNCATE by trigger (for the owner too, unless
 * it disables the triggers); the runtime role is only granted SELECT and INSERT on them (see
 * src/database/runtime-role.ts).
 */
export class AuditSealing1765400000000 implements MigrationInterface {
  name = 'AuditSealing1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_chain ON audit_event`);
    await q.query(`DROP FUNCTION audit_event_chain()`);
    await q.query(`DROP FUNCTION audit_event_digest(audit_event)`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN prev_hash, DROP COLUMN hash`);
    await q.query(`CREATE SEQUENCE audit_event_seq_seq OWNED BY audit_event.seq`);
    await q.query(`SELECT setval('audit_event_seq_seq', coalesce(max(seq), 0) + 1, false) FROM audit_event`);
    // Existing events: transaction 0, i.e. older than any running one, sealed first in seq order.
    await q.query(`ALTER TABLE audit_event ADD COLUMN xid xid8 NOT NULL DEFAULT '0'::xid8`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN xid DROP DEFAULT`);
    await q.query(`CREATE INDEX audit_event_xid_idx ON audit_event (xid, seq)`);
    // A client cannot choose its place: seq and xid are always the database's.
    await q.query(`
      CREATE FUNCTION audit_event_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.xid := pg_current_xact_id();
        NEW.seq := nextval('audit_event_seq_seq');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_stamp BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_stamp()`);

    await q.query(`
      CREATE TABLE audit_seal (
        chain_seq bigint PRIMARY KEY CHECK (chain_seq > 0),
        event_seq bigint NOT NULL UNIQUE REFERENCES audit_event (seq),
        hash text NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE audit_checkpoint (
        seq bigint PRIMARY KEY,
        root_hash text NOT NULL,
        at timestamptz NOT NULL,
        signature text NOT NULL,
        key_id text NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
      END $$`);
    for (const table of ['audit_seal', 'audit_checkpoint']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoint, audit_seal`);
    await q.query(`DROP FUNCTION audit_refuse_change()`);
    await q.query(`DROP TRIGGER audit_event_stamp ON audit_event`);
    await q.query(`DROP FUNCTION audit_event_stamp()`);
    await q.query(`DROP INDEX audit_event_xid_idx`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN xid`);
    throw new Error('The unkeyed hash chain cannot be restored: restore a backup instead.');
  }
}
