import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users' OpenPGP keys and end-to-end encrypted attachments. The server keeps ciphertext only: the
 * encrypted data packet in the attachment store (filesystem or S3), each recipient's PKESK packet
 * here, so sharing with a later member appends a row and never rewrites the data.
 */
export class Attachments1764000006000 implements MigrationInterface {
  name = 'Attachments1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^([0-9A-F]{40}|[0-9A-F]{64})$'),
        key_version smallint NOT NULL CHECK (key_version IN (4, 6)),
        algorithm text NOT NULL,
        public_key text NOT NULL,
        encrypted_private_key text,
        -- Every (sub)key that may receive a PKESK: its fingerprint and key id (upper-case hex).
        encryption_fingerprints text[] NOT NULL CHECK (cardinality(encryption_fingerprints) > 0),
        encryption_key_ids text[] NOT NULL CHECK (cardinality(encryption_key_ids) = cardinality(encryption_fingerprints)),
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    // One current key per user; rotated-out keys stay on record with retired_at set.
    await q.query(`CREATE UNIQUE INDEX user_key_current ON user_key (user_id) WHERE retired_at IS NULL`);
    await q.query(`CREATE INDEX user_key_user_idx ON user_key (user_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY,
        thread_id uuid NOT NULL REFERENCES message_thread(id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        uploaded_by_id uuid NOT NULL REFERENCES app_user(id),
        storage_driver text NOT NULL,
        storage_key text NOT NULL,
        -- Size and SHA-256 of the encrypted data packet (header included), which never changes.
        data_size bigint NOT NULL CHECK (data_size > 0),
        data_sha256 bytea NOT NULL CHECK (length(data_sha256) = 32),
        data_version smallint NOT NULL CHECK (data_version IN (1, 2)),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX attachment_thread_idx ON attachment (thread_id, created_at)`);

    await q.query(`
      CREATE TABLE attachment_recipient (
        attachment_id uuid NOT NULL REFERENCES attachment(id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        -- The (sub)key the PKESK is encrypted to, the key it belongs to, and that key's owner.
        recipient_fingerprint text NOT NULL,
        user_key_id uuid NOT NULL REFERENCES user_key(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        pkesk bytea NOT NULL CHECK (length(pkesk) BETWEEN 10 AND 4200),
        added_by_id uuid NOT NULL REFERENCES app_user(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attachment_id, position),
        UNIQUE (attachment_id, recipient_fingerprint)
      )`);
    await q.query(`CREATE INDEX attachment_recipient_user_idx ON attachment_recipient (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment_recipient, attachment, user_key`);
  }
}
