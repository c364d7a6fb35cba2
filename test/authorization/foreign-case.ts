import type { TestApp } from '../helpers/test-app.js';

/**
 * The usual foreign world of a case's routes: a case of ANOTHER support team, led by its one
 * counsellor, in which no matrix caller takes part.
 */
export async function foreignCase(t: TestApp, teamName: string, title: string): Promise<{ caseId: string; counsellorId: string }> {
  const team = await t.factories.organisation('support_team', teamName);
  const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
  const c = await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title });
  await t.factories.participant(c.id, counsellor.id, 'counsellor');
  return { caseId: c.id, counsellorId: counsellor.id };
}
