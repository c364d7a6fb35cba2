import { expectAccessible, fitsWidth, launchBrowser, openPage, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

const SLOW = 240_000;

/**
 * The help directory in the browser (issue 20): the public "Hulp zoeken" page without login (desktop
 * and phone), the coordinator's edit screen, the counsellor suggesting help from the case screen,
 * and the parent's start page showing it. Axe-clean everywhere.
 */
describe('web client: the help directory (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Jansen', [[w.parent, 'parent']]);
    const add = (body: Record<string, unknown>) => t.http().post('/api/directory/services').set(bearer(w.coordinator)).send({
      regionCodes: [], referralNeeded: false, locations: [], ...body,
    }).expect(201);
    await add({
      name: 'Schuldhulp Rijnmond', description: 'Een vaste hulpverlener zoekt samen met u uit welke schulden er zijn en maakt een plan.',
      themes: ['debts_and_money'], regionCodes: ['rijnmond'], eligibility: 'Ouders in Rijnmond met schulden.', howToApply: 'Bel ons op werkdagen tussen 9 en 17 uur.',
      organization: { name: 'Geldhulp Rotterdam', url: 'https://geldhulp.example.test/', email: 'info@geldhulp.example.test', phone: '010 123 4567' },
      locations: [{ address: 'Coolsingel 1', postalCode: '3011 AD', city: 'Rotterdam' }],
    });
    await add({
      name: 'Traumatherapie voor ouders', description: 'Therapie voor ouders die veel hebben meegemaakt.', themes: ['mental_health'], regionCodes: ['rijnmond', 'haaglanden'],
      eligibility: 'Volwassenen met klachten na een ingrijpende gebeurtenis.', referralNeeded: true, howToApply: 'Vraag uw huisarts om een verwijzing.',
      organization: { name: 'GGZ Voorbeeld', phone: '070 765 4321' },
    });
    await add({
      name: 'Praatgroep voor ouders', description: 'Eens per maand praten ouders met elkaar die hetzelfde meemaakten.', themes: ['peer_support'],
      eligibility: 'Ouders van uit huis geplaatste kinderen, in heel Nederland.', howToApply: 'Stuur een mail.', organization: { name: 'Lotgenotenkring', email: 'groep@lotgenoten.example.test' },
    });
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const as = async (user: TestUser | null, path: string, viewport?: { width: number; height: number }) =>
    openPage(b, `${t.baseUrl}${path}`, { viewport, session: user ? await t.factories.session(user.id) : undefined });

  it('lets anyone search without logging in, and says what, for whom, referral, how to apply and contact', async () => {
    const { page, problems } = await as(null, '/hulp');
    await page.getByRole('heading', { level: 1, name: 'Hulp zoeken' }).waitFor();
    await page.getByText('3 resultaten gevonden.').waitFor();
    await page.getByLabel('Waar zoekt u hulp bij?').fill('schulden');
    await page.getByLabel('Regio').selectOption('rijnmond');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('1 resultaat gevonden.').waitFor();
    const card = page.getByRole('article', { name: 'Schuldhulp Rijnmond' });
    await card.getByText('Ouders in Rijnmond met schulden.').waitFor();
    await card.getByText('Nee, u kunt zich zelf aanmelden.').waitFor();
    await card.getByText('Bel ons op werkdagen tussen 9 en 17 uur.').waitFor();
    await card.getByRole('link', { name: '010 123 4567' }).waitFor();
    expect(page.url()).toContain('/hulp?q=schulden&region=rijnmond');
    await expectAccessible(page, 'directory search');
    await screenshot(page, 'directory-search');

    // A theme with referral needed; markup in the search is only text.
    await page.goto(`${t.baseUrl}/hulp?theme=mental_health`);
    await page.getByRole('article', { name: 'Traumatherapie voor ouders' }).getByText(/Ja, u heeft een verwijzing nodig/).waitFor();
    await page.goto(`${t.baseUrl}/hulp?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    await page.getByText('Geen hulp gevonden. Probeer andere woorden of een andere regio.').waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('works on a phone', async () => {
    const { page, problems } = await as(null, '/hulp?region=rijnmond', PHONE);
    await page.getByRole('article', { name: 'Praatgroep voor ouders' }).getByText('Heel Nederland', { exact: true }).waitFor();
    await expectAccessible(page, 'directory search on a phone');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'directory-search-phone');
    // English second: the same page, every word through the dictionary.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find help' }).waitFor();
    await page.getByRole('article', { name: 'Praatgroep voor ouders' }).getByText('No, you can apply yourself.').waitFor();
    await expectAccessible(page, 'directory search in English on a phone');
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets a coordinator add help, with the refusal said next to the fields, and change it', async () => {
    const { page, problems } = await as(w.coordinator, '/hulp');
    await page.getByRole('link', { name: 'Hulp toevoegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hulp toevoegen' }).waitFor();
    await page.getByLabel('Naam van de hulp').fill('Woningurgentie Zwolle');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Schrijf in een paar zinnen wat deze hulp biedt.').first().waitFor();
    await page.getByText('Kies minstens één soort hulp.').first().waitFor();
    await expectAccessible(page, 'directory edit, refused');
    await screenshot(page, 'directory-edit');
    await page.getByLabel('Wat biedt deze hulp?').fill('Wij helpen u urgentie voor een woning aan te vragen.');
    await page.getByLabel('Voor wie is het?').fill('Ouders zonder eigen huis in IJsselland.');
    await page.getByLabel('Hoe meldt iemand zich aan?').fill('Bel ons of kom langs op dinsdag.');
    await page.getByLabel('Wonen').check();
    await page.getByLabel('IJsselland').check();
    await page.getByLabel('Naam van de organisatie').fill('Woonhulp Zwolle');
    await page.getByLabel('Telefoonnummer').fill('038 123 4567');
    await page.getByLabel('Adres (straat en nummer)').fill('Grote Markt 1');
    await page.getByLabel('Postcode').fill('8011 LW');
    await page.getByLabel('Plaats').fill('Zwolle');
    await expectAccessible(page, 'directory edit');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const card = page.getByRole('article', { name: 'Woningurgentie Zwolle' });
    await card.getByText('Grote Markt 1, 8011 LW Zwolle').waitFor();
    await card.getByRole('link', { name: /Wijzigen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Hulp wijzigen' }).waitFor();
    await page.getByLabel('Er is een verwijzing nodig').check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('article', { name: 'Woningurgentie Zwolle' }).getByText(/Ja, u heeft een verwijzing nodig/).waitFor();
    // Removing asks first.
    await page.getByRole('article', { name: 'Woningurgentie Zwolle' }).getByRole('button', { name: /Verwijderen/ }).click();
    await page.getByText('Weet u zeker dat u "Woningurgentie Zwolle" uit het overzicht haalt? Ouders en begeleiders zien het dan niet meer.').waitFor();
    await expectAccessible(page, 'directory remove question');
    await page.getByRole('button', { name: 'Verwijderen', exact: true }).click();
    await page.getByText('"Woningurgentie Zwolle" staat niet meer in het overzicht.').waitFor();
    expect((await t.http().get('/api/directory/services').query({ q: 'Woningurgentie' }).expect(200)).body.items).toEqual([]);
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets the counsellor suggest help from the case, and the parent sees it on the start page', async () => {
    const { page, problems } = await as(w.counsellor, `/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Familie Jansen' }).waitFor();
    await page.getByText('Hulp aanraden aan de ouder').click();
    await page.getByText('Nog niets aangeraden.').waitFor();
    await page.getByLabel('Waar zoekt u hulp bij?').fill('schulden');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByLabel('Een woordje erbij voor de ouder (niet verplicht)').fill('Misschien helpt dit met de brieven die u kreeg.');
    await page.getByRole('button', { name: 'Aanraden: Schuldhulp Rijnmond' }).click();
    await page.getByText('Aangeraden aan de ouder: Schuldhulp Rijnmond.').waitFor();
    await page.getByTestId('suggested-earlier').getByText(/Schuldhulp Rijnmond — Aangeraden door Bram Begeleider/).waitFor();
    await expectAccessible(page, 'suggest help on the case screen');
    await screenshot(page, 'counsellor-suggest-help');
    expect(problems).toEqual([]);

    const parent = await as(w.parent, '/', PHONE);
    const section = parent.page.getByTestId('suggested-help');
    await section.getByRole('heading', { name: 'Hulp die uw begeleider u aanraadt' }).waitFor();
    await section.getByText('“Misschien helpt dit met de brieven die u kreeg.”').waitFor();
    // One word for it on both sides: the card's title says "aanraadt", each item "Aangeraden door …".
    await section.getByText(/Aangeraden door Bram Begeleider/).waitFor();
    // The facts are folded away on the start page (one calm page), and open with one tap.
    const card = section.getByRole('article', { name: 'Schuldhulp Rijnmond' });
    expect(await card.getByText('Bel ons op werkdagen tussen 9 en 17 uur.').isVisible()).toBe(false);
    await card.getByText('Meer over deze hulp', { exact: false }).click();
    await card.getByText('Bel ons op werkdagen tussen 9 en 17 uur.').waitFor();
    await expectAccessible(parent.page, 'parent start page with suggested help');
    expect(await fitsWidth(parent.page)).toBe(true);
    await screenshot(parent.page, 'parent-home-suggested-help-phone');

    // In the parent's access log, in plain words.
    await parent.page.goto(`${t.baseUrl}/cases/${caseId}?tab=access`);
    await parent.page.getByText(/raadde hulp aan uit het overzicht hulp/).first().waitFor();
    expect(parent.problems).toEqual([]);
  }, SLOW);
});
