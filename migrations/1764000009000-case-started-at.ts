import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a case started, as the monitor counts it: a case opened from a registration started when
 * that registration was received, any other case when it was created. Stored on the case (set once,
 * when it is opened) instead of being looked up in the registrations for every case of every report.
 * Also narrow covering indexes over the children's and results' counted columns, so the report
 * streams them in case order (index-only) instead of hashing the whole tables.
 */
export class CaseStartedAt1764000009000 implements MigrationInterface {
  name = 'CaseStartedAt1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_file ADD COLUMN started_at timestamptz`);
    await q.query(`UPDATE case_file c SET started_at = c.created_at`);
    await q.query(`
      UPDATE case_file c SET started_at = r.received_at
        FROM (SELECT case_id, min(received_at) AS received_at FROM registration WHERE case_id IS NOT NULL GROUP BY case_id) r
       WHERE r.case_id = c.id AND r.received_at < c.started_at`);
    await q.query(`ALTER TABLE case_file ALTER COLUMN started_at SET NOT NULL, ALTER COLUMN started_at SET DEFAULT now()`);
    await q.query(`CREATE INDEX case_child_report_idx ON case_child (case_id) INCLUDE (placement, protection_measure)`);
    await q.query(`CREATE INDEX case_result_report_idx ON case_result (case_id) INCLUDE (kind, date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_result_report_idx, case_child_report_idx`);
    await q.query(`ALTER TABLE case_file DROP COLUMN started_at`);
  }
}
