import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, sessions, rate-limit counters and the append-only, hash-chained audit log.
 * The chain is kept by the database itself (a trigger), so no code path can forget it.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('support_team','youth_protection','child_protection_board',
          'foster_care','municipality','care_provider','expert_pool','other')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('admin','coordinator','counsellor','partner','foster_parent',
          'expert','parent','child')),
        organisation_id uuid REFERENCES organisation(id),
        password_hash text NOT NULL,
        totp_secret text,
        totp_enabled_at timestamptz,
        totp_last_step bigint,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);
    await q.query(`CREATE INDEX app_user_organisation_idx ON app_user (organisation_id)`);
    await q.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        email text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL,
        organisation_id uuid REFERENCES organisation(id),
        invited_by_id uuid NOT NULL REFERENCES app_user(id),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_user_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        second_factor boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE rate_limit (
        key text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        hits integer NOT NULL
      )`);

    await q.query(`
      CREATE TABLE audit_chain_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`INSERT INTO audit_chain_head (singleton, seq, hash) VALUES (true, 0, repeat('0', 64))`);
    await q.query(`
      CREATE TABLE audit_event (
        seq bigint PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id uuid,
        actor_role text,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text,
        case_id uuid,
        request_id text,
        origin text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_event_case_idx ON audit_event (case_id, seq DESC) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id, seq DESC)`);
    await q.query(`
      CREATE FUNCTION audit_event_digest(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|',
          e.prev_hash, e.seq::text, e.id::text,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(e.actor_user_id::text, ''), coalesce(e.actor_role, ''), e.action, e.subject_type,
          coalesce(e.subject_id, ''), coalesce(e.case_id::text, ''), coalesce(e.request_id, ''),
          coalesce(e.origin, ''), e.details::text), 'UTF8')), 'hex')
      $$`);
    // The head row is locked until the inserting transaction commits, so the chain order is the commit order.
    await q.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE head audit_chain_head;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE singleton FOR UPDATE;
        NEW.seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.hash := audit_event_digest(NEW);
        UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE singleton;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await q.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_refuse_change, audit_event_chain, audit_event_digest`);
    await q.query(`DROP TABLE audit_chain_head, rate_limit, user_session, invitation, app_user, organisation`);
  }
}
