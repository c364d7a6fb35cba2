import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, attachments. Two things the server stores without learning anything new:
 * - `attachment.metadata`: the file's name, size and type, encrypted by the sender with the SAME
 *   session key as the file, as one OpenPGP encrypted data packet (SEIPD). The server serves it
 *   behind the caller's own PKESK, so whoever is given the file later can read its name too.
 * - `attachment_access_request`: a member who cannot open a file (joined later, or made a new key)
 *   asks for it; the members who can open it see the request until they share it. One per member
 *   and attachment; it goes once that member can open the file.
 */
export class AttachmentMetadataAndAccessRequests1765500000000 implements MigrationInterface {
  name = 'AttachmentMetadataAndAccessRequests1765500000000';

  async up(q: QueryRunner): Promise<void> {
    // A SEIPD v1 packet holds at least 41 octets of body; 4 KiB is far more than a name, size and type need.
    await q.query(`ALTER TABLE attachment ADD COLUMN metadata bytea CHECK (metadata IS NULL OR length(metadata) BETWEEN 40 AND 4096)`);
    await q.query(`
      CREATE TABLE attachment_access_request (
        attachment_id uuid NOT NULL REFERENCES attachment(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attachment_id, user_id)
      )`);
    await q.query(`CREATE INDEX attachment_access_request_user_idx ON attachment_access_request (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment_access_request`);
    await q.query(`ALTER TABLE attachment DROP COLUMN metadata`);
  }
}
