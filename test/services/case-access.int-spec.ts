import type { TestUser } from '../helpers/factories.js';
import { createServiceContext, type ServiceContext } from '../helpers/service-context.js';
import { CaseAccessService } from '../../src/cases/case-access.service.js';
import { ParticipantsService } from '../../src/cases/participants.service.js';

/**
 * The case access rule at service level, without HTTP: who sees which of several cases, with which
 * consent scopes, in one call (the routes only ever ask for one case at a time).
 */
describe('CaseAccessService and ParticipantsService (service level)', () => {
  let s: ServiceContext;
  let counsellor: TestUser;
  let coordinator: TestUser;
  let parent: TestUser;
  let guardian: TestUser;
  let admin: TestUser;
  let mine: string;
  let teamOnly: string;
  let foreign: string;

  beforeAll(async () => {
    s = await createServiceContext();
    const f = s.factories;
    const team = await f.organisation('support_team');
    counsellor = await f.user('counsellor', { organisationId: team.id });
    coordinator = await f.user('coordinator', { organisationId: team.id });
    parent = await f.user('parent');
    guardian = await f.user('partner');
    admin = await f.user('admin', { organisationId: null });
    mine = (await f.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, status: 'active' })).id;
    teamOnly = (await f.case({ teamId: team.id, createdById: coordinator.id })).id;
    foreign = (await f.case({ createdById: coordinator.id })).id;
    await f.participant(mine, counsellor.id, 'counsellor');
    await f.participant(mine, parent.id, 'parent');
    await f.participant(mine, guardian.id, 'guardian');
    await f.participant(teamOnly, guardian.id, 'guardian');
    await f.consent(mine, { grantedById: parent.id, granteeUserId: guardian.id, scopes: ['story', 'updates'] });
    await f.consent(mine, { grantedById: parent.id, granteeOrganisationId: guardian.organisationId!, scopes: ['children'], revoked: true });
    await f.consent(teamOnly, { grantedById: parent.id, granteeUserId: guardian.id, scopes: ['story'], expiresAt: new Date(Date.now() - 60_000) });
  });
  afterAll(() => s.close());

  const visible = async (user: TestUser, ids: string[]) =>
    s.as(user, async (auth) => (await s.get(CaseAccessService).accessTo(auth, ids)).map((a) => a.caseId).sort());

  it('answers several cases in one call: participants see theirs, coordinators their team’s, admins none, unknown ids nothing', async () => {
    const all = [mine, teamOnly, foreign, s.factories.randomId()];
    expect(await visible(counsellor, all)).toEqual([mine]);
    expect(await visible(parent, all)).toEqual([mine]);
    expect(await visible(guardian, all)).toEqual([mine, teamOnly].sort());
    expect(await visible(coordinator, all)).toEqual([mine, teamOnly].sort());
    expect(await visible(admin, all)).toEqual([]);
  });

  it('carries only live consent scopes: revoked and expired consents open nothing', async () => {
    const access = await s.as(guardian, async (auth) => s.get(CaseAccessService).accessTo(auth, [mine, teamOnly]));
    const byCase = new Map(access.map((a) => [a.caseId, a]));
    expect(byCase.get(mine)?.consentScopes.sort()).toEqual(['story', 'updates']);
    expect(byCase.get(teamOnly)?.consentScopes).toEqual([]);
    expect(byCase.get(mine)?.participantRole).toBe('guardian');
    expect(byCase.get(mine)?.isTeamCoordinator).toBe(false);
  });

  it('a foreign case is the same not_found as an unknown one', async () => {
    for (const id of [foreign, s.factories.randomId()]) {
      await expect(s.as(counsellor, (auth) => s.get(CaseAccessService).requireCase(auth, id))).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('adds a participant by e-mail in any letter case, with its audit event in the same transaction; a refusal leaves nothing behind', async () => {
    const child = await s.factories.user('child', { email: `Kind.${Date.now()}@Example.test` });
    const added = await s.as(counsellor, (auth) => s.get(ParticipantsService).addParticipant(auth, mine, { email: child.email.toUpperCase(), role: 'child' }));
    expect(added).toMatchObject({ userId: child.id, role: 'child' });
    const [event] = await s.dataSource.query(`SELECT actor_user_id, case_id, subject_id FROM audit_event WHERE action = 'case.participant.added' AND subject_id = $1`, [child.id]);
    expect(event).toEqual({ actor_user_id: counsellor.id, case_id: mine, subject_id: child.id });

    const events = async () => Number((await s.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE case_id = $1`, [teamOnly]))[0].n);
    const before = await events();
    // A partner may not manage the case: refused before anything is written.
    await expect(s.as(guardian, (auth) => s.get(ParticipantsService).addParticipant(auth, teamOnly, { userId: child.id, role: 'child' })))
      .rejects.toMatchObject({ code: 'forbidden' });
    const rows = await s.dataSource.query(`SELECT 1 FROM case_participant WHERE case_id = $1 AND user_id = $2`, [teamOnly, child.id]);
    expect(rows).toEqual([]);
    expect(await events()).toBe(before);
  });
});
