import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy rights (issue 21): a user's own copy of everything (the export, queued in PostgreSQL so a
 * restart never loses one), legal holds that stop retention for a case, erasure requests, and the
 * tombstones retention leaves where it erased something. Owned by `src/privacy`.
 */
export class PrivacyRights1765760000000 implements MigrationInterface {
  name = 'PrivacyRights1765760000000';

  async up(q: QueryRunner): Promise<void> {
    // The export job's queue and its result in one row: `queued` → `running` (a worker holds it and
    // beats its heart) → `ready` (file written, until `expires_at`) or `failed`. A running row whose
    // heart stopped (its worker died) is taken again by the next worker.
    await q.query(`
      CREATE TABLE privacy_export (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','ready','failed')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        attempts integer NOT NULL DEFAULT 0,
        heartbeat_at timestamptz,
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        expires_at timestamptz,
        byte_size bigint,
        error_code text,
        file_removed_at timestamptz
      )`);
    // At most one export per user waits or runs at a time (the 409 rests on this, not on a race).
    await q.query(`CREATE UNIQUE INDEX privacy_export_one_running ON privacy_export (user_id) WHERE status IN ('queued','running')`);
    await q.query(`CREATE INDEX privacy_export_queue_idx ON privacy_export (requested_at) WHERE status IN ('queued','running')`);
    await q.query(`CREATE INDEX privacy_export_user_idx ON privacy_export (user_id, requested_at DESC)`);

    await q.query(`
      CREATE TABLE privacy_legal_hold (
        case_id uuid PRIMARY KEY REFERENCES case_file(id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
        placed_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        placed_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE privacy_erasure_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        team_id uuid REFERENCES organisation(id),
        note text CHECK (length(note) <= 2000),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','granted','refused')),
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        decision_reason text CHECK (length(decision_reason) <= 2000),
        CHECK ((status = 'open') = (decided_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX privacy_erasure_request_one_open ON privacy_erasure_request (user_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX privacy_erasure_request_team_idx ON privacy_erasure_request (team_id, status, requested_at)`);

    // What retention erased: the kind and id of the thing, never its content.
    await q.query(`
      CREATE TABLE privacy_tombstone (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        subject_id uuid NOT NULL,
        case_id uuid,
        erased_at timestamptz NOT NULL DEFAULT now(),
        rule text NOT NULL,
        item_count integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX privacy_tombstone_subject_idx ON privacy_tombstone (kind, subject_id)`);

    // Each run of the retention job, so the daily job on several nodes runs once a day, not once per node.
    await q.query(`
      CREATE TABLE privacy_retention_run (
        id bigserial PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        dry_run boolean NOT NULL,
        items integer NOT NULL,
        erased integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE privacy_retention_run, privacy_tombstone, privacy_erasure_request, privacy_legal_hold, privacy_export`);
  }
}
