import type { Role } from '../src/accounts/roles.js';
import { bearer, type TestUser } from './helpers/factories.js';
import type { TestApp } from './helpers/test-app.js';

export interface CaseWorld {
  teamId: string;
  coordinator: TestUser;
  counsellor: TestUser;
  counsellor2: TestUser;
  parent: TestUser;
  partnerOrgId: string;
  partner: TestUser;
  foster: TestUser;
  child: TestUser;
  expert: TestUser;
  admin: TestUser;
}

/** A support team with its people, a partner organisation, a family: the cast of most case tests. */
export async function caseWorld(t: TestApp): Promise<CaseWorld> {
  const team = await t.factories.organisation('support_team', 'Testteam');
  const partnerOrg = await t.factories.organisation('youth_protection', 'Jeugdbescherming Test');
  const fosterOrg = await t.factories.organisation('foster_care', 'Pleegzorg Test');
  const expertOrg = await t.factories.organisation('expert_pool', 'Expertpool Test');
  const u = (role: Role, organisationId: string | null, displayName?: string) => t.factories.user(role, { organisationId, displayName });
  return {
    teamId: team.id,
    coordinator: await u('coordinator', team.id, 'Carla Coördinator'),
    counsellor: await u('counsellor', team.id, 'Bram Begeleider'),
    counsellor2: await u('counsellor', team.id, 'Fleur Begeleider'),
    parent: await u('parent', null, 'Olga Ouder'),
    partnerOrgId: partnerOrg.id,
    partner: await u('partner', partnerOrg.id, 'Gijs Gezinsvoogd'),
    foster: await u('foster_parent', fosterOrg.id, 'Pim Pleegouder'),
    child: await u('child', null, 'Kiki Kind'),
    expert: await u('expert', expertOrg.id, 'Eva Expert'),
    admin: await u('admin', null, 'Ad Beheer'),
  };
}

/** A case opened through the API by a counsellor (who then leads it), with these participants. */
export async function createCase(t: TestApp, lead: TestUser, title: string, participants: ReadonlyArray<readonly [TestUser, string]> = []): Promise<string> {
  const caseId: string = (await t.http().post('/api/cases').set(bearer(lead)).send({ title }).expect(201)).body.id;
  for (const [user, role] of participants) {
    await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(lead)).send({ userId: user.id, role }).expect(201);
  }
  return caseId;
}

/** A conversation in a case, started through the API with these members. */
export async function createThread(t: TestApp, by: TestUser, caseId: string, title: string, members: TestUser[]): Promise<string> {
  return (await t.http().post(`/api/cases/${caseId}/threads`).set(bearer(by)).send({ title, memberIds: members.map((m) => m.id) }).expect(201)).body.id;
}

