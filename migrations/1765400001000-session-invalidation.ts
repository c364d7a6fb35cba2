import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session caches (issue 15): whatever changes a session or a user that sessions carry — the app,
 * another module, an administrator with plain SQL — tells every node at commit, on the channel the
 * nodes' session bus listens to (PostgreSQL LISTEN/NOTIFY; with REDIS_URL the nodes listen on Redis
 * instead and rely on the app's own announcements). NOTIFY is delivered only if the transaction
 * commits, and identical notifications of one transaction are sent once.
 * - `sessions`: a session ended (revoked): dropped from caches, its sockets closed;
 * - `refreshSessions`: a session's state changed (second factor passed): dropped from caches;
 * - `users`: disabled, another role or organisation: all their sessions dropped, sockets closed;
 * - `refresh`: a new password (the other sessions end by their own revocation), name, e-mail or
 *   second-factor enrolment changed: dropped from caches, sockets stay.
 */
export class SessionInvalidation1765400001000 implements MigrationInterface {
  name = 'SessionInvalidation1765400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION session_cache_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE kind text;
      BEGIN
        IF TG_TABLE_NAME = 'user_session' THEN
          kind := CASE WHEN OLD.revoked_at IS DISTINCT FROM NEW.revoked_at THEN 'sessions' ELSE 'refreshSessions' END;
        ELSE
          kind := CASE WHEN OLD.disabled_at IS DISTINCT FROM NEW.disabled_at OR OLD.role IS DISTINCT FROM NEW.role
                         OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
                       THEN 'users' ELSE 'refresh' END;
        END IF;
        PERFORM pg_notify('eenverhaal_sessions', json_build_object(kind, json_build_array(NEW.id))::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER user_session_cache_invalidate AFTER UPDATE OF revoked_at, second_factor ON user_session
        FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.second_factor IS DISTINCT FROM NEW.second_factor)
        EXECUTE FUNCTION session_cache_invalidate()`);
    await q.query(`
      CREATE TRIGGER app_user_cache_invalidate
        AFTER UPDATE OF disabled_at, role, organisation_id, password_hash, email, display_name, totp_enabled_at ON app_user
        FOR EACH ROW WHEN (OLD.disabled_at IS DISTINCT FROM NEW.disabled_at OR OLD.role IS DISTINCT FROM NEW.role
          OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
          OR OLD.email IS DISTINCT FROM NEW.email OR OLD.display_name IS DISTINCT FROM NEW.display_name
          OR OLD.totp_enabled_at IS DISTINCT FROM NEW.totp_enabled_at)
        EXECUTE FUNCTION session_cache_invalidate()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER app_user_cache_invalidate ON app_user`);
    await q.query(`DROP TRIGGER user_session_cache_invalidate ON user_session`);
    await q.query(`DROP FUNCTION session_cache_invalidate()`);
  }
}
