import { RegistrationsService } from '../src/intake/registrations.service.js';
import { REFERENCE_PATTERN } from '../src/intake/registrations.repository.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { formToken } from './intake.helpers.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe('intake: registrations, targets, status history (e2e)', () => {
  let t: TestApp;
  let team: { id: string };
  let coordinator: TestUser;
  let counsellor: TestUser;
  let otherCoordinator: TestUser;
  let otherCounsellor: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ INTAKE_MAX_PER_ADDRESS: '10000' });
    // The oldest support team receives public registrations when the region does not decide.
    team = await t.factories.organisation('support_team', 'Intake team');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    otherCoordinator = await t.factories.user('coordinator');
    otherCounsellor = await t.factories.user('counsellor', { organisationId: otherCoordinator.organisationId });
  });
  afterAll(() => t.close());

  const valid = (over: Record<string, unknown> = {}) => ({
    route: 'parent', registrantType: 'mother', name: 'Marja Testmoeder', email: 'marja@example.test', phone: '06 12345678',
    municipality: 'Zwolle', regionCode: 'ijsselland', message: 'Mijn kinderen zijn uit huis geplaatst.', consentToContact: true,
    formToken: formToken(t), ...over,
  });
  const submit = (body: object, headers: Record<string, string> = {}) => t.http().post('/api/registrations').set(headers).send(body);
  const count = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM registration`))[0].n);
  const enter = async (over: Record<string, unknown> = {}, by: TestUser = coordinator): Promise<string> => {
    const res = await submit(valid({ channel: 'phone', ...over }), bearer(by)).expect(201);
    return res.body.id;
  };
  const patch = (id: string, body: object, by: TestUser = coordinator) => t.http().patch(`/api/registrations/${id}`).set(bearer(by)).send(body);
  const get = (id: string, by: TestUser = coordinator) => t.http().get(`/api/registrations/${id}`).set(bearer(by));

  describe('public registration', () => {
    it('stores a registration without an account and answers only a reference and a confirmation', async () => {
      const before = await count();
      const res = await submit(valid({ message: '<script>alert("x")</script> <b>vet</b>' })).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(['confirmation', 'reference']);
      expect(res.body.reference).toMatch(REFERENCE_PATTERN);
      expect(res.body.confirmation).toMatch(/aanmelding ontvangen/);
      expect(JSON.stringify(res.body)).not.toContain('Marja');
      expect(await count()).toBe(before + 1);
      const [row] = await t.dataSource.query(`SELECT * FROM registration WHERE reference = $1`, [res.body.reference]);
      expect(row).toMatchObject({ team_id: team.id, channel: 'web', status: 'new', route: 'parent', registrant_type: 'mother', entered_by_id: null });
      // Markup is stored as text, exactly as sent.
      expect(row.message).toBe('<script>alert("x")</script> <b>vet</b>');
      const history = await t.dataSource.query(`SELECT from_status, to_status, changed_by_id FROM registration_status_history WHERE registration_id = $1`, [row.id]);
      expect(history).toEqual([{ from_status: null, to_status: 'new', changed_by_id: null }]);
      // And shown as text: the coordinator gets it back verbatim in JSON.
      const detail = await get(row.id).expect(200);
      expect(detail.body.message).toBe('<script>alert("x")</script> <b>vet</b>');
    });

    // Issue 14, finding 11 (contract change): references are random, not numbered in sequence.
    it('answers in English when asked; references are random, of one shape, not a sequence', async () => {
      const a = await submit(valid()).set('Accept-Language', 'en').expect(201);
      const b = await submit(valid()).expect(201);
      expect(a.body.confirmation).toMatch(/received your registration/);
      expect(a.body.reference).toMatch(REFERENCE_PATTERN);
      expect(b.body.reference).toMatch(REFERENCE_PATTERN);
      expect(b.body.reference).not.toBe(a.body.reference);
    });

    it.each([
      ['missing consent', { consentToContact: undefined }, 'consentToContact'],
      ['consent false', { consentToContact: false }, 'consentToContact'],
      ['empty name', { name: '   ' }, 'name'],
      ['empty message', { message: '' }, 'message'],
      ['unknown route', { route: 'bureau' }, 'route'],
      ['unknown registrant type', { registrantType: 'aunt' }, 'registrantType'],
      ['unknown region', { regionCode: 'atlantis' }, 'regionCode'],
      ['bad email', { email: 'not-an-email' }, 'email'],
      ['unknown field', { shoeSize: 42 }, 'shoeSize'],
      ['receivedAt from the public', { receivedAt: daysAgo(3) }, 'receivedAt'],
      ['channel from the public', { channel: 'letter' }, 'channel'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, over, field) => {
      const before = await count();
      const res = await submit(valid(over)).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await count()).toBe(before);
    });

    it('answers a filled honeypot and a too-fast form like a success but stores nothing', async () => {
      const before = await count();
      const honeypot = await submit(valid({ website: 'http://spam.example' })).expect(201);
      expect(Object.keys(honeypot.body).sort()).toEqual(['confirmation', 'reference']);
      expect(honeypot.body.reference).toMatch(REFERENCE_PATTERN);
      await submit(valid({ formStartedAt: new Date(Date.now() - 500).toISOString() })).expect(201);
      expect(await count()).toBe(before);
      const discarded = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'registration.discarded' ORDER BY seq`);
      expect(discarded.map((e: { details: { reason: string } }) => e.details.reason)).toEqual(expect.arrayContaining(['honeypot', 'too_fast']));
      // A person who took their time, with an empty honeypot, is registered.
      await submit(valid({ website: '', formStartedAt: new Date(Date.now() - 90_000).toISOString() })).expect(201);
      expect(await count()).toBe(before + 1);
    });
  });

  describe('coordinator-entered registrations', () => {
    it('keeps the real receivedAt and channel, and counts the targets from it', async () => {
      const receivedAt = new Date(Date.now() - 3 * DAY);
      const res = await submit(valid({ receivedAt: receivedAt.toISOString(), channel: 'letter' }), bearer(coordinator)).expect(201);
      expect(res.body.id).toBeDefined();
      const body = (await get(res.body.id).expect(200)).body;
      expect(body).toMatchObject({
        channel: 'letter', receivedAt: receivedAt.toISOString(), enteredById: coordinator.id, status: 'new',
        contactDueAt: new Date(receivedAt.getTime() + 2 * DAY).toISOString(),
        welcomeDueAt: new Date(receivedAt.getTime() + 7 * DAY).toISOString(),
        contactOverdue: true, welcomeOverdue: false, overdue: true,
      });
      expect(body.history).toEqual([expect.objectContaining({ from: null, to: 'new', changedAt: receivedAt.toISOString(), changedById: coordinator.id })]);
    });

    it('refuses a receivedAt in the future, naming it, writing nothing', async () => {
      const before = await count();
      const res = await submit(valid({ receivedAt: new Date(Date.now() + 3600_000).toISOString() }), bearer(coordinator)).expect(400);
      expect(res.body).toMatchObject({ code: 'received_at_in_future', field: 'receivedAt' });
      expect(res.body.message).toContain('receivedAt');
      expect(await count()).toBe(before);
    });

    it('treats a logged-in counsellor like the public: no backdating', async () => {
      const res = await submit(valid({ receivedAt: daysAgo(1) }), bearer(counsellor)).expect(400);
      expect(res.body.field).toBe('receivedAt');
    });
  });

  describe('status machine and history', () => {
    it('moves through allowed transitions, recording who and when', async () => {
      const id = await enter({ receivedAt: daysAgo(1) });
      const contacted = await patch(id, { status: 'contacted' }).expect(200);
      expect(contacted.body.status).toBe('contacted');
      expect(contacted.body.firstContactAt).not.toBeNull(); // "contacted" without a moment: just now
      const planned = await patch(id, { status: 'welcome_planned', welcomeTalkDate: new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10) }).expect(200);
      expect(planned.body).toMatchObject({ status: 'welcome_planned', overdue: false });
      expect(planned.body.welcomeTalkPlannedAt).not.toBeNull();
      await patch(id, { status: 'in_guidance' }).expect(200);
      const detail = (await get(id).expect(200)).body;
      expect(detail.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
        [null, 'new'], ['new', 'contacted'], ['contacted', 'welcome_planned'], ['welcome_planned', 'in_guidance'],
      ]);
      expect(detail.history.slice(1).every((h: { changedById: string }) => h.changedById === coordinator.id)).toBe(true);
    });

    it('refuses a transition that is not allowed with 422 naming status, writing nothing', async () => {
      const id = await enter();
      const res = await patch(id, { status: 'in_guidance', assignedCounsellorId: counsellor.id }).expect(422);
      expect(res.body).toMatchObject({ code: 'transition_not_allowed', field: 'status', from: 'new', to: 'in_guidance' });
      expect(res.body.allowed).toEqual(['contacted', 'out_of_scope', 'not_started', 'dormant']);
      const after = (await get(id).expect(200)).body;
      expect(after).toMatchObject({ status: 'new', assignedCounsellorId: null });
      expect(after.history).toHaveLength(1);
      // closed is final
      await patch(id, { status: 'contacted' }).expect(200);
      await patch(id, { status: 'closed' }).expect(200);
      await patch(id, { status: 'contacted' }).expect(422);
    });

    it('refuses an unknown status with 400', async () => {
      const id = await enter();
      const res = await patch(id, { status: 'lost' }).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('status');
    });

    it('asks a reason for out_of_scope', async () => {
      const id = await enter();
      const res = await patch(id, { status: 'out_of_scope' }).expect(400);
      expect(res.body.field).toBe('outOfScopeReason');
      const ok = await patch(id, { status: 'out_of_scope', outOfScopeReason: 'Geen uithuisplaatsing; doorverwezen naar wijkteam.' }).expect(200);
      expect(ok.body).toMatchObject({ status: 'out_of_scope', outOfScopeReason: 'Geen uithuisplaatsing; doorverwezen naar wijkteam.', overdue: false });
    });

    it('refuses contact dates before receipt or in the future, naming the field, writing nothing', async () => {
      const id = await enter({ receivedAt: daysAgo(4) });
      const before = (await patch(id, { firstContactAt: daysAgo(5) }).expect(400)).body;
      expect(before).toMatchObject({ code: 'date_before_receipt', field: 'firstContactAt' });
      const future = (await patch(id, { status: 'contacted', firstContactAt: new Date(Date.now() + DAY).toISOString() }).expect(400)).body;
      expect(future).toMatchObject({ code: 'date_in_future', field: 'firstContactAt' });
      expect((await patch(id, { welcomeTalkPlannedAt: daysAgo(6) }).expect(400)).body.field).toBe('welcomeTalkPlannedAt');
      expect((await patch(id, { welcomeTalkDate: new Date(Date.now() - 6 * DAY).toISOString().slice(0, 10) }).expect(400)).body.field).toBe('welcomeTalkDate');
      expect((await patch(id, { welcomeTalkDate: '2026-02-30' }).expect(400)).body.message.join(' ')).toContain('welcomeTalkDate');
      const after = (await get(id).expect(200)).body;
      expect(after).toMatchObject({ status: 'new', firstContactAt: null, welcomeTalkPlannedAt: null, welcomeTalkDate: null });
      expect(after.history).toHaveLength(1);
    });

    it('assigns only a counsellor of the own team', async () => {
      const id = await enter();
      const ok = await patch(id, { assignedCounsellorId: counsellor.id }).expect(200);
      expect(ok.body.assignedCounsellorId).toBe(counsellor.id);
      for (const wrong of [otherCounsellor.id, coordinator.id, t.factories.randomId()]) {
        const res = await patch(id, { assignedCounsellorId: wrong }).expect(400);
        expect(res.body).toMatchObject({ code: 'not_a_counsellor', field: 'assignedCounsellorId' });
      }
      expect((await patch(id, { assignedCounsellorId: 'nobody' }).expect(400)).body.message.join(' ')).toContain('assignedCounsellorId');
      expect((await get(id).expect(200)).body.assignedCounsellorId).toBe(counsellor.id);
      expect((await patch(id, { assignedCounsellorId: null }).expect(200)).body.assignedCounsellorId).toBeNull();
    });

    it('reconstructs the status at any month end from the history', async () => {
      // Received mid-January, phoned in January, welcome talk planned in February, in guidance since now.
      const id = await enter({ receivedAt: '2026-01-20T09:00:00.000Z' });
      await patch(id, { status: 'contacted', firstContactAt: '2026-01-21T10:00:00.000Z' }).expect(200);
      await patch(id, { status: 'welcome_planned', welcomeTalkPlannedAt: '2026-02-03T10:00:00.000Z', welcomeTalkDate: '2026-02-10' }).expect(200);
      await patch(id, { status: 'in_guidance' }).expect(200);
      const service = t.app.get(RegistrationsService);
      const at = async (instant: string) => (await service.statusAt([id], new Date(instant))).get(id);
      expect(await at('2025-12-31T22:59:59.999Z')).toBeUndefined(); // not received yet
      expect(await at('2026-01-20T09:00:00.000Z')).toBe('new');
      expect(await at('2026-01-31T22:59:59.999Z')).toBe('contacted'); // end of January (Amsterdam)
      expect(await at('2026-02-28T22:59:59.999Z')).toBe('welcome_planned');
      expect(await at(new Date().toISOString())).toBe('in_guidance');
      // The same through SQL, for every registration of the team at once.
      const rows = await t.dataSource.query(`SELECT registration_id, status FROM registration_status_at($1) WHERE team_id = $2`, ['2026-01-31T22:59:59.999Z', team.id]);
      expect(rows).toEqual([{ registration_id: id, status: 'contacted' }]);
      const all = await service.statusAt('all', new Date(), team.id);
      expect(all.get(id)).toBe('in_guidance');
      expect(all.size).toBe(Number((await t.dataSource.query(`SELECT count(*) AS n FROM registration WHERE team_id = $1`, [team.id]))[0].n));
    });

    it('dates a status change in the same request no earlier than the previous change', async () => {
      const id = await enter({ receivedAt: daysAgo(10) });
      await patch(id, { status: 'contacted', firstContactAt: daysAgo(9) }).expect(200);
      await patch(id, { status: 'dormant' }).expect(200);
      // Correcting an old planning moment must not put the change before "dormant".
      const res = await patch(id, { status: 'welcome_planned', welcomeTalkPlannedAt: daysAgo(8) }).expect(200);
      const changes = res.body.history.map((h: { changedAt: string }) => Date.parse(h.changedAt));
      expect([...changes].sort((a, b) => a - b)).toEqual(changes);
    });
  });

  describe('the list', () => {
    let listTeam: { id: string };
    let lead: TestUser;
    beforeAll(async () => {
      listTeam = await t.factories.organisation('support_team', 'Lijst team');
      lead = await t.factories.user('coordinator', { organisationId: listTeam.id });
    });
    const list = (query: string, by: TestUser = lead) => t.http().get(`/api/registrations${query}`).set(bearer(by));

    it('sorts by urgency, filters by overdue and status, and pages with a cursor', async () => {
      const overdueLong = await enter({ receivedAt: daysAgo(6), name: 'A' }, lead); // contact due 4 days ago
      const overdueShort = await enter({ receivedAt: daysAgo(3), name: 'B' }, lead); // contact due 1 day ago
      const fresh = await enter({ receivedAt: daysAgo(0.1), name: 'C' }, lead);
      const welcomeDue = await enter({ receivedAt: daysAgo(1), name: 'D' }, lead);
      await patch(welcomeDue, { status: 'contacted', firstContactAt: daysAgo(0.5) }, lead).expect(200); // next: welcome in 6 days
      const done = await enter({ receivedAt: daysAgo(20), name: 'E' }, lead);
      await patch(done, { status: 'contacted', firstContactAt: daysAgo(19) }, lead).expect(200);
      await patch(done, { status: 'in_guidance' }, lead).expect(200);

      const all = (await list('').expect(200)).body;
      expect(all.items.map((i: { id: string }) => i.id)).toEqual([overdueLong, overdueShort, fresh, welcomeDue, done]);
      expect(all.nextCursor).toBeNull();
      expect(all.items[0]).toMatchObject({ overdue: true, contactOverdue: true });
      expect(all.items[0].message).toBeUndefined(); // the list leaves the message out

      const overdue = (await list('?overdue=true').expect(200)).body;
      expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([overdueLong, overdueShort]);
      const notOverdue = (await list('?overdue=false').expect(200)).body;
      expect(notOverdue.items.map((i: { id: string }) => i.id)).toEqual([fresh, welcomeDue, done]);
      const inGuidance = (await list('?status=in_guidance').expect(200)).body;
      expect(inGuidance.items.map((i: { id: string }) => i.id)).toEqual([done]);

      const first = (await list('?limit=2').expect(200)).body;
      expect(first.items.map((i: { id: string }) => i.id)).toEqual([overdueLong, overdueShort]);
      const second = (await list(`?limit=2&after=${first.nextCursor}`).expect(200)).body;
      expect(second.items.map((i: { id: string }) => i.id)).toEqual([fresh, welcomeDue]);
      const third = (await list(`?limit=2&after=${second.nextCursor}`).expect(200)).body;
      expect(third.items.map((i: { id: string }) => i.id)).toEqual([done]);
      expect(third.nextCursor).toBeNull();
      const back = (await list(`?limit=2&before=${done}`).expect(200)).body;
      expect(back.items.map((i: { id: string }) => i.id)).toEqual([fresh, welcomeDue]);
    });

    it('refuses bad filters and foreign cursors', async () => {
      expect((await list('?status=lost').expect(400)).body.message.join(' ')).toContain('status');
      expect((await list('?overdue=maybe').expect(400)).body.message.join(' ')).toContain('overdue');
      expect((await list('?limit=500').expect(400)).body.message.join(' ')).toContain('limit');
      const foreign = await enter({}, coordinator);
      expect((await list(`?after=${foreign}`).expect(400)).body.field).toBe('after');
    });

    it('shows a coordinator only their own team', async () => {
      const mine = await enter({}, lead);
      const theirs = (await list('', otherCoordinator).expect(200)).body;
      expect(theirs.items.map((i: { id: string }) => i.id)).not.toContain(mine);
      await get(mine, otherCoordinator).expect(404);
      await patch(mine, { status: 'contacted' }, otherCoordinator).expect(404);
      expect((await get(mine, lead).expect(200)).body.status).toBe('new');
    });
  });

  describe('who sees registrations, and the audit', () => {
    it('lets only coordinators in', async () => {
      const id = await enter();
      for (const role of ['counsellor', 'admin', 'parent', 'partner'] as const) {
        const user = role === 'counsellor' ? counsellor : await t.factories.user(role);
        await t.http().get('/api/registrations').set(bearer(user)).expect(403);
        await get(id, user).expect(403);
      }
      await t.http().get('/api/registrations').expect(401);
    });

    it('audits every read and change, without personal data', async () => {
      const id = await enter({ name: 'Zeldzame Naam', email: 'zeldzaam@example.test', message: 'Een uniek verhaal 7f3a' });
      await get(id).expect(200);
      await t.http().get('/api/registrations').set(bearer(coordinator)).expect(200);
      await patch(id, { status: 'contacted' }).expect(200);
      const events = await t.dataSource.query(
        `SELECT action, actor_user_id, details::text AS details FROM audit_event WHERE subject_id = $1 OR details::text LIKE $2 ORDER BY seq`,
        [id, `%${id}%`],
      );
      const actions = events.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['registration.created', 'registration.read', 'registration.listed', 'registration.updated']));
      expect(events.every((e: { actor_user_id: string }) => e.actor_user_id === coordinator.id)).toBe(true);
      const all = (await t.dataSource.query(`SELECT details::text AS d FROM audit_event`)).map((r: { d: string }) => r.d).join('\n');
      for (const secret of ['Zeldzame', 'zeldzaam@', '7f3a', 'Marja', '06 12345678']) expect(all).not.toContain(secret);
    });
  });
});
