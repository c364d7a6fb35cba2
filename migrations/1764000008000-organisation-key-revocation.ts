import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revoking a support team's organisation key: the revoked key stays published (with its revocation
 * signature, so partners' GnuPG learns it is revoked), and credentials it signed after a compromise
 * are revoked with their own reason, `key_compromised`, then re-issued under the new key.
 */
export class OrganisationKeyRevocation1764000008000 implements MigrationInterface {
  name = 'OrganisationKeyRevocation1764000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisation_key
        ADD COLUMN revoked_at timestamptz,
        ADD COLUMN revocation_reason text CHECK (revocation_reason IN ('compromised','superseded')),
        ADD COLUMN revocation_note text CHECK (length(revocation_note) <= 500),
        ADD CONSTRAINT organisation_key_revocation_complete CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
        -- A revoked key never signs again: it is never the current key.
        ADD CONSTRAINT organisation_key_revoked_is_retired CHECK (revoked_at IS NULL OR retired_at IS NOT NULL)`);
    await q.query(`ALTER TABLE counsellor_credential DROP CONSTRAINT counsellor_credential_revocation_reason_check`);
    await q.query(`ALTER TABLE counsellor_credential ADD CONSTRAINT counsellor_credential_revocation_reason_check
      CHECK (revocation_reason IN ('revoked','superseded','key_compromised'))`);
    await q.query(`CREATE INDEX counsellor_credential_key_idx ON counsellor_credential (organisation_key_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX counsellor_credential_key_idx`);
    // The earlier schema knows no `key_compromised`: such a credential was revoked all the same.
    await q.query(`UPDATE counsellor_credential SET revocation_reason = 'revoked' WHERE revocation_reason = 'key_compromised'`);
    await q.query(`ALTER TABLE counsellor_credential DROP CONSTRAINT counsellor_credential_revocation_reason_check`);
    await q.query(`ALTER TABLE counsellor_credential ADD CONSTRAINT counsellor_credential_revocation_reason_check
      CHECK (revocation_reason IN ('revoked','superseded'))`);
    await q.query(`
      ALTER TABLE organisation_key
        DROP CONSTRAINT organisation_key_revoked_is_retired,
        DROP CONSTRAINT organisation_key_revocation_complete,
        DROP COLUMN revocation_note,
        DROP COLUMN revocation_reason,
        DROP COLUMN revoked_at`);
  }
}
