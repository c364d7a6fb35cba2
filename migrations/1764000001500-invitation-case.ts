import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An invitation may bring its new user straight into a case (e.g. the parent of a converted registration). */
export class InvitationCase1764000001500 implements MigrationInterface {
  name = 'InvitationCase1764000001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitation ADD COLUMN case_id uuid REFERENCES case_file(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE invitation ADD COLUMN case_role text CHECK (case_role IN ('parent','child'))`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_case_role_with_case CHECK ((case_id IS NULL) = (case_role IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_case_role_with_case, DROP COLUMN case_role, DROP COLUMN case_id`);
  }
}
