import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

/** Issue 17, item 7: a partner with consent reads the story the parent confirmed, never a draft. */
describe('the story: partners read confirmed versions only (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Versie', [[w.parent, 'parent'], [w.partner, 'guardian']]);
    await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.partner.id, scopes: ['story'] }).expect(201);
  });
  afterAll(() => t.close());

  const get = (path: string, user = w.partner) => t.http().get(`/api/cases/${caseId}${path}`).set(bearer(user)).expect(200);
  const save = (text: string, user = w.parent) => t.http().put(`/api/cases/${caseId}/story`).set(bearer(user))
    .send({ sections: [{ key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text }] }).expect(200);

  it('shows a partner nothing until the parent confirms, then the confirmed version while a newer draft waits', async () => {
    await save('Eerste opzet.');
    expect((await get('/story')).body).toMatchObject({ version: 0, sections: [] });
    expect((await get('/story/versions')).body.items).toEqual([]);

    await t.http().post(`/api/cases/${caseId}/story/confirm`).set(bearer(w.parent)).send({ version: 1 }).expect(200);
    await save('Samen aangevuld, nog niet bevestigd.', w.counsellor);

    const partnerView = (await get('/story')).body;
    expect(partnerView).toMatchObject({ version: 1, sections: [{ text: 'Eerste opzet.' }] });
    expect(partnerView.confirmedByParentAt).toEqual(expect.any(String));
    expect((await get('/story/versions')).body.items.map((v: { version: number }) => v.version)).toEqual([1]);

    // The team and the parent see the draft, which says it is not confirmed.
    for (const user of [w.counsellor, w.parent]) {
      expect((await get('/story', user)).body).toMatchObject({ version: 2, confirmedByParentAt: null });
      expect((await get('/story/versions', user)).body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    }
    await t.http().post(`/api/cases/${caseId}/story/confirm`).set(bearer(w.parent)).send({ version: 2 }).expect(200);
    expect((await get('/story')).body).toMatchObject({ version: 2, sections: [{ text: 'Samen aangevuld, nog niet bevestigd.' }] });
  });
});
