import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, openPage, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

const SLOW = 180_000;

/**
 * A partner in a case (a family guardian of a youth-protection organisation): the children tab is
 * there read-only, and shows the children only as far as the parent's `children` consent reaches.
 * Without it (or once it is revoked) the tab explains calmly who decides, instead of an error.
 * Results stay with the team and the parents (the API answers partners 403 even with consent), so
 * partners get no results tab.
 */
describe('web client: a partner reads the children with the parent\'s consent (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Visser', [[w.parent, 'parent'], [w.partner, 'guardian']]);
    await t.http().post(`/api/cases/${caseId}/children`).set(bearer(w.counsellor))
      .send({ birthYear: 2016, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSince: '2023-03-01' }).expect(201);
    await t.http().post(`/api/cases/${caseId}/results`).set(bearer(w.counsellor)).send({ kind: 'visiting_arrangement', date: '2026-01-15', note: 'Elke zaterdag.' }).expect(201);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const asPartner = (path: string) => t.http().get(`/api/cases/${caseId}${path}`).set(bearer(w.partner));
  const asParent = (method: 'post' | 'delete', path: string, body?: object) => t.http()[method](`/api/cases/${caseId}${path}`).set(bearer(w.parent)).send(body);

  it('explains without consent, shows the children read-only with it, and explains again once it is revoked', async () => {
    const { page, problems } = await openPage(b, `${t.baseUrl}/cases/${caseId}?tab=children`, { viewport: PHONE });
    await logInThroughForm(page, w.partner);

    // No consent yet: the explanation, no error, no children.
    await page.getByRole('heading', { level: 2, name: 'Kinderen' }).waitFor();
    const section = page.locator('section[aria-labelledby="case-section-title"]');
    await section.getByText('De ouder heeft (nog) niet gedeeld wie de kinderen zijn. Alleen de ouder kan dat toestaan.').waitFor();
    expect(await section.getByRole('alert').count()).toBe(0);
    expect(await section.getByTestId('child').count()).toBe(0);
    expect(await section.locator('form, input, select, textarea, button').count()).toBe(0);
    // Results are for the team and the parents only: no tab for partners.
    expect(await page.getByRole('link', { name: 'Resultaten' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Deelnemers' }).count()).toBe(0);
    await expectAccessible(page, 'partner children without consent');
    expect(await fitsWidth(page)).toBe(true);
    // The API agrees.
    expect((await asPartner('/children').expect(403)).body).toMatchObject({ code: 'consent_required', scope: 'children' });
    expect((await asPartner('').expect(200)).body.access).toMatchObject({ side: 'partner', children: false });

    // The parent shares the children with this partner.
    const consent = await asParent('post', '/consents', { granteeUserId: w.partner.id, scopes: ['children'] }).expect(201);
    await page.reload();
    const child = section.getByTestId('child');
    await child.getByText('Kind geboren in 2016').waitFor();
    await child.getByText('in een pleeggezin').waitFor();
    await child.getByText('ondertoezichtstelling (OTS)').waitFor();
    await section.getByText('De ouder heeft met u gedeeld wat het steunteam over de kinderen heeft vastgelegd. U kunt dit alleen lezen.').waitFor();
    // Read-only: no edit or add controls.
    expect(await section.locator('form, input, select, textarea, button').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Kind toevoegen|aanpassen/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Resultaten' }).count()).toBe(0);
    await expectAccessible(page, 'partner children with consent');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'partner-children-phone');
    expect((await asPartner('/children').expect(200)).body).toEqual([expect.objectContaining({ birthYear: 2016, placement: 'foster_family' })]);
    // The children consent does not open the results: they stay with the team and the parents.
    expect((await asPartner('/results').expect(403)).body.code).toBe('forbidden');
    // Writing stays refused for partners.
    await t.http().post(`/api/cases/${caseId}/children`).set(bearer(w.partner)).send({ birthYear: 2018, placement: 'home', protectionMeasure: 'none' }).expect(403);

    // Revoked while the case is open in the browser: the next visit to the tab explains again (the
    // API's 403 consent_required), without an error.
    await page.getByRole('link', { name: 'Gesprekken' }).click();
    await page.getByRole('heading', { level: 2, name: 'Gesprekken' }).waitFor();
    await asParent('delete', `/consents/${consent.body.id}`).expect(200);
    await page.getByRole('link', { name: 'Kinderen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kinderen' }).waitFor();
    await section.getByText('De ouder heeft (nog) niet gedeeld wie de kinderen zijn. Alleen de ouder kan dat toestaan.').waitFor();
    expect(await section.getByTestId('child').count()).toBe(0);
    expect(await section.getByRole('alert').count()).toBe(0);
    await expectAccessible(page, 'partner children after revocation');
    expect(problems).toEqual([]);
  }, SLOW);
});
