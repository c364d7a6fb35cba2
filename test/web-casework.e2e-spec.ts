import type { Locator, Page } from 'playwright-core';
import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, openPage, PHONE, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

const SLOW = 180_000;
const DAY = 86400_000;
const dateInNetherlands = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

/**
 * The counsellor's case work: the case file's fields, the children, the results, the participants
 * (added by e-mail address) and a handover request, each checked through the API too; the server's refusal of an impossible
 * input shows next to the field it names. A parent of the case sees the same parts read-only.
 */
describe('web client: the counsellor\'s case work (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    w = await caseWorld(t);
    // The counsellor opens the case, so leads it.
    caseId = await createCase(t, w.counsellor, 'Familie Jansen', [[w.parent, 'parent']]);
    b = await launchBrowser();
    page = await (await b.context()).newPage();
    problems = watchPage(page).problems;
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const get = async (path: string, as = w.counsellor) => (await t.http().get(path).set(bearer(as)).expect(200)).body;

  it('edits the case file fields the monitor counts', async () => {
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=file`);
    await logInThroughForm(page, w.counsellor);
    await page.getByRole('heading', { level: 2, name: 'Dossiergegevens' }).waitFor();
    await page.getByText('Vaste begeleider', { exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Rijnmond' }).waitFor();
    await expectAccessible(page, 'case file editor');

    // Only the transitions the server allows are offered.
    const statusOptions = await page.getByLabel('Stand van zaken').locator('option').allTextContents();
    expect(statusOptions).toEqual(['Aanmelding (zoals nu)', 'Lopend', 'Niet gestart', 'Past niet bij het steunteam', 'Afgesloten', 'Staat even stil']);
    await page.getByLabel('Stand van zaken').selectOption({ label: 'Lopend' });
    await page.getByRole('checkbox', { name: 'Rijnmond' }).check();
    await page.getByRole('group', { name: 'Gezin', exact: true }).getByRole('radio', { name: 'eenoudergezin' }).check();
    await page.getByRole('group', { name: 'Aanmelder heeft gezag' }).getByRole('radio', { name: 'Ja' }).check();
    await page.getByRole('group', { name: 'Redenen uithuisplaatsing' }).getByRole('checkbox', { name: 'huisvesting' }).check();
    await page.getByRole('group', { name: 'Redenen uithuisplaatsing' }).getByRole('checkbox', { name: 'complexe scheiding' }).check();
    await page.getByRole('group', { name: 'Gewenste situatie' }).getByRole('checkbox', { name: 'contactherstel' }).check();
    await page.getByRole('group', { name: 'Hulpvraag' }).getByRole('checkbox', { name: 'erkenning' }).check();
    await page.getByRole('button', { name: 'Gegevens opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'De dossiergegevens zijn opgeslagen.' }).waitFor();

    const saved = await get(`/api/cases/${caseId}`);
    expect(saved).toMatchObject({
      status: 'active',
      regionCodes: ['rijnmond'],
      householdComposition: 'single_parent',
      registrantHasCustody: true,
      desiredSituation: ['contact_restoration'],
      supportRequests: ['recognition'],
    });
    expect([...saved.placementReasons].sort()).toEqual(['complex_divorce', 'housing']);
    // The form follows the new status: from "active" only dormant and closed are possible.
    await page.getByLabel('Stand van zaken').locator('option', { hasText: 'Lopend (zoals nu)' }).waitFor({ state: 'attached' });
    expect(await page.getByLabel('Stand van zaken').locator('option').allTextContents()).toEqual(['Lopend (zoals nu)', 'Staat even stil', 'Afgesloten']);
    await expectAccessible(page, 'case file saved');
    await screenshot(page, 'counsellor-case-file');
  }, SLOW);

  it('adds a child, shows the server\'s refusal next to the field it names, and changes the child', async () => {
    await page.getByRole('link', { name: 'Kinderen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kinderen' }).waitFor();
    await page.getByText('Er zijn nog geen kinderen vastgelegd.').waitFor();
    await page.getByRole('button', { name: 'Kind toevoegen' }).click();
    await page.getByLabel('Voornaam (mag leeg blijven)').fill('Sam');
    await page.getByLabel('Geboortejaar').fill('1900');
    await page.getByLabel('Waar woont het kind nu?').selectOption({ label: 'in een pleeggezin' });
    await page.getByLabel('Woont daar sinds (mag leeg blijven)').fill('2023-03-01');
    await page.getByLabel('Maatregel van de kinderrechter').selectOption({ label: 'ondertoezichtstelling (OTS)' });
    await page.getByRole('button', { name: 'Kind opslaan' }).click();

    // An impossible birth year: the server names the field; the message sits with it.
    const birthYear = page.getByLabel('Geboortejaar');
    await page.getByText('Dit geboortejaar kan niet.').first().waitFor();
    expect(await birthYear.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(page, 'Geboortejaar')).toContain('Dit geboortejaar kan niet.');
    await expectAccessible(page, 'child form with a birth-year error');

    // A placement date in the future: refused, next to that field.
    await birthYear.fill('2015');
    await page.getByLabel('Woont daar sinds (mag leeg blijven)').fill(dateInNetherlands(5));
    await page.getByRole('button', { name: 'Kind opslaan' }).click();
    await page.getByText('Mag niet in de toekomst liggen.').first().waitFor();
    expect(await page.getByLabel('Woont daar sinds (mag leeg blijven)').getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(page, 'Woont daar sinds (mag leeg blijven)')).toContain('Mag niet in de toekomst liggen.');
    expect(await birthYear.getAttribute('aria-invalid')).toBeNull();
    expect(await get(`/api/cases/${caseId}/children`)).toEqual([]);
    await expectAccessible(page, 'child form with a date error');

    await page.getByLabel('Woont daar sinds (mag leeg blijven)').fill('2023-03-01');
    await page.getByRole('button', { name: 'Kind opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Sam, geboren in 2015 is toegevoegd.' }).waitFor();
    let children = await get(`/api/cases/${caseId}/children`);
    expect(children).toEqual([expect.objectContaining({ firstName: 'Sam', birthYear: 2015, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSince: '2023-03-01' })]);
    await page.getByTestId('child').getByText('in een pleeggezin').waitFor();
    await expectAccessible(page, 'children list');

    await page.getByRole('button', { name: 'Gegevens van Sam, geboren in 2015 aanpassen' }).click();
    await page.getByLabel('Waar woont het kind nu?').selectOption({ label: 'thuis' });
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'De gegevens van Sam, geboren in 2015 zijn opgeslagen.' }).waitFor();
    children = await get(`/api/cases/${caseId}/children`);
    expect(children).toEqual([expect.objectContaining({ firstName: 'Sam', placement: 'home', placedSince: '2023-03-01' })]);
    expect(problems).toEqual([]);
  }, SLOW);

  it('records a result', async () => {
    await page.getByRole('link', { name: 'Resultaten' }).click();
    await page.getByRole('heading', { level: 2, name: 'Resultaten' }).waitFor();
    await page.getByText('Er zijn nog geen resultaten vastgelegd.').waitFor();
    const yesterday = dateInNetherlands(-1);
    await page.getByLabel('Wat is er bereikt?').selectOption({ label: 'contact hersteld' });
    await page.getByLabel('Datum').fill(yesterday);
    await page.getByLabel('Toelichting (mag leeg blijven)').fill('Eerste bezoek na drie maanden.');
    await expectAccessible(page, 'result form');
    await page.getByRole('button', { name: 'Resultaat opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Het resultaat ‘contact hersteld’ is vastgelegd.' }).waitFor();
    await page.getByTestId('result').getByText('Eerste bezoek na drie maanden.').waitFor();
    expect(await get(`/api/cases/${caseId}/results`)).toEqual([
      expect.objectContaining({ kind: 'contact_restored', date: yesterday, note: 'Eerste bezoek na drie maanden.' }),
    ]);
    await expectAccessible(page, 'results list');
  }, SLOW);

  it('adds a participant, and removes them after a confirmation', async () => {
    await page.getByRole('link', { name: 'Deelnemers' }).click();
    await page.getByRole('heading', { level: 2, name: 'Deelnemers' }).waitFor();
    await page.getByTestId('participant').filter({ hasText: 'Olga Ouder' }).waitFor();

    // Someone is added by the e-mail address of their account; an address without an account is
    // refused next to the field, and nothing is added.
    const addForm = page.getByRole('form', { name: 'Iemand toevoegen' });
    const emailField = addForm.getByLabel('E-mailadres');
    expect(await describedText(addForm, 'E-mailadres')).toContain('Nodig de persoon dan hieronder uit per e-mail.');
    await emailField.fill('niemand-hier@example.test');
    await page.getByLabel('Rol in dit dossier').selectOption({ label: 'gezinsvoogd of voogd' });
    await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
    // Since issue 14 the answer is the same for no account and an account of an unsuitable role.
    await page.getByText('Er is geen (actief) account met dit e-mailadres dat deze rol kan krijgen.').first().waitFor();
    expect(await emailField.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(addForm, 'E-mailadres')).toContain('Er is geen (actief) account met dit e-mailadres dat deze rol kan krijgen.');
    expect((await get(`/api/cases/${caseId}/participants`)).map((p: { userId: string }) => p.userId)).not.toContain(w.partner.id);
    await expectAccessible(page, 'add participant with an unknown e-mail address');

    // A role that does not fit the account: since issue 14 the same refusal as no account at all, by
    // the address (so a look-up reveals no account's role). The address is typed in other capitals
    // than the account's: it still matches, as at login.
    await emailField.fill(w.partner.email.toUpperCase());
    await page.getByLabel('Rol in dit dossier').selectOption({ label: 'ouder' });
    await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
    await page.getByText('Er is geen (actief) account met dit e-mailadres dat deze rol kan krijgen.').first().waitFor();
    expect(await emailField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Rol in dit dossier').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'add participant with an error');

    await page.getByLabel('Rol in dit dossier').selectOption({ label: 'gezinsvoogd of voogd' });
    await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Gijs Gezinsvoogd doet nu mee als gezinsvoogd of voogd.' }).waitFor();
    await page.getByTestId('participant').filter({ hasText: 'Gijs Gezinsvoogd' }).waitFor();
    let participants: { userId: string; role: string }[] = await get(`/api/cases/${caseId}/participants`);
    expect(participants).toContainEqual(expect.objectContaining({ userId: w.partner.id, role: 'guardian' }));

    await page.getByRole('button', { name: 'Gijs Gezinsvoogd uit het dossier halen' }).click();
    await page.getByText('Weet u zeker dat u Gijs Gezinsvoogd uit dit dossier haalt?').waitFor();
    // Nothing happens before the confirmation.
    participants = await get(`/api/cases/${caseId}/participants`);
    expect(participants.map((p) => p.userId)).toContain(w.partner.id);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent))
      .toContain('Weet u zeker dat u Gijs Gezinsvoogd uit dit dossier haalt?');
    await expectAccessible(page, 'remove confirmation');
    await page.getByRole('button', { name: 'Ja, haal Gijs Gezinsvoogd uit het dossier' }).click();
    await page.getByRole('status').filter({ hasText: 'Gijs Gezinsvoogd doet niet meer mee in dit dossier.' }).waitFor();
    await page.getByTestId('participant').filter({ hasText: 'Gijs Gezinsvoogd' }).waitFor({ state: 'detached' });
    participants = await get(`/api/cases/${caseId}/participants`);
    expect(participants.map((p) => p.userId)).not.toContain(w.partner.id);
    // The lead counsellor cannot be removed here (a handover moves the lead).
    expect(await page.getByRole('button', { name: 'Bram Begeleider uit het dossier halen' }).count()).toBe(0);
    await expectAccessible(page, 'participants after removal');
  }, SLOW);

  it('asks the coordinator for a handover', async () => {
    await page.getByText('De coördinator van uw team pakt dit op en kiest een andere begeleider.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.getByText('Schrijf kort waarom u om overdracht vraagt.').first().waitFor();
    await page.getByLabel('Waarom vraagt u om overdracht?').fill('Ik ken de vader van vroeger; dat werkt niet goed.');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.getByRole('status').filter({ hasText: 'Uw vraag om overdracht is verstuurd. De coördinator van uw team pakt dit op.' }).waitFor();
    await page.getByTestId('handover-request').getByText('Reden: Ik ken de vader van vroeger; dat werkt niet goed.').waitFor();
    const requests = await get(`/api/cases/${caseId}/handover-requests`, w.coordinator);
    expect(requests).toEqual([expect.objectContaining({
      status: 'open', reason: 'Ik ken de vader van vroeger; dat werkt niet goed.', requestedBy: expect.objectContaining({ id: w.counsellor.id }),
    })]);
    await expectAccessible(page, 'handover request sent');
    expect(problems).toEqual([]);
  }, SLOW);

  it('shows a parent of the case the same parts read-only, on a phone', async () => {
    const watched = await openPage(b, `${t.baseUrl}/cases/${caseId}?tab=file`, { viewport: PHONE });
    const phone = watched.page;
    await logInThroughForm(phone, w.parent);
    await phone.getByRole('heading', { level: 2, name: 'Dossiergegevens' }).waitFor();
    const section = phone.locator('section[aria-labelledby="case-section-title"]');
    await section.getByText('eenoudergezin').waitFor();
    await section.getByText('contactherstel').waitFor();
    expect(await section.locator('form, input, select, textarea, button').count()).toBe(0);
    expect(await phone.getByRole('link', { name: 'Deelnemers' }).count()).toBe(0);
    await expectAccessible(phone, 'parent case file');
    expect(await fitsWidth(phone)).toBe(true);

    await phone.getByRole('link', { name: 'Kinderen' }).click();
    await phone.getByRole('heading', { level: 2, name: 'Kinderen' }).waitFor();
    await phone.getByTestId('child').getByText('Sam, geboren in 2015').waitFor();
    expect(await section.locator('form, input, select, textarea, button').count()).toBe(0);
    await expectAccessible(phone, 'parent children');

    await phone.getByRole('link', { name: 'Resultaten' }).click();
    await phone.getByRole('heading', { level: 2, name: 'Resultaten' }).waitFor();
    await phone.getByTestId('result').getByText('contact hersteld').waitFor();
    expect(await section.locator('form, input, select, textarea, button').count()).toBe(0);
    await expectAccessible(phone, 'parent results');
    expect(await fitsWidth(phone)).toBe(true);

    // The server agrees: the parent cannot change the case file.
    await t.http().patch(`/api/cases/${caseId}`).set(bearer(w.parent)).send({ status: 'closed' }).expect(403);
    expect(watched.problems).toEqual([]);
  }, SLOW);
});

/** The texts a labelled control's aria-describedby points at (its description and its error). */
async function describedText(page: Page | Locator, labelText: string): Promise<string> {
  const ids = (await page.getByLabel(labelText).getAttribute('aria-describedby')) ?? '';
  const parts: string[] = [];
  for (const id of ids.split(/\s+/).filter(Boolean)) parts.push((await page.locator(`[id="${id}"]`).textContent()) ?? '');
  return parts.join(' ');
}
