import type { Page } from 'playwright-core';
import { emptied, expectAccessible, fitsWidth, launchBrowser, logInThroughForm, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';

// Browser globals inside page.evaluate callbacks (the server's tsconfig has no DOM library).
declare const document: any, window: any;

const SLOW = 240_000;
const PASSWORD = 'mijn fiets staat bij de molen 7';
/** The phone the issue measured on. */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

/**
 * Issue 17: journeys that used to dead-end, walked as the people they are for.
 */
describe('web client: journeys (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let coordinator: TestUser;
  let counsellor: TestUser;
  /** A second team with a family and a guardian, for the case screens. */
  let w: CaseWorld;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', INTAKE_MIN_FILL_SECONDS: '1', SUPPORT_PHONE: '085 123 45 67', SUPPORT_HOURS: 'maandag tot en met vrijdag, 9 tot 17 uur' });
    const team = await t.factories.organisation('support_team', 'Steunteam West', ['steunteam-west.example.test']);
    coordinator = await t.factories.user('coordinator', { organisationId: team.id, displayName: 'Carla Coördinator' });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bas Begeleider' });
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Jansen', [[w.parent, 'parent'], [w.partner, 'guardian']]);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const newPage = async (viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> => {
    const page = await (await b.context({ viewport })).newPage();
    return { page, problems: watchPage(page).problems };
  };
  const focusedText = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent ?? ''}`);

  it('lets a coordinator turn a registration into a case; the counsellor is mailed and the parent accepts from the mail link', async () => {
    await t.http().post('/api/registrations').set(bearer(coordinator)).send({
      route: 'parent', registrantType: 'mother', name: 'Petra Pieters', email: 'petra.pieters@example.test', regionCode: 'ijsselland',
      message: 'Mijn dochter woont in een pleeggezin. Ik wil graag hulp.', consentToContact: true, channel: 'phone',
    }).expect(201);

    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/intake`);
    await logInThroughForm(page, coordinator);
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
    await page.getByTestId('registration-row').filter({ hasText: 'Petra Pieters' }).getByRole('link').click();
    // The details open on their own page, in view, with the heading focused (not below the whole table).
    const title = page.getByRole('heading', { level: 1, name: /Petra Pieters/ });
    await title.waitFor();
    expect(await focusedText(page)).toMatch(/^H1:.*Petra Pieters/);
    await page.getByText('Dit kan pas als er contact is geweest.', { exact: false }).waitFor();

    await page.getByLabel('Status').selectOption({ label: 'Contact gehad' });
    await page.getByRole('button', { name: 'Status opslaan' }).click();
    await page.getByText('De status is opgeslagen.').waitFor();
    await page.getByRole('button', { name: 'Bas Begeleider toewijzen' }).click();
    await page.getByText('Toegewezen aan Bas Begeleider.').waitFor();

    const form = page.getByRole('form', { name: 'Dossier maken' });
    await expect(form.getByLabel('Begeleider van het dossier').inputValue()).resolves.toBe(counsellor.id);
    await expectAccessible(page, 'registration with the make-a-case form');
    await form.getByRole('button', { name: 'Dossier maken' }).click();
    await page.getByText('Uitnodiging verstuurd naar petra.pieters@example.test. De link werkt 14 dagen.').waitFor();
    await page.getByText('Bas Begeleider heeft een e-mail gekregen over dit dossier.').waitFor();
    await expectAccessible(page, 'registration turned into a case');
    await screenshot(page, 'coordinator-registration-to-case');

    // The counsellor's notice: the case's reference and link, nothing of the family.
    const notice = (await t.mail.to(counsellor.email)).at(-1)!;
    expect(notice.subject).toMatch(/^Nieuw dossier voor u: EV-\d{4}-\d{4}/);
    expect(notice.text).not.toContain('Petra');
    const caseLink = /\/cases\/([0-9a-f-]{36})/.exec(notice.text)![1];

    await page.getByRole('link', { name: 'Naar het dossier' }).click();
    await page.getByRole('heading', { level: 1, name: /Petra Pieters/ }).waitFor();
    expect(page.url()).toContain(`/cases/${caseLink}`);

    // The same screens on a phone (the same session: a second login would reuse the TOTP code).
    await page.setViewportSize(PHONE);
    await page.getByRole('link', { name: 'Aanmeldingen' }).first().click();
    await page.getByTestId('registration-row').filter({ hasText: 'Petra Pieters' }).getByRole('link').click();
    await page.getByText('Van deze aanmelding is al een dossier gemaakt.').waitFor();
    await expectAccessible(page, 'registration on a phone');
    expect(await fitsWidth(page)).toBe(true);

    // The parent accepts from the mail link on her phone and finds her case.
    const token = await t.mail.invitationToken('petra.pieters@example.test');
    const parent = await newPage(PHONE);
    await parent.page.goto(`${t.baseUrl}/invitation/${token}`);
    await parent.page.getByText(/account als ouder voor petra\.pieters@example\.test/).waitFor();
    await parent.page.getByLabel('Kies een wachtwoord').fill(PASSWORD);
    await parent.page.getByLabel('Typ het wachtwoord nog een keer').fill(PASSWORD);
    await parent.page.getByRole('button', { name: 'Account maken' }).click();
    await parent.page.getByRole('link', { name: 'Naar inloggen' }).click();
    await logInThroughForm(parent.page, { email: 'petra.pieters@example.test' }, { password: PASSWORD });
    await parent.page.getByRole('link', { name: /Petra Pieters/ }).click();
    await parent.page.getByRole('heading', { level: 1, name: /Petra Pieters/ }).waitFor();
    await expectAccessible(parent.page, 'the parent’s new case on a phone');
    expect([...problems, ...parent.problems]).toEqual([]);
  }, SLOW);

  it('shows a partner only the confirmed story; the counsellor sees the draft marked, opens an older version, and is asked before a draft is thrown away', async () => {
    const story = (text: string) => ({ sections: [{ key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text }] });
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.parent)).send(story('Bevestigde versie van Olga.')).expect(200);
    await t.http().post(`/api/cases/${caseId}/story/confirm`).set(bearer(w.parent)).send({ version: 1 }).expect(200);
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.counsellor)).send(story('Concept dat Olga nog moet lezen.')).expect(200);
    await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.partner.id, scopes: ['story'] }).expect(201);

    const partner = await newPage(PHONE);
    await partner.page.goto(`${t.baseUrl}/cases/${caseId}?tab=story`);
    await logInThroughForm(partner.page, w.partner);
    await partner.page.getByText('Bevestigde versie van Olga.').waitFor();
    await partner.page.getByText('U leest alleen de versie die de ouder zelf heeft bevestigd', { exact: false }).waitFor();
    expect(await partner.page.getByText('Concept dat Olga nog moet lezen.').count()).toBe(0);
    await expectAccessible(partner.page, 'partner reads the confirmed story on a phone');
    expect(await fitsWidth(partner.page)).toBe(true);
    await screenshot(partner.page, 'partner-story-confirmed-phone');

    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=story`);
    await logInThroughForm(page, w.counsellor);
    await page.getByText('Concept: nog niet bevestigd door de ouder').waitFor();
    await page.getByText('Partners met toestemming lezen nog versie 1, de laatste die de ouder bevestigde.').waitFor();
    await page.getByText('Concept dat Olga nog moet lezen.').waitFor();

    await page.getByText('Eerdere versies (2)').click();
    await page.getByRole('button', { name: 'Versie 1 lezen' }).click();
    const opened = page.getByTestId('story-opened-version');
    await opened.getByText('Bevestigde versie van Olga.').waitFor();
    expect(await focusedText(page)).toMatch(/^H3:Versie 1 van /);
    await expectAccessible(page, 'an older story version opened');
    await screenshot(page, 'counsellor-story-versions');
    await opened.getByRole('button', { name: 'Deze versie sluiten' }).click();

    await page.getByRole('button', { name: 'Verhaal aanpassen' }).click();
    expect(await focusedText(page)).toBe('H3:Verhaal aanpassen');
    await page.getByLabel('Wat er gebeurde').fill('Dit wil ik niet kwijt.');
    await page.getByRole('button', { name: 'Annuleren' }).click();
    expect(await focusedText(page)).toBe('P:Wilt u stoppen zonder op te slaan?');
    await expectAccessible(page, 'asked before a draft is thrown away');
    await page.getByRole('button', { name: 'Nee, verder schrijven' }).click();
    await expect(page.getByLabel('Wat er gebeurde').inputValue()).resolves.toBe('Dit wil ik niet kwijt.');
    await page.getByRole('button', { name: 'Annuleren' }).click();
    await page.getByRole('button', { name: 'Ja, stoppen en weggooien' }).click();
    expect(await page.getByRole('textbox', { name: 'Wat er gebeurde' }).count()).toBe(0);
    expect(await focusedText(page)).toMatch(/^H2:/);

    await page.getByRole('button', { name: 'Verhaal aanpassen' }).click();
    await page.getByLabel('Wat er gebeurde').fill('Samen met Olga opnieuw verteld.');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Opgeslagen. Dit is versie 3.').waitFor();
    expect(await focusedText(page)).toMatch(/^H2:/);
    // The partner still reads version 1 until Olga confirms.
    expect((await t.http().get(`/api/cases/${caseId}/story`).set(bearer(w.partner)).expect(200)).body.version).toBe(1);
    expect([...problems, ...partner.problems]).toEqual([]);
  }, SLOW);

  it('lets a parent change a grant instead of doubling it, asks before revoking, offers undo, and the news says truthfully who reads it', async () => {
    const storyAsPartner = () => t.http().get(`/api/cases/${caseId}/story`).set(bearer(w.partner));
    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=updates`);
    await logInThroughForm(page, w.parent);
    await page.getByText('Dit nieuws lezen: u, de andere ouders en het steunteam.', { exact: false }).waitFor();
    await page.getByTestId('who-reads').getByText('Nu leest verder niemand mee. Zonder toestemming, dus niet: Gijs Gezinsvoogd.').waitFor();
    await expectAccessible(page, 'news with who reads it');

    await page.getByRole('link', { name: 'Wie mag wat zien' }).click();
    await page.getByTestId('consent').first().waitFor();
    expect(await page.getByTestId('consent').count()).toBe(1);
    await page.getByLabel('Aan wie geeft u toestemming?').selectOption({ label: 'Gijs Gezinsvoogd (gezinsvoogd of voogd, Jeugdbescherming Test)' });
    await page.getByText('Gijs Gezinsvoogd heeft al toestemming voor: uw verhaal. Wat u nu aanvinkt, komt daarvoor in de plaats.').waitFor();
    expect(await page.getByRole('checkbox', { name: 'uw verhaal' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'het nieuws' }).check();
    await page.getByRole('button', { name: 'Toestemming aanpassen' }).click();
    await page.getByText('De toestemming is aangepast. Gijs Gezinsvoogd mag nu zien: uw verhaal, het nieuws.').waitFor();
    await page.getByTestId('consent').filter({ hasText: 'uw verhaal, het nieuws' }).waitFor();
    expect(await page.getByTestId('consent').count()).toBe(1);
    await t.http().get(`/api/cases/${caseId}/updates`).set(bearer(w.partner)).expect(200);

    await page.getByRole('button', { name: 'Toestemming intrekken voor Gijs Gezinsvoogd' }).click();
    expect(await focusedText(page)).toBe('P:Toestemming voor Gijs Gezinsvoogd intrekken?');
    await expectAccessible(page, 'asked before revoking');
    await screenshot(page, 'parent-consent-revoke-ask-phone');
    await page.getByRole('button', { name: 'Nee, laten staan' }).click();
    await storyAsPartner().expect(200);
    await page.getByRole('button', { name: 'Toestemming intrekken voor Gijs Gezinsvoogd' }).click();
    await page.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.getByText('De toestemming voor Gijs Gezinsvoogd is ingetrokken.', { exact: false }).waitFor();
    await storyAsPartner().expect(403);
    await page.getByRole('button', { name: 'Toch weer toestemming geven aan Gijs Gezinsvoogd' }).click();
    await page.getByText('Gijs Gezinsvoogd mag weer zien: uw verhaal, het nieuws.').waitFor();
    await storyAsPartner().expect(200);
    await expectAccessible(page, 'consent given back');

    await page.getByRole('link', { name: 'Nieuws' }).click();
    await page.getByTestId('who-reads').getByText('Met toestemming leest ook mee: Gijs Gezinsvoogd.').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'parent-news-who-reads-phone');

    // On a desktop too.
    const desk = await newPage();
    await desk.page.goto(`${t.baseUrl}/cases/${caseId}?tab=consent`);
    await logInThroughForm(desk.page, w.parent);
    await desk.page.getByTestId('consent').first().waitFor();
    await desk.page.getByRole('button', { name: 'Toestemming intrekken voor Gijs Gezinsvoogd' }).click();
    await expectAccessible(desk.page, 'asked before revoking, desktop');
    expect([...problems, ...desk.problems]).toEqual([]);
  }, SLOW);

  it('gives the counsellor, the foster parent and a child their own words, not the parent’s', async () => {
    await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).send({ userId: w.foster.id, role: 'foster_parent' }).expect(201);

    // Bram is the lead: his start page says so, and never "Uw begeleider: Bram" to Bram.
    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/`);
    // Bram logged in a moment ago in another test: the next code, as his app would show it soon.
    await logInThroughForm(page, w.counsellor, { totpAt: Date.now() + 30_000 });
    // Exact: the start page's attention list names the case too ("… in Familie Jansen").
    await page.getByRole('link', { name: 'Familie Jansen', exact: true }).waitFor();
    await page.getByText('U bent de begeleider van dit dossier.').waitFor();
    for (const parentWords of ['Uw begeleider', 'U bepaalt zelf wie uw verhaal mag lezen', 'wie uw dossier heeft bekeken']) {
      expect(await page.getByText(parentWords, { exact: false }).count()).toBe(0);
    }
    await expectAccessible(page, 'counsellor home');
    await page.getByRole('link', { name: 'Familie Jansen', exact: true }).click();
    await page.getByRole('link', { name: 'Verhaal van de ouder' }).waitFor();
    await page.getByRole('link', { name: 'Wie keek in het dossier' }).click();
    await page.getByText('De ouders zien dezelfde lijst.', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'Mijn verhaal' }).count()).toBe(0);
    await expectAccessible(page, 'counsellor access log');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'counsellor access log, desktop');

    const foster = await newPage(PHONE);
    await foster.page.goto(`${t.baseUrl}/`);
    await logInThroughForm(foster.page, w.foster);
    await foster.page.getByRole('heading', { level: 2, name: 'Eenverhaal voor pleegouders' }).waitFor();
    await foster.page.getByText('Begeleider: Bram Begeleider').waitFor();
    expect(await foster.page.getByText('U bepaalt zelf wie uw verhaal mag lezen', { exact: false }).count()).toBe(0);
    await expectAccessible(foster.page, 'foster parent home');
    await screenshot(foster.page, 'foster-home-phone');

    // A child registering is spoken to as a child.
    const child = await newPage(PHONE);
    await child.page.goto(`${t.baseUrl}/register`);
    await child.page.getByRole('radio', { name: 'Ik ben een kind of jongere' }).check();
    await child.page.getByTestId('register-child-intro').getByText('Wij beslissen niet waar je woont.', { exact: false }).waitFor();
    // Issue 20: the whole child route speaks to a child, its button and consent too.
    await child.page.getByRole('button', { name: 'Versturen' }).click();
    await child.page.getByTestId('error-summary').getByText('Vul je naam in.').waitFor();
    await child.page.getByText('We nemen alleen contact op als jij dat goed vindt. Zet een vinkje.').first().waitFor();
    await expectAccessible(child.page, 'child registration with errors');
    await child.page.getByLabel('Jouw naam').fill('Sam');
    await child.page.getByLabel('E-mailadres').fill('sam@example.test');
    await child.page.getByLabel('Wat wil je ons vertellen?').fill('Ik woon in een leefgroep en wil mijn moeder vaker zien.');
    await child.page.getByRole('checkbox', { name: 'Het steunteam mag mij bellen of mailen.' }).check();
    await screenshot(child.page, 'register-child-phone');
    await child.page.getByRole('button', { name: 'Versturen' }).click();
    await child.page.getByRole('heading', { level: 1, name: 'Dank je wel!' }).waitFor();
    await child.page.getByText(/Je nummer is AM-/).waitFor();
    await expectAccessible(child.page, 'child registration done');
    await child.page.setViewportSize(DESKTOP);
    await expectAccessible(child.page, 'child registration done, desktop');
    expect([...problems, ...foster.problems, ...child.problems]).toEqual([]);
  }, SLOW);

  it('fits a case on the first screen of a 390 × 844 phone: a one-row header and tabs that scroll sideways', async () => {
    await t.http().post(`/api/cases/${caseId}/updates`).set(bearer(w.counsellor))
      .send({ body: 'Het gesprek met de gezinsvoogd is op dinsdag om 10 uur.', visibility: 'everyone' }).expect(201);
    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=updates`);
    await logInThroughForm(page, w.parent);
    const news = page.getByText('Het gesprek met de gezinsvoogd is op dinsdag om 10 uur.');
    await news.waitFor();
    const header = await page.locator('header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(64);
    const tabs = page.getByRole('navigation', { name: 'Onderdelen van dit dossier' }).locator('ul');
    expect((await tabs.boundingBox())!.height).toBeLessThanOrEqual(56);
    expect(await tabs.evaluate((el: any) => el.scrollWidth > el.clientWidth)).toBe(true);
    // The news itself begins on the first screen, without scrolling.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const box = (await news.boundingBox())!;
    expect(box.y + 40).toBeLessThanOrEqual(PHONE.height);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'case on a 390 px phone');
    await screenshot(page, 'parent-case-first-screen-phone');

    // A tab further along scrolls into view and stays reachable; so does the menu's end.
    await page.getByRole('link', { name: 'Resultaten' }).click();
    await page.getByRole('heading', { level: 2, name: 'Resultaten' }).waitFor();
    const current = (await page.getByRole('link', { name: 'Resultaten' }).boundingBox())!;
    expect(current.x).toBeGreaterThanOrEqual(0);
    expect(current.x + current.width).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('maps refusals to the field in the reader’s language, with an error summary at the top of the form that takes focus', async () => {
    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/register`);
    await page.getByLabel('Uw naam').fill('Karim Vader');
    await page.getByLabel('E-mailadres').fill('karim');
    await page.getByLabel('Wat wilt u ons vertellen?').fill('Mijn dochter woont in een pleeggezin.');
    await page.getByRole('checkbox', { name: 'Het steunteam mag contact met mij opnemen.' }).check();
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.getByText('Eén antwoord klopt nog niet. Kijk het na:').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    const emailMessage = 'Dit e-mailadres klopt niet. Kijk of er een @ en een punt in staan, zoals naam@voorbeeld.nl.';
    await expect(page.locator('.utrecht-form-field-error-message', { hasText: emailMessage }).count()).resolves.toBe(1);
    await expectAccessible(page, 'registration with an error summary');
    await screenshot(page, 'register-error-summary-phone');
    await summary.getByRole('link', { name: emailMessage }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');

    // An address only the server refuses: its English validation text never shows, the field's message does.
    await page.getByLabel('E-mailadres').fill('karim@voorbeeld.c');
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await summary.getByRole('link', { name: emailMessage }).waitFor();
    expect(await page.getByText('must be an email', { exact: false }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('E-mail address').fill('karim@example.c');
    await page.getByRole('button', { name: 'Send registration' }).click();
    await page.getByTestId('error-summary').getByText('One answer is not right yet. Please check:').waitFor();
    await page.getByText('This e-mail address is not right.', { exact: false }).first().waitFor();
    await expectAccessible(page, 'registration with an error summary, in English');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'registration with an error summary, desktop');
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Nederlands' }).click();

    await page.getByLabel('E-mailadres').fill('karim@voorbeeld.nl');
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dank u voor uw aanmelding' }).waitFor();
    // The promised receipt by mail, with the number and how to call; and the phone number on the page.
    const reference = /Uw nummer is (AM-[A-Z0-9-]+)\./.exec((await page.getByText(/Uw nummer is/).textContent()) ?? '')![1];
    const receipt = (await t.mail.to('karim@voorbeeld.nl')).at(-1)!;
    expect(receipt.subject).toContain(reference);
    expect(receipt.text).toContain('Bel het steunteam: 085 123 45 67 (maandag tot en met vrijdag, 9 tot 17 uur).');
    expect(receipt.text).not.toContain('pleeggezin');
    await page.getByTestId('support-phone').getByRole('link', { name: '085 123 45 67' }).waitFor();
    expect(await page.getByTestId('support-phone').getByRole('link').getAttribute('href')).toBe('tel:0851234567');
    expect((await t.http().get('/api/support-contact').expect(200)).body).toEqual({ phone: '085 123 45 67', hours: 'maandag tot en met vrijdag, 9 tot 17 uur' });
    expect(problems).toEqual([]);
  }, SLOW);

  it('tells a partner calmly and at once when the parent withdraws consent, and offers the staff check once logged in', async () => {
    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=story`);
    // Gijs logged in a while ago in another test: the next code, as his app would show it soon.
    await logInThroughForm(page, w.partner, { totpAt: Date.now() + 30_000 });
    await page.getByText('Samen met Olga opnieuw verteld.').or(page.getByText('Bevestigde versie van Olga.')).first().waitFor();

    const consents = (await t.http().get(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).expect(200)).body.items as { id: string; state: string; grantee: { id: string } }[];
    const grant = consents.find((c) => c.state === 'active' && c.grantee.id === w.partner.id)!;
    await t.http().delete(`/api/cases/${caseId}/consents/${grant.id}`).set(bearer(w.parent)).expect(200);

    // Without navigating: the story goes, a calm explanation comes, no red error.
    await page.getByText('De ouder heeft de toestemming veranderd. U ziet nu alleen wat de ouder u laat zien.').waitFor();
    await page.getByText('De ouder heeft (nog) geen toestemming gegeven om het verhaal te lezen.').waitFor();
    expect(await page.getByText('Bevestigde versie van Olga.').count()).toBe(0);
    expect(await page.getByText('Er ging iets mis').count()).toBe(0);
    await expectAccessible(page, 'partner after the consent was withdrawn');
    await screenshot(page, 'partner-consent-withdrawn-phone');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'partner after the consent was withdrawn, desktop');
    await page.setViewportSize(PHONE);
    await page.getByRole('link', { name: 'Nieuws' }).click();
    await page.getByText('De ouder heeft (nog) geen toestemming gegeven om het nieuws te lezen.').waitFor();
    expect(await page.getByText('Er ging iets mis').count()).toBe(0);

    await page.getByRole('link', { name: 'Medewerker controleren' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: /controleren/i }).waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('shows the monitor with months in words, the comparison with last month, SVG charts with their tables, and a CSV for Dutch Excel', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/reports`);
    await logInThroughForm(page, coordinator, { totpAt: Date.now() + 30_000 });
    await page.getByRole('heading', { level: 1, name: 'Maandrapportage' }).waitFor();
    const compare = page.getByRole('table', { name: /^Vergeleken met [a-z]+ \d{4}$/ });
    await compare.waitFor();
    expect(await page.getByTestId('report-month').textContent()).toMatch(/^[a-z]+ \d{4}$/);
    const byMonth = page.getByRole('table', { name: 'Nieuwe aanmeldingen per maand' });
    const labels = await byMonth.locator('tbody th').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    for (const text of labels) expect(text).toMatch(/^[a-z]+ \d{4}$/);
    await page.getByRole('img', { name: /^Staafdiagram Aanmeldingen per route: / }).waitFor();
    await expectAccessible(page, 'monthly report with charts and comparison');
    await screenshot(page, 'coordinator-report-compare');

    const href = await page.getByRole('link', { name: 'Download voor Excel (puntkomma)' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/reports\/monthly\.csv\?month=\d{4}-\d{2}&separator=semicolon$/);
    const csv = await t.http().get(href!).set(bearer(coordinator)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    }).expect(200);
    expect(csv.body as string).toMatch(/^\ufeffsleutel;omschrijving;waarde;vorige_maand;verschil\r\n/);
    const refused = await t.http().get(href!.replace('semicolon', 'tab')).set(bearer(coordinator)).expect(400);
    expect(refused.body.fields).toEqual(['separator']);

    await page.setViewportSize(PHONE);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'monthly report on a phone');
    expect(problems).toEqual([]);
  }, SLOW);

  it('groups the access log by person and day in plain words, and filters it by person', async () => {
    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=access`);
    await logInThroughForm(page, w.parent);
    const bram = page.getByTestId('access-person').filter({ has: page.getByRole('heading', { level: 3, name: /^Bram Begeleider — / }) });
    await bram.waitFor();
    expect(await page.getByTestId('access-person').count()).toBeGreaterThan(1);
    // Saving the story three times on one day reads as one line with how often.
    await bram.getByText(/schreef een nieuwe versie van uw verhaal \(\d+ keer\)/).first().waitFor();
    expect(await page.getByText('las of stuurde berichten').count()).toBe(0);
    await expectAccessible(page, 'access log grouped by person');
    await page.getByLabel('Laat zien wat één persoon deed').selectOption({ label: await bram.getByRole('heading', { level: 3 }).textContent() ?? '' });
    await expect(page.getByTestId('access-person').count()).resolves.toBe(1);
    await screenshot(page, 'parent-access-log-grouped-phone');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'access log filtered, desktop');
    expect(problems).toEqual([]);
  }, SLOW);

  it('opens a conversation at its newest message, keeps unsent text, sends with Enter, searches; notification mails are a setting', async () => {
    const threadId = await createThread(t, w.counsellor, caseId, 'Afspraken', [w.parent]);
    for (let i = 1; i <= 12; i++) {
      await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(w.counsellor))
        .send({ body: `Bericht nummer ${i}: ${'een regel tekst die de pagina vult. '.repeat(4)}`, clientMessageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }).expect(201);
    }
    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/cases/${caseId}/threads/${threadId}`);
    await logInThroughForm(page, w.parent);
    const newest = page.getByText('Bericht nummer 12:', { exact: false });
    await newest.waitFor();
    await expect(newest.isVisible()).resolves.toBe(true);
    const box = (await newest.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(PHONE.height);

    const write = page.getByRole('textbox', { name: 'Uw bericht' });
    await write.fill('Dit wil ik nog zeggen');
    await page.getByRole('link', { name: /Terug/ }).first().click();
    await page.goto(`${t.baseUrl}/cases/${caseId}/threads/${threadId}`);
    await expect(write.inputValue()).resolves.toBe('Dit wil ik nog zeggen');
    await write.evaluate((el: any) => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); });
    await write.press('Shift+Enter');
    await write.pressSequentially('en dit.');
    await write.press('Enter');
    await page.locator('.ev-message__body', { hasText: 'Dit wil ik nog zeggen' }).waitFor();
    await emptied(write);
    const sent = (await t.http().get(`/api/threads/${threadId}/messages?limit=200`).set(bearer(w.parent)).expect(200)).body.items as { body: string }[];
    expect(sent.at(-1)!.body).toBe('Dit wil ik nog zeggen\nen dit.');

    await page.getByLabel('Zoeken in dit gesprek').fill('nummer 7');
    await page.getByText('1 bericht gevonden').waitFor();
    expect(await page.locator('.ev-message').count()).toBe(1);
    await expectAccessible(page, 'conversation with search');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'conversation with search, desktop');
    await page.setViewportSize(PHONE);

    await page.goto(`${t.baseUrl}/account`);
    const mails = page.getByRole('checkbox', { name: 'Stuur mij een e-mail als er een nieuw bericht voor mij klaarstaat' });
    const before = await mails.isChecked();
    await mails.setChecked(!before);
    await page.getByText(before ? 'U krijgt geen e-mail meer bij nieuwe berichten.' : 'U krijgt een e-mail bij nieuwe berichten.').waitFor();
    expect((await t.http().get('/api/me/notifications').set(bearer(w.parent)).expect(200)).body.email).toBe(!before);
    await expectAccessible(page, 'account with notification settings');
    expect(problems).toEqual([]);
  }, SLOW);
});
