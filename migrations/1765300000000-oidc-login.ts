import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login with an organisation's own identity provider (issue 22): one OpenID Connect provider per
 * organisation (the client secret encrypted under ORG_KEY_PASSPHRASE), the short-lived state of
 * logins under way (single use, bound to the browser that started them), and which sessions came
 * from a provider (for the provider's logout).
 */
export class OidcLogin1765300000000 implements MigrationInterface {
  name = 'OidcLogin1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE organisation_identity_provider (
      organisation_id uuid PRIMARY KEY REFERENCES organisation(id) ON DELETE CASCADE,
      issuer text NOT NULL,
      client_id text NOT NULL,
      client_secret_encrypted text NOT NULL,
      mfa_satisfied_by text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE oidc_login_attempt (
      state_hash bytea PRIMARY KEY,
      browser_hash bytea NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX oidc_login_attempt_expires_idx ON oidc_login_attempt (expires_at)`);
    await q.query(`ALTER TABLE user_session ADD COLUMN oidc_organisation_id uuid REFERENCES organisation(id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_session DROP COLUMN oidc_organisation_id`);
    await q.query(`DROP TABLE oidc_login_attempt`);
    await q.query(`DROP TABLE organisation_identity_provider`);
  }
}
