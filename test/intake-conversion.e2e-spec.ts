import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('intake: turning a registration into a case (e2e)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let counsellor: TestUser;
  let otherCoordinator: TestUser;
  let otherCounsellor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await t.factories.organisation('support_team', 'Conversie team');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    otherCoordinator = await t.factories.user('coordinator');
    otherCounsellor = await t.factories.user('counsellor', { organisationId: otherCoordinator.organisationId });
  });
  afterAll(() => t.close());

  const enter = async (over: Record<string, unknown> = {}): Promise<string> => {
    const res = await t.http().post('/api/registrations').set(bearer(coordinator)).send({
      route: 'parent', registrantType: 'mother', name: 'Sanne Testouder', email: `sanne-${Math.random().toString(36).slice(2)}@example.test`,
      regionCode: 'ijsselland', message: 'Graag contact.', consentToContact: true, channel: 'phone', ...over,
    }).expect(201);
    return res.body.id;
  };
  const patch = (id: string, body: object) => t.http().patch(`/api/registrations/${id}`).set(bearer(coordinator)).send(body);
  const convert = (id: string, body: object = {}, by: TestUser = coordinator) => t.http().post(`/api/registrations/${id}/case`).set(bearer(by)).send(body);
  const caseCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM case_file`))[0].n);

  it('makes the invited parent a participant of the new case the moment they accept', async () => {
    const email = `invited-${Math.random().toString(36).slice(2)}@example.test`;
    const id = await enter({ email });
    await patch(id, { status: 'contacted', assignedCounsellorId: counsellor.id }).expect(200);
    const converted = (await convert(id).expect(201)).body;
    expect(converted.invitation).toMatchObject({ email, status: 'sent' });
    const token = await t.mail.invitationToken(email);
    await t.http().post(`/api/invitations/${token}/accept`).send({ password: 'mijn-eigen-verhaal-2026' }).expect(201);
    const login = await t.http().post('/api/auth/login').send({ email, password: 'mijn-eigen-verhaal-2026' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const mine = await t.http().get('/api/cases').set(auth).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([converted.caseId]);
    const participants = await t.http().get(`/api/cases/${converted.caseId}/participants`).set(auth).expect(200);
    expect(participants.body).toEqual(expect.arrayContaining([expect.objectContaining({ userId: login.body.user.id, role: 'parent' })]));
  });

  it('mails the new lead counsellor a notice with the case reference and link, and nothing of the family', async () => {
    const id = await enter({ name: 'Noor Nietinmail' });
    await patch(id, { status: 'contacted', assignedCounsellorId: counsellor.id }).expect(200);
    const before = (await t.mail.to(counsellor.email)).length;
    const res = await convert(id).expect(201);
    expect(res.body.leadNotified).toBe(true);
    const mails = await t.mail.to(counsellor.email);
    expect(mails).toHaveLength(before + 1);
    const notice = mails.at(-1)!;
    expect(notice.subject).toContain(res.body.caseReference);
    expect(notice.text).toContain(`/cases/${res.body.caseId}`);
    expect(notice.text).not.toContain('Nietinmail');
    // Without a lead counsellor nobody is mailed.
    const unassigned = await enter();
    await patch(unassigned, { status: 'contacted' }).expect(200);
    expect((await convert(unassigned).expect(201)).body.leadNotified).toBe(false);
  });

  it('refuses a registration nobody has contacted yet', async () => {
    const id = await enter();
    const res = await convert(id).expect(422);
    expect(res.body).toMatchObject({ code: 'not_convertible', field: 'status' });
  });

  it('carries region, counsellor and registrant over, invites the parent, and links the two', async () => {
    const id = await enter();
    await patch(id, { status: 'contacted', assignedCounsellorId: counsellor.id }).expect(200);
    const before = (await t.http().get('/api/caseload').set(bearer(coordinator)).expect(200)).body.activeCases;
    const res = await convert(id).expect(201);
    expect(res.body).toMatchObject({
      registrationId: id, registrationStatus: 'in_guidance', regionCodes: ['ijsselland'], leadCounsellorId: counsellor.id, registrant: 'invited',
      invitation: { role: 'parent' },
    });
    expect(res.body.caseReference).toMatch(/^EV-\d{4}-\d{4}$/);
    // The link went by mail to the registrant only; the coordinator never holds it.
    expect(JSON.stringify(res.body)).not.toMatch(/\/invitation\//);
    expect(await t.mail.invitationToken(res.body.invitation.email)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const theCase = (await t.http().get(`/api/cases/${res.body.caseId}`).set(bearer(coordinator)).expect(200)).body;
    expect(theCase).toMatchObject({ id: res.body.caseId, regionCodes: ['ijsselland'] });
    expect(JSON.stringify(theCase)).toContain(counsellor.id);
    const registration = (await t.http().get(`/api/registrations/${id}`).set(bearer(coordinator)).expect(200)).body;
    expect(registration).toMatchObject({ status: 'in_guidance', caseId: res.body.caseId });
    expect(registration.history.at(-1)).toMatchObject({ from: 'contacted', to: 'in_guidance', changedById: coordinator.id });
    const [invitation] = await t.dataSource.query(`SELECT role, email FROM invitation WHERE id = $1`, [res.body.invitation.id]);
    expect(invitation).toEqual({ role: 'parent', email: registration.email });
    expect((await t.http().get('/api/caseload').set(bearer(coordinator)).expect(200)).body.activeCases).toBe(before + 1);
    const audit = await t.dataSource.query(`SELECT case_id FROM audit_event WHERE action = 'registration.converted' AND subject_id = $1`, [id]);
    expect(audit).toEqual([{ case_id: res.body.caseId }]);

    const again = await convert(id).expect(409);
    expect(again.body).toMatchObject({ code: 'already_converted', caseId: res.body.caseId });
  });

  it('dates the case from when the registration was received, not from when it was converted (the monitor counts from there)', async () => {
    const receivedAt = '2026-03-02T08:30:00.000Z';
    const id = await enter({ receivedAt });
    await patch(id, { status: 'contacted', statusChangedAt: '2026-03-03T09:00:00.000Z' }).expect(200);
    const { caseId } = (await convert(id).expect(201)).body;
    const [row] = await t.dataSource.query(`SELECT started_at, created_at FROM case_file WHERE id = $1`, [caseId]);
    expect(row.started_at.toISOString()).toBe(receivedAt);
    expect(row.created_at.getTime()).toBeGreaterThan(Date.parse(receivedAt));
  });

  it('never attaches an existing account: a registration with someone else’s address only mails its owner an invitation to accept', async () => {
    const parent = await t.factories.user('parent');
    const id = await enter({ email: parent.email });
    await patch(id, { status: 'contacted' }).expect(200);
    const res = await convert(id, { leadCounsellorId: counsellor.id, title: 'Gezin T.' }).expect(201);
    // The same answer as for an address without an account: the coordinator learns nothing.
    expect(res.body).toMatchObject({ registrant: 'invited', invitation: { role: 'parent', email: parent.email, status: 'sent' } });
    const participants = (await t.http().get(`/api/cases/${res.body.caseId}/participants`).set(bearer(coordinator)).expect(200)).body;
    expect(JSON.stringify(participants)).not.toContain(parent.id);
    // Not a participant, no consent to grant, nothing to read.
    await t.http().get(`/api/cases/${res.body.caseId}`).set(bearer(parent)).expect(404);
    await t.http().post(`/api/cases/${res.body.caseId}/consents`).set(bearer(parent)).send({ granteeUserId: counsellor.id, scopes: ['story'] }).expect(404);
    // The owner decides: they join only by accepting the mailed invitation while logged in.
    const [mail] = await t.mail.to(parent.email);
    expect(mail.text).toMatch(/U heeft al een account/);
    const token = await t.mail.invitationToken(parent.email);
    await t.http().post(`/api/invitations/${token}/join`).set(bearer(parent)).send({}).expect(200);
    await t.http().get(`/api/cases/${res.body.caseId}`).set(bearer(parent)).expect(200);
  });

  it('invites no one for a professional’s registration or without an email', async () => {
    const professional = await enter({ route: 'professional', registrantType: 'professional' });
    await patch(professional, { status: 'contacted' }).expect(200);
    expect((await convert(professional).expect(201)).body).toMatchObject({ registrant: 'not_a_parent_or_child', invitation: null });
    const child = await enter({ route: 'child', registrantType: 'child', email: undefined });
    await patch(child, { status: 'contacted' }).expect(200);
    expect((await convert(child).expect(201)).body).toMatchObject({ registrant: 'no_email', invitation: null, regionCodes: ['ijsselland'] });
  });

  it('writes nothing when the lead counsellor is not of the team, and hides foreign registrations', async () => {
    const id = await enter();
    await patch(id, { status: 'contacted' }).expect(200);
    const cases = await caseCount();
    const invitations = Number((await t.dataSource.query(`SELECT count(*) AS n FROM invitation`))[0].n);
    const res = await convert(id, { leadCounsellorId: otherCounsellor.id }).expect(400);
    expect(res.body.field).toBe('leadCounsellorId');
    expect(await caseCount()).toBe(cases);
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM invitation`))[0].n)).toBe(invitations);
    expect((await t.http().get(`/api/registrations/${id}`).set(bearer(coordinator)).expect(200)).body).toMatchObject({ status: 'contacted', caseId: null });
    await convert(id, {}, otherCoordinator).expect(404);
    await convert(id, {}, counsellor).expect(403);
  });
});
