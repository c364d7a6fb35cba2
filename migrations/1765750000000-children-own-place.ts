import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Children's own place (issue 20):
 * - a child record (`case_child`) can be linked to the child's own account (`user_id`): at most one
 *   record per account in a case, and an account only once per case;
 * - an invitation into a case as `child` may name the record it links on acceptance (`child_id`);
 * - the child's voice (`child_voice`): what the child wants their counsellor to know, one text per
 *   child record, and whom the child lets read it besides the counsellor (`visible_to`).
 */
export class ChildrenOwnPlace1765750000000 implements MigrationInterface {
  name = 'ChildrenOwnPlace1765750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_child ADD COLUMN user_id uuid REFERENCES app_user(id)`);
    await q.query(`CREATE UNIQUE INDEX case_child_case_user_key ON case_child (case_id, user_id) WHERE user_id IS NOT NULL`);
    await q.query(`ALTER TABLE invitation ADD COLUMN child_id uuid REFERENCES case_child(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_child_needs_case_check CHECK (child_id IS NULL OR (case_id IS NOT NULL AND case_role = 'child'))`);
    await q.query(`CREATE TABLE child_voice (
      child_id uuid PRIMARY KEY REFERENCES case_child(id) ON DELETE CASCADE,
      case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
      text text NOT NULL CHECK (char_length(text) <= 5000),
      visible_to text[] NOT NULL CHECK ('counsellor' = ANY(visible_to) AND visible_to <@ ARRAY['counsellor','parents','guardian']::text[]),
      updated_by_id uuid NOT NULL REFERENCES app_user(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX child_voice_case_idx ON child_voice (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE child_voice`);
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_child_needs_case_check`);
    await q.query(`ALTER TABLE invitation DROP COLUMN child_id`);
    await q.query(`DROP INDEX case_child_case_user_key`);
    await q.query(`ALTER TABLE case_child DROP COLUMN user_id`);
  }
}
