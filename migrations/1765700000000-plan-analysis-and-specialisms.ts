import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The vocabulary that issues 18 and 19 share, laid down once before either builds on it:
 * - two new consent scopes, `plan` and `analysis`: a partner reads a case's plan or its shared
 *   explanatory analysis only when the parents' consent names it;
 * - an expert's `specialism`, kept on the account: consultations go to a specialism, and only an
 *   expert in `behavioural_science` signs off an analysis. Only experts carry one.
 */
export class PlanAnalysisAndSpecialisms1765700000000 implements MigrationInterface {
  name = 'PlanAnalysisAndSpecialisms1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_consent DROP CONSTRAINT case_consent_scopes_check`);
    await q.query(`ALTER TABLE case_consent ADD CONSTRAINT case_consent_scopes_check
      CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['story','updates','children','plan','analysis']::text[])`);
    await q.query(`ALTER TABLE app_user ADD COLUMN specialism text
      CHECK (specialism IN ('child_psychiatry','youth_protection_law','custom_solutions','behavioural_science','other'))`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_specialism_expert_check CHECK (specialism IS NULL OR role = 'expert')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_specialism_expert_check`);
    await q.query(`ALTER TABLE app_user DROP COLUMN specialism`);
    await q.query(`ALTER TABLE case_consent DROP CONSTRAINT case_consent_scopes_check`);
    await q.query(`ALTER TABLE case_consent ADD CONSTRAINT case_consent_scopes_check
      CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['story','updates','children']::text[])`);
  }
}
