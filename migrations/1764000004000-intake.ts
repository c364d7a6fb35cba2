import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake: registrations (with or without an account), the history of their status so any month-end
 * status can be reconstructed, counsellor profiles (capacity, regions) and the team's capacity.
 */
export class Intake1764000004000 implements MigrationInterface {
  name = 'Intake1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registration_reference_counter (
        year integer PRIMARY KEY,
        last_value integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE registration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        team_id uuid NOT NULL REFERENCES organisation(id),
        channel text NOT NULL CHECK (channel IN ('web','phone','email','letter','in_person','other')),
        route text NOT NULL CHECK (route IN ('parent','child','professional','other')),
        registrant_type text NOT NULL CHECK (registrant_type IN ('mother','father','both_parents','child','professional','other')),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        email text CHECK (length(email) <= 254),
        phone text CHECK (length(phone) <= 40),
        municipality text CHECK (length(municipality) <= 100),
        region_code text,
        message text NOT NULL CHECK (length(btrim(message)) BETWEEN 1 AND 10000),
        consent_to_contact_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        contact_due_at timestamptz NOT NULL,
        welcome_due_at timestamptz NOT NULL,
        entered_by_id uuid REFERENCES app_user(id),
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new','contacted','welcome_planned','in_guidance',
          'out_of_scope','closed','dormant','not_started')),
        first_contact_at timestamptz CHECK (first_contact_at >= received_at),
        welcome_talk_planned_at timestamptz CHECK (welcome_talk_planned_at >= received_at),
        welcome_talk_date date,
        assigned_counsellor_id uuid REFERENCES app_user(id),
        out_of_scope_reason text CHECK (length(out_of_scope_reason) <= 1000),
        case_id uuid REFERENCES case_file(id),
        invitation_id uuid REFERENCES invitation(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX registration_team_idx ON registration (team_id, status)`);
    await q.query(`CREATE INDEX registration_counsellor_idx ON registration (assigned_counsellor_id)`);
    // Every change of status, with who and when. `changed_at` is when the change took effect (e.g. the
    // first phone contact); `recorded_at` is when it was entered. The first row of each registration
    // (from_status NULL, to 'new') takes effect at received_at.
    await q.query(`
      CREATE TABLE registration_status_history (
        seq bigserial PRIMARY KEY,
        registration_id uuid NOT NULL REFERENCES registration(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        changed_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        changed_by_id uuid REFERENCES app_user(id)
      )`);
    await q.query(`CREATE INDEX registration_status_history_idx ON registration_status_history (registration_id, changed_at DESC, seq DESC)`);
    // The status of every registration as it stood at an instant (e.g. the end of a month), for the monitor.
    await q.query(`
      CREATE FUNCTION registration_status_at(at_instant timestamptz)
      RETURNS TABLE (registration_id uuid, team_id uuid, status text)
      LANGUAGE sql STABLE AS $$
        SELECT DISTINCT ON (h.registration_id) h.registration_id, r.team_id, h.to_status
          FROM registration_status_history h
          JOIN registration r ON r.id = h.registration_id
         WHERE h.changed_at <= at_instant AND r.received_at <= at_instant
         ORDER BY h.registration_id, h.changed_at DESC, h.seq DESC
      $$`);
    await q.query(`
      CREATE TABLE counsellor_profile (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        capacity integer CHECK (capacity BETWEEN 0 AND 1000),
        region_codes text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_id uuid REFERENCES app_user(id)
      )`);
    await q.query(`
      CREATE TABLE team_capacity (
        team_id uuid PRIMARY KEY REFERENCES organisation(id) ON DELETE CASCADE,
        capacity integer NOT NULL CHECK (capacity BETWEEN 0 AND 100000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_id uuid REFERENCES app_user(id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION registration_status_at(timestamptz)`);
    await q.query(`DROP TABLE team_capacity, counsellor_profile, registration_status_history, registration, registration_reference_counter`);
  }
}
