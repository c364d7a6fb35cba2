import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19, the expert pool:
 * - an invitation of an expert carries the expert's specialism (required for experts, refused for
 *   anyone else; invitations sent before this have none), which the account takes on acceptance;
 * - `consultation`: a counsellor's question about a case to one expert, on a recorded basis (the
 *   parents' consent, with the consent that backs it, or professional need). The expert sees the
 *   case only through `summary`, a pseudonymised snapshot built by the server from vocabulary codes
 *   and years (never free text), and `pseudonym`, a random name for the family;
 * - `consultation_message`: the conversation between the asking counsellor and the expert.
 */
export class ExpertPoolConsultations1765720000000 implements MigrationInterface {
  name = 'ExpertPoolConsultations1765720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitation ADD COLUMN specialism text
      CHECK (specialism IN ('child_psychiatry','youth_protection_law','custom_solutions','behavioural_science','other'))`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_specialism_expert_check
      CHECK (specialism IS NULL OR role = 'expert')`);
    await q.query(`
      CREATE TABLE consultation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
        pseudonym text NOT NULL UNIQUE,
        expert_id uuid NOT NULL REFERENCES app_user(id),
        asked_by_id uuid NOT NULL REFERENCES app_user(id),
        specialism text NOT NULL CHECK (specialism IN ('child_psychiatry','youth_protection_law','custom_solutions','behavioural_science','other')),
        basis text NOT NULL CHECK (basis IN ('parent_consent','professional_need')),
        consent_id uuid,
        question text NOT NULL,
        summary jsonb NOT NULL,
        status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','answered','closed')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        answered_at timestamptz,
        closed_at timestamptz,
        closed_by_id uuid REFERENCES app_user(id),
        CHECK ((basis = 'parent_consent') = (consent_id IS NOT NULL)),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX consultation_expert_open_idx ON consultation (expert_id, created_at, id) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX consultation_expert_idx ON consultation (expert_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX consultation_asked_by_idx ON consultation (asked_by_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX consultation_case_expert_idx ON consultation (case_id, expert_id) WHERE status <> 'closed'`);
    await q.query(`
      CREATE TABLE consultation_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consultation_id uuid NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES app_user(id),
        author_side text NOT NULL CHECK (author_side IN ('counsellor','expert')),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX consultation_message_idx ON consultation_message (consultation_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consultation_message`);
    await q.query(`DROP TABLE consultation`);
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_specialism_expert_check`);
    await q.query(`ALTER TABLE invitation DROP COLUMN specialism`);
  }
}
