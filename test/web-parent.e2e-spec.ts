import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, PHONE, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

const SLOW = 120_000;

/**
 * A parent on a phone: logs in, reads the shared update (and not the professionals-only one),
 * writes the story, confirms it, grants a partner consent and revokes it; the API confirms each
 * step took effect. axe runs on every page.
 */
describe('web client: the parent (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie De Vries', [[w.parent, 'parent'], [w.partner, 'guardian']]);
    await t.http().post(`/api/cases/${caseId}/updates`).set(bearer(w.counsellor))
      .send({ body: 'Het gesprek met de gezinsvoogd is op dinsdag 14 juli om 10 uur.', visibility: 'everyone' }).expect(201);
    await t.http().post(`/api/cases/${caseId}/updates`).set(bearer(w.counsellor))
      .send({ body: 'Interne notitie: dossier opvragen bij jeugdbescherming.', visibility: 'professionals' }).expect(201);
    b = await launchBrowser();
    const context = await b.context({ viewport: PHONE });
    page = await context.newPage();
    problems = watchPage(page).problems;
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const storyAs = (user: TestUser) => t.http().get(`/api/cases/${caseId}/story`).set(bearer(user));

  it('logs in and sees the case on the home page, with what Eenverhaal does in plain words', async () => {
    await page.goto(`${t.baseUrl}/`);
    await logInThroughForm(page, w.parent);
    await page.getByRole('heading', { level: 1, name: 'Welkom, Olga Ouder' }).waitFor();
    await page.getByText('U bepaalt zelf wie uw verhaal mag lezen.').waitFor();
    await page.getByRole('link', { name: 'Familie De Vries' }).waitFor();
    await expectAccessible(page, 'parent home');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'parent-home-phone');
  }, SLOW);

  it('reads the shared update, and not the professionals-only note', async () => {
    await page.getByRole('link', { name: 'Familie De Vries' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nieuws' }).waitFor();
    await page.getByText('Het gesprek met de gezinsvoogd is op dinsdag 14 juli om 10 uur.').waitFor();
    expect(await page.getByText('Interne notitie').count()).toBe(0);
    // Who reads it, truthfully (issue 17): the guardian has no consent yet, so not "everyone in the case".
    await page.getByText('Voor de ouders, het steunteam en partners met toestemming van de ouder.').waitFor();
    await page.getByText('Zonder toestemming, dus niet: Gijs Gezinsvoogd.').waitFor();
    await expectAccessible(page, 'parent updates');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'parent-updates-phone');
  }, SLOW);

  it('writes the story in own words, saves versions and confirms it', async () => {
    await page.getByRole('link', { name: 'Mijn verhaal' }).click();
    await page.getByRole('button', { name: 'Mijn verhaal schrijven' }).click();
    await page.getByLabel('Wat er gebeurde').fill('In maart werden mijn kinderen uit huis geplaatst. Niemand legde mij uit waarom.');
    await page.getByLabel('Hoe het nu gaat').fill('Ik zie ze één keer per maand.');
    await page.getByLabel('Wat ik graag wil').fill('Vaker contact, en eerlijk worden gehoord.');
    await expectAccessible(page, 'story editor');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Opgeslagen. Dit is versie 1.').waitFor();
    await page.getByText('Nog niet bevestigd').waitFor();
    await page.getByRole('button', { name: 'Verhaal aanpassen' }).click();
    await page.getByLabel('Hoe het nu gaat').fill('Ik zie ze één keer per maand, begeleid.');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Opgeslagen. Dit is versie 2.').waitFor();
    await page.getByRole('button', { name: 'Ja, dit is mijn verhaal' }).click();
    await page.getByText('U heeft bevestigd dat dit uw verhaal is.').waitFor();
    await page.getByText('Eerdere versies (2)').waitFor();
    await expectAccessible(page, 'story confirmed');
    await screenshot(page, 'parent-story-phone');

    const story = (await storyAs(w.parent).expect(200)).body;
    expect(story).toMatchObject({ version: 2, confirmedBy: { id: w.parent.id } });
    expect(story.sections.find((s: { key: string }) => s.key === 'hoe-het-nu-gaat').text).toBe('Ik zie ze één keer per maand, begeleid.');
  }, SLOW);

  it('grants the family guardian consent to read the story, then revokes it: the API follows at once', async () => {
    await storyAs(w.partner).expect(403);
    await page.getByRole('link', { name: 'Wie mag wat zien' }).click();
    await page.getByText('U heeft nu aan niemand toestemming gegeven.').waitFor();
    await page.getByLabel('Aan wie geeft u toestemming?').selectOption({ label: 'Gijs Gezinsvoogd (gezinsvoogd of voogd, Jeugdbescherming Test)' });
    // "uw verhaal" is ticked by default; the parent leaves the rest off.
    expect(await page.getByRole('checkbox', { name: 'uw verhaal' }).isChecked()).toBe(true);
    await expectAccessible(page, 'consent form');
    await page.getByRole('button', { name: 'Toestemming geven' }).click();
    await page.getByText('Gijs Gezinsvoogd (Jeugdbescherming Test) mag zien: uw verhaal.').waitFor();
    await screenshot(page, 'parent-consent-phone');
    expect((await storyAs(w.partner).expect(200)).body.version).toBe(2);

    await page.getByRole('button', { name: 'Toestemming intrekken voor Gijs Gezinsvoogd' }).click();
    // Revoking asks first (issue 17).
    await page.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.getByText('De toestemming voor Gijs Gezinsvoogd is ingetrokken.').waitFor();
    await page.getByText('U heeft nu aan niemand toestemming gegeven.').waitFor();
    await expectAccessible(page, 'consent revoked');
    await storyAs(w.partner).expect(403);
  }, SLOW);

  it('shows who looked at the file, in plain words', async () => {
    await storyAs(w.counsellor).expect(200);
    await page.getByRole('link', { name: 'Wie keek in mijn dossier' }).click();
    const log = page.getByTestId('access-log');
    await log.waitFor();
    await log.getByText(/Bram Begeleider/).first().waitFor();
    await expectAccessible(page, 'access log');
    await screenshot(page, 'parent-access-log-phone');
    expect(problems).toEqual([]);
  }, SLOW);

  it('gives the counsellor the case file with its fields and the same parts, accessible on a laptop', async () => {
    const context = await b.context();
    const desk = await context.newPage();
    await desk.goto(`${t.baseUrl}/cases/${caseId}?tab=file`);
    await logInThroughForm(desk, w.counsellor);
    await desk.getByRole('heading', { level: 2, name: 'Dossiergegevens' }).waitFor();
    await desk.getByText('Vaste begeleider', { exact: true }).waitFor();
    await expectAccessible(desk, 'counsellor case file');
    await screenshot(desk, 'counsellor-case-file');
    await desk.getByRole('link', { name: 'Nieuws' }).click();
    await desk.getByText('Interne notitie: dossier opvragen bij jeugdbescherming.').waitFor();
    await expectAccessible(desk, 'counsellor updates');
  }, SLOW);
});
