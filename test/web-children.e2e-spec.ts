import type { Page } from 'playwright-core';
import { emptied, expectAccessible, fitsWidth, launchBrowser, logInThroughForm, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';

const SLOW = 240_000;
/** The phone the issue measures on. */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

/**
 * Issue 20: a child's own place, walked as the child: their home in a child's words (their
 * conversations, their voice and who reads it, the checklist, who they can talk to), never the
 * parents' story, access log or consents; the child route of the public registration. Axe at 0
 * violations on a 390 × 844 phone and on the desktop.
 */
describe("web client: a child's own place (browser)", () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;
  let childId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Jansen', [[w.parent, 'parent'], [w.partner, 'guardian'], [w.child, 'child']]);
    childId = (await t.http().post(`/api/cases/${caseId}/children`).set(bearer(w.counsellor))
      .send({ firstName: 'Kiki', birthYear: 2013, placement: 'foster_family', protectionMeasure: 'supervision_order' }).expect(201)).body.id;
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.parent)).send({ sections: [{ key: 'verhaal', title: 'Wat er gebeurde', text: 'Het verhaal van de ouders.' }] }).expect(200);
    // Even a consent given to the child opens no story to the child.
    await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.child.id, scopes: ['story', 'updates', 'children'] }).expect(201);
    const thread = await createThread(t, w.counsellor, caseId, 'Kiki en Bram', [w.counsellor, w.child]);
    await t.http().post(`/api/threads/${thread}/messages`).set(bearer(w.counsellor)).send({ body: 'Hoi Kiki! Hoe gaat het op school?', clientMessageId: 'c-1' }).expect(201);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const newPage = async (viewport = PHONE): Promise<{ page: Page; problems: string[] }> => {
    const page = await (await b.context({ viewport })).newPage();
    return { page, problems: watchPage(page).problems };
  };

  it('the counsellor links the child record to the child’s account in the children tab', async () => {
    const { page, problems } = await newPage(DESKTOP);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=children`);
    await logInThroughForm(page, w.counsellor);
    await page.getByLabel('Account van Kiki, geboren in 2013').selectOption({ label: 'Kiki Kind' });
    await page.getByRole('button', { name: 'Koppelen' }).click();
    await page.getByText('Eigen account van het kind: Kiki Kind.').waitFor();
    await expectAccessible(page, 'children tab with a linked child');
    expect((await t.http().get(`/api/cases/${caseId}/children/${childId}`).set(bearer(w.counsellor)).expect(200)).body.userId).toBe(w.child.id);
    expect(problems).toEqual([]);
  }, SLOW);

  it('gives the child a home in a child’s words: conversations, their voice, the checklist and who to talk to', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/`);
    await logInThroughForm(page, w.child);
    await page.getByRole('heading', { level: 1, name: 'Hoi Kiki Kind!' }).waitFor();
    await page.getByRole('link', { name: 'Kiki en Bram', exact: true }).waitFor();
    await page.getByText('1 nieuw bericht').first().waitFor();
    await page.getByRole('heading', { level: 2, name: 'Wat wil jij kwijt?' }).waitFor();
    await page.getByTestId('helplines').getByRole('heading', { level: 3, name: 'De Kindertelefoon' }).waitFor();
    await page.getByRole('link', { name: 'Bel 0800-0432' }).waitFor();
    // Nothing of the grown-ups' file on the child's home.
    for (const adult of ['Mijn verhaal', 'Wie keek', 'toestemming', 'Het verhaal van de ouders']) {
      expect(await page.getByText(adult, { exact: false }).count()).toBe(0);
    }
    // The help directory speaks to grown-ups: not in a child's menu (their home says whom to talk to).
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn account' }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Hulp zoeken' }).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'child home, phone');
    await screenshot(page, 'child-home-phone');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'child home, desktop');
    await page.setViewportSize(PHONE);

    // The voice: write it, choose who reads it; the counsellor always does.
    await page.getByText('Je begeleider leest het altijd.', { exact: false }).waitFor();
    await page.getByLabel('Wat moet je begeleider weten?').fill('Ik wil mama vaker zien. Op school gaat het goed.');
    await page.getByRole('checkbox', { name: 'Mijn ouders' }).check();
    // A tick is not yet a choice: until it is saved the line does not say the parents read it now.
    await page.getByTestId('child-voice-readers').getByText('Druk op Bewaren. Dan lezen dit: je begeleider en je ouders.').waitFor();
    await page.getByRole('button', { name: 'Bewaren' }).click();
    await page.getByText('Bewaard.', { exact: true }).waitFor();
    await page.getByTestId('child-voice-readers').getByText('Nu lezen dit: je begeleider en je ouders.').waitFor();
    await expectAccessible(page, 'child voice saved, phone');
    await screenshot(page, 'child-voice-phone');
    // The server agrees: the parent reads it now, the guardian (not chosen) does not, whatever the parents consented.
    expect((await t.http().get(`/api/cases/${caseId}/children/${childId}/voice`).set(bearer(w.parent)).expect(200)).body.text).toContain('mama');
    await t.http().get(`/api/cases/${caseId}/children/${childId}/voice`).set(bearer(w.partner)).expect(404);

    // A conversation, and the way back home.
    await page.getByRole('link', { name: 'Kiki en Bram', exact: true }).click();
    await page.getByText('Hoi Kiki! Hoe gaat het op school?').waitFor();
    await page.getByLabel('Jouw bericht').fill('Goed! Ik had een 8 voor rekenen.');
    await page.getByRole('button', { name: 'Versturen' }).click();
    // The log shows it; the box is emptied once the portal has it (until then it keeps the text).
    await page.getByRole('log', { name: 'Berichten' }).getByText('Goed! Ik had een 8 voor rekenen.').waitFor();
    await emptied(page.getByLabel('Jouw bericht'));
    await page.getByText('Jij', { exact: true }).first().waitFor();
    await expectAccessible(page, 'child conversation, phone');
    await screenshot(page, 'child-thread-phone');
    // Files need a key and a passphrase: folded away for a child, in a child's words.
    expect(await page.getByText('maak uw sleutel', { exact: false }).isVisible()).toBe(false);
    await page.getByText('Een bestand sturen of openen').click();
    await page.getByText('Daarvoor maak je eerst een sleutel', { exact: false }).waitFor();
    await expectAccessible(page, 'child conversation with files opened, phone');
    await page.getByRole('link', { name: 'Naar jouw eigen plek' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hoi Kiki Kind!' }).waitFor();

    // The checklist, in Dutch and English.
    await page.getByRole('link', { name: 'Lees het lijstje voor kinderen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wat gebeurt er nu? Een lijstje voor jou' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Met wie kan ik praten?' }).waitFor();
    await page.getByText('Het is niet jouw schuld.', { exact: false }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'children checklist, phone');
    await screenshot(page, 'child-checklist-phone');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'What happens now? A list for you' }).waitFor();
    await expectAccessible(page, 'children checklist in English, phone');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wat gebeurt er nu? Een lijstje voor jou' }).waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('never shows the child the parents’ story, the access log or the consent screens, in the browser or over the API', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=story`);
    await logInThroughForm(page, w.child);
    await page.getByRole('heading', { level: 1, name: 'Deze pagina is voor de grote mensen' }).waitFor();
    for (const tab of ['story', 'access', 'consent']) {
      await page.goto(`${t.baseUrl}/cases/${caseId}?tab=${tab}`);
      await page.getByRole('heading', { level: 1, name: 'Deze pagina is voor de grote mensen' }).waitFor();
      expect(await page.getByText('Het verhaal van de ouders').count()).toBe(0);
    }
    await expectAccessible(page, 'grown-ups page for a child, phone');
    // The parents' peer groups, opened by their address: a child's words and the way home, not "U mag dit niet doen".
    await page.goto(`${t.baseUrl}/groups`);
    await page.getByText('Deze groepen zijn voor ouders. Wil je met iemand praten? Kijk op je eigen pagina.').waitFor();
    await page.getByRole('link', { name: 'Naar jouw eigen plek' }).waitFor();
    expect(await page.getByText('U mag dit niet doen', { exact: false }).count()).toBe(0);
    await expectAccessible(page, 'peer groups for a child, phone');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'ev_session')!.value;
    for (const path of ['/story', '/access-log', '/consents']) {
      const answer = await fetch(`${t.baseUrl}/api/cases/${caseId}${path}`, { headers: { Cookie: `ev_session=${session}` } });
      expect(answer.status).toBe(403);
      expect(await answer.text()).not.toContain('Het verhaal van de ouders');
    }
    expect(problems).toEqual([]);
  }, SLOW);

  it('speaks to the child on “Mijn account” too, in Dutch and English, and the child can still do everything there', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/`);
    await logInThroughForm(page, w.child);
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
    const main = page.locator('main');
    for (const heading of ['Wie je bent', 'Je wachtwoord veranderen', 'Meldingen', 'Je sleutel voor bestanden', 'Alles wat we over jou bewaren', 'Vraag of we iets weghalen']) {
      await main.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    await main.getByText('Hier zie je met welk account je bent ingelogd.', { exact: false }).waitFor();
    await main.getByText('Sommige dingen moeten we lang bewaren. Dat zegt de wet.', { exact: false }).waitFor();
    const words = (await main.textContent()) ?? '';
    expect(words).not.toMatch(/(^|[^\p{L}])(u|uw)([^\p{L}]|$)/iu); // no "u" anywhere
    for (const grownUp of ['Jeugdwet', '20 jaar', 'verzoek', 'versleuteld']) expect(words).not.toContain(grownUp);
    // The same things to do: the password form, the copy, the question to take something away.
    await main.getByLabel('Je wachtwoord van nu').waitFor();
    await main.getByRole('button', { name: 'Maak een kopie' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'child account, phone');
    await screenshot(page, 'child-account-phone');
    await main.getByLabel('Wat wil je ons vertellen? (hoeft niet)').fill('Mijn oude tekening mag weg.');
    await main.getByRole('button', { name: 'Stuur mijn vraag' }).click();
    await main.getByText('Je vraag is verstuurd.', { exact: false }).first().waitFor();
    await main.getByText('We kijken ernaar').waitFor();
    await expectAccessible(page, 'child account, question sent, phone');
    const [asked] = (await t.http().get('/api/me/erasure-requests').set(bearer(w.child)).expect(200)).body.items as { status: string; note: string }[];
    expect(asked).toMatchObject({ status: 'open', note: 'Mijn oude tekening mag weg.' });

    await page.getByRole('button', { name: 'English' }).click();
    await main.getByRole('heading', { level: 2, name: 'Who you are' }).waitFor();
    await main.getByRole('heading', { level: 2, name: 'Ask us to take something away' }).waitFor();
    const english = (await main.textContent()) ?? '';
    for (const grownUp of ['Youth Act', '20 years', 'request', 'encrypted']) expect(english).not.toContain(grownUp);
    await expectAccessible(page, 'child account in English, phone');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await main.getByRole('heading', { level: 2, name: 'Wie je bent' }).waitFor();

    // A grown-up's account keeps the grown-up words.
    const parent = await newPage();
    await parent.page.goto(`${t.baseUrl}/account`);
    await logInThroughForm(parent.page, w.parent);
    await parent.page.getByRole('heading', { level: 2, name: 'Wie u bent' }).waitFor();
    await parent.page.getByText('Jeugdwet', { exact: false }).waitFor();
    expect(problems).toEqual([]);
    expect(parent.problems).toEqual([]);
  }, SLOW);

  it('shows the parent the voice the child chose to share, on the child’s card', async () => {
    const { page, problems } = await newPage(DESKTOP);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=children`);
    await logInThroughForm(page, w.parent);
    await page.getByTestId('child-voice-text').getByText('Ik wil mama vaker zien.', { exact: false }).waitFor();
    await page.getByText('Het kind koos wie dit leest: de begeleider, de ouders.', { exact: false }).waitFor();
    await expectAccessible(page, 'parent reads the child’s voice');
    await screenshot(page, 'parent-child-voice');
    // Live: the child changes it, then takes the parents off; the open page follows without a reload.
    const voiceUrl = `/api/cases/${caseId}/children/${childId}/voice`;
    await t.http().put(voiceUrl).set(bearer(w.child)).send({ text: 'Ik wil ook oma zien.', visibleTo: ['parents'] }).expect(200);
    await page.getByTestId('child-voice-text').getByText('Ik wil ook oma zien.').waitFor();
    await t.http().put(voiceUrl).set(bearer(w.child)).send({ text: 'Dit is alleen voor Bram.', visibleTo: [] }).expect(200);
    await page.getByTestId('child-voice-text').waitFor({ state: 'detached' });
    expect(await page.getByText('Dit is alleen voor Bram.').count()).toBe(0);
    expect(problems).toEqual([]);
  }, SLOW);

  it('speaks to a child on the child route of the public registration', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/register?route=child`);
    await page.getByRole('heading', { level: 1, name: 'Aanmelden voor kinderen en jongeren' }).waitFor();
    await page.getByRole('radio', { name: 'Ik ben een kind of jongere' }).isChecked().then((checked) => expect(checked).toBe(true));
    await page.getByTestId('register-child-help').getByText('Bel gratis de Kindertelefoon: 0800-0432.', { exact: false }).waitFor();
    await page.getByText('Wij beslissen niet waar je woont. Dat doen wij nooit.').waitFor();
    await page.getByLabel('Jouw naam').waitFor();
    await page.getByRole('checkbox', { name: 'Het steunteam mag mij bellen of mailen.' }).waitFor();
    expect(await page.getByText('Meld u hier aan', { exact: false }).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'child registration route, phone');
    await screenshot(page, 'register-child-route-phone');
    await page.getByRole('link', { name: 'Lees wat er gebeurt en wat jij mag' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wat gebeurt er nu? Een lijstje voor jou' }).waitFor();
    await expectAccessible(page, 'public checklist, phone');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'public checklist, desktop');
    // A parent choosing the parent route reads "u" again.
    await page.goto(`${t.baseUrl}/register`);
    await page.getByRole('heading', { level: 1, name: 'Aanmelden bij het steunteam' }).waitFor();
    expect(problems).toEqual([]);
  }, SLOW);
});
