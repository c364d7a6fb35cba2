import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the case file: status history, children, results, the parent's story (versioned),
 * consent, shared updates and handovers. Every table hangs off case_file and is deleted with it.
 */
export class CaseFile1764000002000 implements MigrationInterface {
  name = 'CaseFile1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_status_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        changed_by_id uuid REFERENCES app_user(id),
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX case_status_history_case_idx ON case_status_history (case_id, changed_at DESC)`);

    await q.query(`
      CREATE TABLE case_child (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        first_name text CHECK (first_name IS NULL OR length(first_name) BETWEEN 1 AND 100),
        birth_year integer NOT NULL CHECK (birth_year BETWEEN 1980 AND 2200),
        placement text NOT NULL CHECK (placement IN ('home','foster_family','family_home','residential','other','unknown')),
        protection_measure text NOT NULL CHECK (protection_measure IN ('none','supervision_order','guardianship','other','unknown')),
        placed_since date,
        created_by_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_child_case_idx ON case_child (case_id, created_at)`);

    await q.query(`
      CREATE TABLE case_result (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('file_inspection','relation_improved','care_arranged','visiting_arrangement',
          'contact_restored','court_documents','board_talk_prepared','housing','therapy','case_handler','returned_home','other')),
        date date NOT NULL,
        note text CHECK (note IS NULL OR length(note) <= 2000),
        created_by_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_result_case_idx ON case_result (case_id, date DESC)`);

    await q.query(`
      CREATE TABLE case_story_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        sections jsonb NOT NULL,
        written_by_id uuid NOT NULL REFERENCES app_user(id),
        written_with_parent boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_by_parent_at timestamptz,
        confirmed_by_id uuid REFERENCES app_user(id),
        UNIQUE (case_id, version)
      )`);

    await q.query(`
      CREATE TABLE case_consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        grantee_user_id uuid REFERENCES app_user(id),
        grantee_organisation_id uuid REFERENCES organisation(id),
        scopes text[] NOT NULL CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['story','updates','children']::text[]),
        expires_at timestamptz,
        granted_by_id uuid NOT NULL REFERENCES app_user(id),
        recorded_by_id uuid NOT NULL REFERENCES app_user(id),
        given_in_person boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by_id uuid REFERENCES app_user(id),
        CHECK ((grantee_user_id IS NULL) <> (grantee_organisation_id IS NULL))
      )`);
    await q.query(`CREATE INDEX case_consent_case_idx ON case_consent (case_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX case_consent_user_idx ON case_consent (grantee_user_id) WHERE grantee_user_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE case_update (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        author_id uuid REFERENCES app_user(id),
        kind text NOT NULL DEFAULT 'note' CHECK (kind IN ('note','handover')),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        visibility text NOT NULL CHECK (visibility IN ('everyone','professionals')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX case_update_case_idx ON case_update (case_id, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE case_handover_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        requested_by_id uuid NOT NULL REFERENCES app_user(id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query(`CREATE INDEX case_handover_request_case_idx ON case_handover_request (case_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE case_handover (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        from_counsellor_id uuid REFERENCES app_user(id),
        to_counsellor_id uuid NOT NULL REFERENCES app_user(id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        previous_counsellor_stays boolean NOT NULL,
        performed_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_handover_case_idx ON case_handover (case_id, created_at DESC)`);
    // The case list pages by (created_at, id); participants' lists start from their memberships.
    await q.query(`CREATE INDEX case_file_team_page_idx ON case_file (team_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_file_team_page_idx`);
    await q.query(`DROP TABLE case_handover, case_handover_request, case_update, case_consent, case_story_version, case_result, case_child, case_status_history`);
  }
}
