import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Finding an account by its e-mail address (issue 17, item 1): parents, children and foster parents
 * belong to no organisation, so an administrator finds them by their whole address, letter case
 * aside, and blocks them like anyone else. Never by part of an address, never as a list; only
 * administrators; audited without the address.
 */
describe('finding an account by e-mail address (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let otherAdmin: TestUser;
  let coordinator: TestUser;
  let parent: TestUser;
  let teamId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.factories.user('admin', { displayName: 'Ad Beheer' });
    otherAdmin = await t.factories.user('admin', { displayName: 'Bea Beheer' });
    teamId = (await t.factories.organisation('support_team', 'Steunteam Oost')).id;
    coordinator = await t.factories.user('coordinator', { organisationId: teamId, displayName: 'Carla Coördinator' });
    parent = await t.factories.user('parent', { email: 'petra.ouder@voorbeeld-gezin.test', displayName: 'Petra Ouder' });
  }, 120_000);
  afterAll(() => t.close());

  const find = (by: TestUser, email: string | string[]) => t.http().get('/api/accounts').query({ email }).set(bearer(by));
  const me = (user: { token: string }) => t.http().get('/api/me').set(bearer(user));
  /** The whole audit row of the caller's latest look-up, every column, as the database holds it. */
  const lastLookup = async (actor: TestUser) => {
    const [row] = await t.dataSource.query(
      `SELECT to_jsonb(e) AS row FROM audit_event e WHERE action = 'account.looked_up' AND actor_user_id = $1 ORDER BY seq DESC LIMIT 1`, [actor.id]);
    return row?.row as { subject_type: string; subject_id: string | null; case_id: string | null; details: Record<string, unknown> } | undefined;
  };
  const lookups = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'account.looked_up'`))[0].n as number;

  it('finds a parent, who is in no organisation, by the whole address in another letter case, with the list\'s account shape', async () => {
    const res = await find(admin, 'Petra.OUDER@Voorbeeld-Gezin.TEST').expect(200);
    expect(res.body).toEqual({
      items: [{
        id: parent.id, displayName: 'Petra Ouder', email: 'petra.ouder@voorbeeld-gezin.test', role: 'parent', status: 'active',
        disabledAt: null, disabledBy: null, disabledReason: null, totpEnabled: false, createdAt: expect.any(String),
      }],
    });
    // Spaces around a pasted address do not matter either.
    expect((await find(admin, '  petra.ouder@voorbeeld-gezin.test ').expect(200)).body.items.map((a: { id: string }) => a.id)).toEqual([parent.id]);

    // Audited: who looked and whom they found; not the address, in no column.
    const audit = await lastLookup(admin);
    expect(audit).toMatchObject({ subject_type: 'user', subject_id: parent.id, case_id: null, details: { found: true, role: 'parent' } });
    const text = JSON.stringify(audit).toLowerCase();
    expect(text).not.toContain('petra.ouder');
    expect(text).not.toContain('voorbeeld-gezin');
  });

  it('finds nothing by part of an address or a wildcard: the same answer shape as an unknown address', async () => {
    const unknown = await find(admin, 'niemand@voorbeeld-gezin.test').expect(200);
    expect(unknown.body).toEqual({ items: [] });
    for (const partial of ['etra.ouder@voorbeeld-gezin.test', 'petra.ouder@voorbeeld-gezin.tes', 'petra.ouder@gezin.test', '%@voorbeeld-gezin.test', 'petra_ouder@voorbeeld-gezin.test', 'petra.oude_@voorbeeld-gezin.test', 'petra.ouder%@voorbeeld-gezin.test']) {
      const res = await find(admin, partial).expect(200);
      expect({ partial, body: res.body }).toEqual({ partial, body: { items: [] } });
    }
    // Only a local part or only a domain is no address at all.
    for (const fragment of ['petra.ouder', 'voorbeeld-gezin.test', '@voorbeeld-gezin.test', '%']) {
      const res = await find(admin, fragment).expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', fields: ['email'] });
    }
    // A miss is audited too, with nothing personal: no subject, no address.
    await find(admin, 'niemand@voorbeeld-gezin.test').expect(200);
    const audit = await lastLookup(admin);
    expect(audit).toMatchObject({ subject_type: 'user', subject_id: null, case_id: null, details: { found: false } });
    expect(JSON.stringify(audit).toLowerCase()).not.toContain('niemand');
  });

  it('is for administrators only: a coordinator, a counsellor and a parent are refused (403), even for an address of their own team', async () => {
    const before = await lookups();
    const counsellor = await t.factories.user('counsellor', { organisationId: teamId });
    for (const [caller, address] of [[coordinator, parent.email], [coordinator, counsellor.email], [counsellor, parent.email], [parent, parent.email]] as const) {
      const res = await find(caller, address).expect(403);
      expect(res.body.code).toBe('forbidden');
      expect(JSON.stringify(res.body)).not.toContain(parent.id);
    }
    await t.http().get('/api/accounts').query({ email: parent.email }).expect(401);
    expect(await lookups()).toBe(before); // refused before anything was looked up
  });

  it('finds another administrator and a coordinator too, and a found parent is blocked and allowed again like anyone else', async () => {
    expect((await find(admin, otherAdmin.email.toUpperCase()).expect(200)).body.items[0]).toMatchObject({ id: otherAdmin.id, role: 'admin' });
    expect((await find(admin, coordinator.email).expect(200)).body.items[0]).toMatchObject({ id: coordinator.id, role: 'coordinator', totpEnabled: true });
    expect((await find(admin, admin.email).expect(200)).body.items[0]).toMatchObject({ id: admin.id }); // one's own, to see it (blocking it stays refused)

    const [found] = (await find(admin, parent.email.toUpperCase()).expect(200)).body.items as { id: string }[];
    await t.http().post(`/api/accounts/${found.id}/disable`).set(bearer(admin)).send({ reason: 'Account wordt misbruikt.' }).expect(200);
    expect((await me(parent).expect(401)).body.code).toBe('not_authenticated');
    expect((await find(admin, parent.email).expect(200)).body.items[0]).toMatchObject({
      id: parent.id, status: 'disabled', disabledBy: { id: admin.id, displayName: 'Ad Beheer' }, disabledReason: 'Account wordt misbruikt.',
    });
    await t.http().post(`/api/accounts/${found.id}/enable`).set(bearer(admin)).send({}).expect(200);
    expect((await find(admin, parent.email).expect(200)).body.items[0]).toMatchObject({ status: 'active', disabledReason: null });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const before = await lookups();
    const missing = await t.http().get('/api/accounts').set(bearer(admin)).expect(400);
    expect(missing.body).toMatchObject({ code: 'validation_failed', fields: ['email'] });
    expect((await find(admin, '').expect(400)).body.fields).toEqual(['email']);
    expect((await find(admin, [parent.email, otherAdmin.email]).expect(400)).body.fields).toEqual(['email']);
    expect((await find(admin, `${'a'.repeat(250)}@voorbeeld.test`).expect(400)).body.fields).toEqual(['email']);
    const extra = await t.http().get('/api/accounts').query({ email: parent.email, role: 'parent' }).set(bearer(admin)).expect(400);
    expect(extra.body.message.join(' ')).toMatch(/property role should not exist/);
    expect(await lookups()).toBe(before);
  });
});
