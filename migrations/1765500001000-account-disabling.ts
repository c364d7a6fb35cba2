import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disabling an account by hand (issue 17, item 1): who did it and why, beside `disabled_at`, so the
 * accounts screen can say so to the next administrator or coordinator. The reason is free text for
 * the team, never shown to the person themselves and never written into the audit log (which holds
 * no personal data): the audit event records who, whom and when.
 */
export class AccountDisabling1765500001000 implements MigrationInterface {
  name = 'AccountDisabling1765500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user
      ADD COLUMN disabled_reason text,
      ADD COLUMN disabled_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL`);
    // An enabled account carries no left-over reason.
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_disabled_details_check
      CHECK (disabled_at IS NOT NULL OR (disabled_reason IS NULL AND disabled_by_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_disabled_details_check`);
    await q.query(`ALTER TABLE app_user DROP COLUMN disabled_by_id, DROP COLUMN disabled_reason`);
  }
}
