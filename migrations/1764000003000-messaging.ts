import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case threads: a thread belongs to one case, its members are a subset of the case's participants,
 * messages carry a per-thread sequence number (assigned under the thread's row lock, so sequence
 * order is commit order and `?after=` catch-up can never skip a message), read markers per member,
 * the e-mail notification outbox, and the table @socket.io/postgres-adapter uses for payloads above
 * the 8000-byte NOTIFY limit.
 */
export class Messaging1764000003000 implements MigrationInterface {
  name = 'Messaging1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_thread (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        created_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seq bigint NOT NULL DEFAULT 0,
        last_message_at timestamptz
      )`);
    await q.query(`CREATE INDEX message_thread_case_idx ON message_thread (case_id, created_at)`);
    await q.query(`
      CREATE TABLE thread_member (
        thread_id uuid NOT NULL REFERENCES message_thread(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        added_by_id uuid REFERENCES app_user(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        last_read_seq bigint NOT NULL DEFAULT 0,
        last_read_at timestamptz,
        PRIMARY KEY (thread_id, user_id)
      )`);
    await q.query(`CREATE INDEX thread_member_user_idx ON thread_member (user_id, thread_id)`);
    await q.query(`
      CREATE TABLE message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES message_thread(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        author_id uuid NOT NULL REFERENCES app_user(id),
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
        client_message_id text NOT NULL CHECK (length(client_message_id) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT message_thread_seq_key UNIQUE (thread_id, seq),
        CONSTRAINT message_author_client_id_key UNIQUE (author_id, client_message_id)
      )`);
    // Filled once the attachments module exists; no foreign key to its table (it is created later).
    await q.query(`
      CREATE TABLE message_attachment (
        message_id uuid NOT NULL REFERENCES message(id) ON DELETE CASCADE,
        attachment_id uuid NOT NULL,
        position smallint NOT NULL,
        PRIMARY KEY (message_id, attachment_id)
      )`);
    await q.query(`CREATE INDEX message_attachment_attachment_idx ON message_attachment (attachment_id)`);
    await q.query(`
      CREATE TABLE notification_preference (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        email boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per user with unseen news; the mailer turns it into at most one mail per batch window.
    await q.query(`
      CREATE TABLE notification_outbox (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        pending_since timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notification_mail_log (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        last_sent_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE socket_io_attachments, notification_mail_log, notification_outbox, notification_preference,
      message_attachment, message, thread_member, message_thread`);
  }
}
