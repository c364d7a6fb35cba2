import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The case file and who takes part in it: the base every case-scoped module builds on. */
export class CasesCore1764000001000 implements MigrationInterface {
  name = 'CasesCore1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_reference_counter (
        year integer PRIMARY KEY,
        last_value integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE case_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        team_id uuid NOT NULL REFERENCES organisation(id),
        status text NOT NULL DEFAULT 'intake' CHECK (status IN ('intake','active','dormant','closed','not_started','out_of_scope')),
        lead_counsellor_id uuid REFERENCES app_user(id),
        region_codes text[] NOT NULL DEFAULT '{}',
        household_composition text NOT NULL DEFAULT 'unknown'
          CHECK (household_composition IN ('single_parent','two_parents','blended','other','unknown')),
        registrant_has_custody boolean,
        placement_reasons text[] NOT NULL DEFAULT '{}',
        desired_situation text[] NOT NULL DEFAULT '{}',
        support_requests text[] NOT NULL DEFAULT '{}',
        created_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_file_team_idx ON case_file (team_id, created_at DESC)`);
    await q.query(`CREATE INDEX case_file_lead_idx ON case_file (lead_counsellor_id)`);
    await q.query(`
      CREATE TABLE case_participant (
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        role text NOT NULL CHECK (role IN ('counsellor','parent','child','guardian','board','foster_parent','expert','coordinator','other')),
        added_by_id uuid REFERENCES app_user(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, user_id)
      )`);
    await q.query(`CREATE INDEX case_participant_user_idx ON case_participant (user_id, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_participant, case_file, case_reference_counter`);
  }
}
