import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: one family, one plan, and the shared explanatory analysis.
 * - `plan_goal` / `plan_action` (src/plan): goals with an owner (the parents' side or the
 *   professionals'), actions with an owner, due date, recurrence and status. `(id, case_id)` is
 *   unique so that an action, and a result, can only point at a goal of their own case.
 * - `case_result.goal_id`: a small step towards a goal; the composite foreign key lets the database
 *   refuse a goal of another case, so the cases module never reads the plan's tables.
 * Times are `clock_timestamp()`: several goals or positions written in one transaction (the demo)
 *   keep the order they were written in.
 * - `analysis_version` / `analysis_position` (src/analysis): every save is a new version (never
 *   overwritten); a position belongs to the version it was given on.
 */
export class PlanAndAnalysis1765710000000 implements MigrationInterface {
  name = 'PlanAndAnalysis1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_goal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text CHECK (description IS NULL OR length(description) <= 4000),
        owner text NOT NULL CHECK (owner IN ('parent','child','family','team','partner')),
        owner_user_id uuid REFERENCES app_user(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','achieved','dropped')),
        dropped_by_id uuid REFERENCES app_user(id),
        dropped_reason text CHECK (dropped_reason IS NULL OR length(dropped_reason) <= 2000),
        created_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (id, case_id)
      )`);
    await q.query(`CREATE INDEX plan_goal_case_idx ON plan_goal (case_id, created_at)`);
    await q.query(`
      CREATE TABLE plan_action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        goal_id uuid NOT NULL,
        case_id uuid NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        owner_user_id uuid REFERENCES app_user(id),
        due_date date,
        recurrence text NOT NULL DEFAULT 'none' CHECK (recurrence IN ('none','weekly','monthly')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','doing','done')),
        done_at timestamptz,
        created_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (goal_id, case_id) REFERENCES plan_goal (id, case_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX plan_action_goal_idx ON plan_action (goal_id, created_at)`);
    await q.query(`ALTER TABLE case_result ADD COLUMN goal_id uuid`);
    await q.query(`ALTER TABLE case_result ADD CONSTRAINT case_result_goal_fk FOREIGN KEY (goal_id, case_id) REFERENCES plan_goal (id, case_id)`);
    await q.query(`CREATE INDEX case_result_goal_idx ON case_result (goal_id) WHERE goal_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE analysis_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','final')),
        sections jsonb NOT NULL,
        written_by_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        signed_off_by_id uuid REFERENCES app_user(id),
        signed_off_at timestamptz,
        UNIQUE (case_id, version),
        CHECK ((status = 'final') = (signed_off_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE analysis_position (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        version integer NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id),
        role text NOT NULL,
        section_key text NOT NULL CHECK (section_key IN ('situation','explanations','risks','protective_factors','earlier_help','hypotheses','agreements')),
        stance text NOT NULL CHECK (stance IN ('agree','disagree','addition')),
        text text CHECK (text IS NULL OR length(text) <= 4000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (case_id, version) REFERENCES analysis_version (case_id, version) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX analysis_position_version_idx ON analysis_position (case_id, version, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analysis_position, analysis_version`);
    await q.query(`ALTER TABLE case_result DROP COLUMN goal_id`);
    await q.query(`DROP TABLE plan_action, plan_goal`);
  }
}
