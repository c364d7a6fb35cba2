import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations go by mail only (issue 14): organisations get verified mail domains, an invitation can
 * bring any participant role into a case, and a resend rotates the token in place (the old link dies).
 */
export class InvitationsByMail1765000000000 implements MigrationInterface {
  name = 'InvitationsByMail1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN mail_domains text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX organisation_mail_domains_idx ON organisation USING gin (mail_domains)`);
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT IF EXISTS invitation_case_role_check`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_case_role_check
      CHECK (case_role IN ('parent','child','foster_parent','guardian','board','expert','other'))`);
    await q.query(`ALTER TABLE invitation ADD COLUMN last_sent_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE invitation ADD COLUMN send_count integer NOT NULL DEFAULT 1`);
    await q.query(`CREATE INDEX invitation_invited_by_idx ON invitation (invited_by_id, created_at DESC)`);
    await q.query(`CREATE INDEX invitation_organisation_idx ON invitation (organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX invitation_case_idx ON invitation (case_id) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX invitation_case_idx, invitation_organisation_idx, invitation_invited_by_idx`);
    await q.query(`ALTER TABLE invitation DROP COLUMN send_count, DROP COLUMN last_sent_at`);
    await q.query(`DELETE FROM invitation WHERE case_role NOT IN ('parent','child')`);
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_case_role_check`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_case_role_check CHECK (case_role IN ('parent','child'))`);
    await q.query(`DROP INDEX organisation_mail_domains_idx`);
    await q.query(`ALTER TABLE organisation DROP COLUMN mail_domains`);
  }
}
