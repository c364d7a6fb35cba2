import type { CaseStatus } from '../src/cases/case-vocabulary.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('intake: assignment suggestions, caseload and capacity (e2e)', () => {
  let t: TestApp;
  let team: { id: string };
  let coordinator: TestUser;
  let near: TestUser; // Rijnmond, full
  let nearFree: TestUser; // Rijnmond + Haaglanden, room
  let far: TestUser; // Twente, room
  let unknown: TestUser; // no profile yet
  let otherCoordinator: TestUser;
  let caseNo = 0;

  const addCase = async (lead: TestUser | null, status: string, regionCodes: string[], teamId = team.id) => {
    caseNo += 1;
    await t.factories.case({ reference: `EV-TEST-${caseNo}`, teamId, status: status as CaseStatus, leadId: lead?.id ?? null, regionCodes, createdById: coordinator.id });
  };
  const profile = (who: TestUser, body: object, by: TestUser = coordinator) =>
    t.http().put(`/api/counsellors/${who.id}/profile`).set(bearer(by)).send(body);
  const register = async (regionCode: string | null): Promise<string> => {
    const res = await t.http().post('/api/registrations').set(bearer(coordinator))
      .send({ route: 'parent', registrantType: 'father', name: 'Piet Testvader', message: 'Graag hulp.', consentToContact: true, ...(regionCode ? { regionCode } : {}) })
      .expect(201);
    return res.body.id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    team = await t.factories.organisation('support_team', 'Caseload team');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    near = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Anna Rijnmond' });
    nearFree = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bram Rijnmond' });
    far = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Cas Twente' });
    unknown = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Dirk Nieuw' });
    otherCoordinator = await t.factories.user('coordinator');
    for (let i = 0; i < 3; i += 1) await addCase(near, 'active', ['rijnmond']);
    await addCase(nearFree, 'active', ['rijnmond', 'haaglanden']);
    await addCase(nearFree, 'intake', ['haaglanden']);
    await addCase(nearFree, 'closed', ['haaglanden']); // not active: does not count
    await addCase(null, 'active', ['drenthe']); // no lead yet, a region nobody covers
    await addCase(far, 'active', ['twente'], otherCoordinator.organisationId!); // another team's: does not count
  });
  afterAll(() => t.close());

  it('sets counsellor profiles: capacity and regions where they live or work', async () => {
    const res = await profile(near, { capacity: 3, regionCodes: ['rijnmond'] }).expect(200);
    expect(res.body).toMatchObject({ counsellorId: near.id, capacity: 3, regionCodes: ['rijnmond'] });
    await profile(nearFree, { capacity: 10, regionCodes: ['rijnmond', 'haaglanden'] }).expect(200);
    await profile(far, { capacity: 5, regionCodes: ['twente'] }).expect(200);
    const audit = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'counsellor_profile.updated' AND subject_id = $1`, [near.id]);
    expect(audit).toEqual([{ details: { capacity: 3, regionCodes: ['rijnmond'] } }]);
  });

  it('refuses bad profiles and counsellors of other teams', async () => {
    expect((await profile(near, { capacity: 3, regionCodes: ['atlantis'] }).expect(400)).body.message.join(' ')).toContain('regionCodes');
    expect((await profile(near, { capacity: -1, regionCodes: [] }).expect(400)).body.message.join(' ')).toContain('capacity');
    await profile(near, { capacity: 3, regionCodes: [] }, otherCoordinator).expect(404);
    await profile(coordinator, { capacity: 3, regionCodes: [] }).expect(404); // not a counsellor
    await profile(near, { capacity: 3, regionCodes: [] }, near).expect(403);
    const [row] = await t.dataSource.query(`SELECT capacity, region_codes FROM counsellor_profile WHERE user_id = $1`, [near.id]);
    expect(row).toEqual({ capacity: 3, region_codes: ['rijnmond'] });
  });

  it('suggests counsellors by region first, then by free capacity', async () => {
    const id = await register('rijnmond');
    const res = await t.http().get(`/api/registrations/${id}/suggestions`).set(bearer(coordinator)).expect(200);
    expect(res.body.regionCode).toBe('rijnmond');
    expect(res.body.suggestions.map((s: { counsellorId: string }) => s.counsellorId)).toEqual([nearFree.id, near.id, far.id, unknown.id]);
    expect(res.body.suggestions[0]).toMatchObject({ regionMatch: true, activeCases: 2, capacity: 10, freeCapacity: 8, reasons: ['region_match', 'free_capacity'] });
    expect(res.body.suggestions[1]).toMatchObject({ regionMatch: true, activeCases: 3, capacity: 3, freeCapacity: 0, reasons: ['region_match', 'at_capacity'] });
    expect(res.body.suggestions[3]).toMatchObject({ regionMatch: false, capacity: null, reasons: ['capacity_unknown'] });

    const twente = await register('twente');
    const forTwente = await t.http().get(`/api/registrations/${twente}/suggestions`).set(bearer(coordinator)).expect(200);
    expect(forTwente.body.suggestions[0].counsellorId).toBe(far.id);

    const none = await register(null);
    const byCapacity = await t.http().get(`/api/registrations/${none}/suggestions`).set(bearer(coordinator)).expect(200);
    expect(byCapacity.body.suggestions.map((s: { counsellorId: string }) => s.counsellorId)).toEqual([nearFree.id, far.id, unknown.id, near.id]);

    await t.http().get(`/api/registrations/${id}/suggestions`).set(bearer(otherCoordinator)).expect(404);
    // Following the suggestion: the assignment takes.
    const assigned = await t.http().patch(`/api/registrations/${id}`).set(bearer(coordinator)).send({ assignedCounsellorId: nearFree.id }).expect(200);
    expect(assigned.body.assignedCounsellorId).toBe(nearFree.id);
  });

  it('shows the caseload: team capacity, active cases per counsellor, regions covered and under-covered', async () => {
    await register('zeeland'); // nobody covers Zeeland
    const res = await t.http().get('/api/caseload').set(bearer(coordinator)).expect(200);
    const body = res.body;
    expect(body).toMatchObject({ teamId: team.id, teamCapacity: 120, teamCapacityConfigured: false, activeCases: 6, freeCapacity: 114 });
    expect(body.openRegistrations).toBe(4);
    const byId = new Map(body.counsellors.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(near.id)).toEqual({ id: near.id, displayName: 'Anna Rijnmond', activeCases: 3, capacity: 3, freeCapacity: 0, regionCodes: ['rijnmond'] });
    expect(byId.get(nearFree.id)).toMatchObject({ activeCases: 2, capacity: 10, regionCodes: ['rijnmond', 'haaglanden'] });
    expect(byId.get(far.id)).toMatchObject({ activeCases: 0, capacity: 5 });
    expect(byId.get(unknown.id)).toMatchObject({ activeCases: 0, capacity: null, regionCodes: [] });
    expect(body.regionsCovered.map((r: { code: string }) => r.code)).toEqual(['haaglanden', 'rijnmond', 'twente']);
    expect(body.regionsCovered.find((r: { code: string }) => r.code === 'rijnmond')).toMatchObject({ name: 'Rijnmond', counsellors: 2, freeCapacity: 8, activeCases: 4, openRegistrations: 1 });
    expect(body.regionsUnderCovered).toEqual([
      expect.objectContaining({ code: 'drenthe', reason: 'no_counsellor', activeCases: 1 }),
      expect.objectContaining({ code: 'zeeland', reason: 'no_counsellor', openRegistrations: 1 }),
    ]);
    // Counsellors can take 18 together, less than the team's 120.
    expect(body.warnings.map((w: { code: string }) => w.code)).toEqual(['counsellor_capacity_below_team_capacity']);
  });

  it('warns when intake would exceed capacity, and grows capacity from 120 to 150', async () => {
    await t.http().put('/api/team/capacity').set(bearer(coordinator)).send({ capacity: 8 }).expect(200);
    const tight = (await t.http().get('/api/caseload').set(bearer(coordinator)).expect(200)).body;
    expect(tight).toMatchObject({ teamCapacity: 8, teamCapacityConfigured: true, activeCases: 6 });
    expect(tight.warnings.map((w: { code: string }) => w.code)).toContain('intake_exceeds_capacity');
    expect(tight.warnings.map((w: { code: string }) => w.code)).not.toContain('team_at_capacity');
    await t.http().put('/api/team/capacity').set(bearer(coordinator)).send({ capacity: 6 }).expect(200);
    const full = (await t.http().get('/api/caseload').set(bearer(coordinator)).expect(200)).body;
    expect(full.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['team_at_capacity', 'intake_exceeds_capacity']));

    const grown = await t.http().put('/api/team/capacity').set(bearer(coordinator)).send({ capacity: 150 }).expect(200);
    expect(grown.body).toEqual({ teamId: team.id, capacity: 150 });
    const roomy = (await t.http().get('/api/caseload').set(bearer(coordinator)).expect(200)).body;
    expect(roomy.teamCapacity).toBe(150);
    expect(roomy.warnings.map((w: { code: string }) => w.code)).not.toContain('intake_exceeds_capacity');
    // The other team is untouched.
    const theirs = (await t.http().get('/api/caseload').set(bearer(otherCoordinator)).expect(200)).body;
    expect(theirs).toMatchObject({ teamCapacity: 120, activeCases: 1, counsellors: [] });
  });

  it('lets an admin configure a team’s capacity by id; refuses bad input', async () => {
    const admin = await t.factories.user('admin');
    await t.http().put('/api/team/capacity').set(bearer(admin)).send({ capacity: 140, teamId: team.id }).expect(200);
    expect((await t.dataSource.query(`SELECT capacity FROM team_capacity WHERE team_id = $1`, [team.id]))[0].capacity).toBe(140);
    expect((await t.http().put('/api/team/capacity').set(bearer(admin)).send({ capacity: 140 }).expect(400)).body.field).toBe('teamId');
    const partnerOrg = await t.factories.organisation('youth_protection');
    expect((await t.http().put('/api/team/capacity').set(bearer(admin)).send({ capacity: 140, teamId: partnerOrg.id }).expect(400)).body.field).toBe('teamId');
    expect((await t.http().put('/api/team/capacity').set(bearer(coordinator)).send({ capacity: 140, teamId: otherCoordinator.organisationId }).expect(400)).body.field).toBe('teamId');
    expect((await t.http().put('/api/team/capacity').set(bearer(coordinator)).send({ capacity: -5 }).expect(400)).body.message.join(' ')).toContain('capacity');
    // Admins configure; they never see the caseload or registrations.
    await t.http().get('/api/caseload').set(bearer(admin)).expect(403);
    await t.http().get('/api/caseload').set(bearer(near)).expect(403);
  });
});
