import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security review (issue 14):
 * - a thread member added later reads only what was written after they joined, unless the adder
 *   shared the history: `history_from_seq` is the last sequence number they may NOT see (0: all);
 * - a verification code may be checked only so many times before it is burnt: `check_count`.
 */
export class ThreadHistoryAndCodeChecks1765200000000 implements MigrationInterface {
  name = 'ThreadHistoryAndCodeChecks1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE thread_member ADD COLUMN history_from_seq bigint NOT NULL DEFAULT 0 CHECK (history_from_seq >= 0)`);
    await q.query(`ALTER TABLE verification_code ADD COLUMN check_count integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE verification_code DROP COLUMN check_count`);
    await q.query(`ALTER TABLE thread_member DROP COLUMN history_from_seq`);
  }
}
