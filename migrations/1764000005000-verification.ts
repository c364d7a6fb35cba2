import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verified counsellor identity: the support teams' OpenPGP keys, the credentials they sign, the
 * short-lived verification codes counsellors show to partners, and the log of every check.
 */
export class Verification1764000005000 implements MigrationInterface {
  name = 'Verification1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9A-F]{40}$'),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        wkd_hash text NOT NULL CHECK (wkd_hash ~ '^[ybndrfg8ejkmcpqxot1uwisza345h769]{32}$'),
        public_key text NOT NULL,
        encrypted_private_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        -- After a rotation: the key this one replaced, which certified it.
        predecessor_id uuid UNIQUE REFERENCES organisation_key(id)
      )`);
    // One current (signing) key per organisation; retired keys stay published so old statements verify.
    await q.query(`CREATE UNIQUE INDEX organisation_key_current_key ON organisation_key (organisation_id) WHERE retired_at IS NULL`);
    await q.query(`CREATE INDEX organisation_key_organisation_idx ON organisation_key (organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX organisation_key_wkd_idx ON organisation_key (wkd_hash)`);

    await q.query(`
      CREATE TABLE counsellor_credential (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        counsellor_id uuid NOT NULL REFERENCES app_user(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        organisation_key_id uuid NOT NULL REFERENCES organisation_key(id),
        issued_by_id uuid NOT NULL REFERENCES app_user(id),
        issued_at timestamptz NOT NULL DEFAULT now(),
        valid_until timestamptz NOT NULL,
        counsellor_key_fingerprint text,
        statement text NOT NULL,
        revoked_at timestamptz,
        revoked_by_id uuid REFERENCES app_user(id),
        revocation_reason text CHECK (revocation_reason IN ('revoked','superseded')),
        CHECK (issued_by_id <> counsellor_id),
        CHECK (valid_until > issued_at),
        CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX counsellor_credential_current ON counsellor_credential (counsellor_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX counsellor_credential_counsellor_idx ON counsellor_credential (counsellor_id, issued_at DESC)`);

    await q.query(`
      CREATE TABLE verification_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code_hash bytea NOT NULL UNIQUE,
        counsellor_id uuid NOT NULL REFERENCES app_user(id),
        credential_id uuid NOT NULL REFERENCES counsellor_credential(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX verification_code_credential_idx ON verification_code (credential_id)`);
    await q.query(`CREATE INDEX verification_code_expires_idx ON verification_code (expires_at)`);

    await q.query(`
      CREATE TABLE verification_check (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        checked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        result text NOT NULL CHECK (result IN ('valid','expired','revoked','unknown')),
        counsellor_id uuid REFERENCES app_user(id),
        organisation_id uuid REFERENCES organisation(id),
        credential_id uuid REFERENCES counsellor_credential(id),
        verifier_organisation_id uuid REFERENCES organisation(id)
      )`);
    await q.query(`CREATE INDEX verification_check_counsellor_idx ON verification_check (counsellor_id, checked_at DESC, id DESC) WHERE counsellor_id IS NOT NULL`);
    await q.query(`CREATE INDEX verification_check_team_idx ON verification_check (organisation_id, checked_at DESC, id DESC) WHERE organisation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE verification_check, verification_code, counsellor_credential, organisation_key`);
  }
}
