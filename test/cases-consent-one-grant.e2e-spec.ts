import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

/** Issue 17, item 3 (the contract): one grant per grantee; granting again changes its scopes. */
describe('consent: one grant per grantee (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Eén', [[w.parent, 'parent'], [w.partner, 'guardian']]);
  });
  afterAll(() => t.close());

  const grant = (body: object, user = w.parent) => t.http().post(`/api/cases/${caseId}/consents`).set(bearer(user)).send(body).expect(201);
  const active = async () => ((await t.http().get(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).expect(200)).body.items as { id: string; state: string; scopes: string[]; grantee: { id: string } }[])
    .filter((c) => c.state === 'active');

  it('changes the scopes of the grant a grantee already holds instead of adding a second one', async () => {
    const first = (await grant({ granteeUserId: w.partner.id, scopes: ['story'] })).body;
    const second = (await grant({ granteeUserId: w.partner.id, scopes: ['updates', 'children'] })).body;
    expect(second).toMatchObject({ id: first.id, scopes: ['updates', 'children'], state: 'active' });
    expect(await active()).toEqual([expect.objectContaining({ id: first.id, scopes: ['updates', 'children'] })]);
    // The narrower grant counts at once: the story is closed again, the updates are open.
    await t.http().get(`/api/cases/${caseId}/story`).set(bearer(w.partner)).expect(403);
    await t.http().get(`/api/cases/${caseId}/updates`).set(bearer(w.partner)).expect(200);
    const [event] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'case.consent.changed' AND subject_id = $1`, [first.id]);
    expect(event.details).toMatchObject({ scopes: ['updates', 'children'], previousScopes: ['story'] });

    // A person and their organisation are different grantees; a revoked grant is not reused.
    const org = (await grant({ granteeOrganisationId: w.partnerOrgId, scopes: ['story'] })).body;
    expect(org.id).not.toBe(first.id);
    await t.http().delete(`/api/cases/${caseId}/consents/${first.id}`).set(bearer(w.parent)).expect(200);
    const again = (await grant({ granteeUserId: w.partner.id, scopes: ['story'] })).body;
    expect(again.id).not.toBe(first.id);
    expect((await active()).map((c) => c.grantee.id).sort()).toEqual([w.partner.id, w.partnerOrgId].sort());
  });

  it('merges grants that were doubled before the rule into the one it changes', async () => {
    await grant({ granteeUserId: w.foster.id, scopes: ['story'] });
    // A double as old data may hold it, written past the service.
    await t.factories.consent(caseId, { granteeUserId: w.foster.id, scopes: ['updates'], grantedById: w.parent.id });
    expect((await active()).filter((c) => c.grantee.id === w.foster.id)).toHaveLength(2);
    await grant({ granteeUserId: w.foster.id, scopes: ['children'] });
    const left = (await active()).filter((c) => c.grantee.id === w.foster.id);
    expect(left).toEqual([expect.objectContaining({ scopes: ['children'] })]);
  });
});
