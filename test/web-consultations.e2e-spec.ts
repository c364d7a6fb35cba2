import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const SLOW = 240_000;
const PHONE_390 = { width: 390, height: 844 };

/**
 * The expert pool in the browser (issue 19): the counsellor asks a specialist from the case screen
 * (a question with a name in it is refused next to the field), the specialist finds the question on
 * their start page on a phone, oldest first, under a pseudonym, and answers; the counsellor sees
 * the answer arrive live. Every screen axe-clean, on a laptop and at 390×844.
 */
describe('web client: asking a specialist of the expert pool (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let counsellor: TestUser;
  let expert: TestUser;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    const pool = await t.factories.organisation('expert_pool', 'Expertpool Oost');
    expert = await t.factories.user('expert', { organisationId: pool.id, displayName: 'Karin Kinderpsychiater' });
    await t.dataSource.query(`UPDATE app_user SET specialism = 'child_psychiatry' WHERE id = $1`, [expert.id]);
    const lawyer = await t.factories.user('expert', { organisationId: pool.id, displayName: 'Jurre Jurist' });
    await t.dataSource.query(`UPDATE app_user SET specialism = 'youth_protection_law' WHERE id = $1`, [lawyer.id]);
    const team = await t.factories.organisation('support_team', 'Steunteam Oost');
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bram Begeleider' });
    const parent = await t.factories.user('parent', { displayName: 'Sanne Smit' });
    const created = await t.http().post('/api/cases').set(bearer(counsellor)).send({
      title: 'Gezin Smit', regionCodes: ['ijsselland'], householdComposition: 'single_parent', placementReasons: ['housing'], desiredSituation: ['reverse_placement'],
    }).expect(201);
    caseId = created.body.id;
    await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(counsellor)).send({ userId: parent.id, role: 'parent' }).expect(201);
    await t.http().post(`/api/cases/${caseId}/children`).set(bearer(counsellor))
      .send({ firstName: 'Tijn', birthYear: 2016, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSince: '2024-05-01' }).expect(201);
    // An older open question to the same expert, so the start page shows the order.
    await t.http().post(`/api/cases/${caseId}/consultations`).set(bearer(counsellor))
      .send({ expertId: expert.id, question: 'Een eerdere vraag over slaapproblemen.', basis: 'professional_need' }).expect(201);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const open = async (user: TestUser, path: string, viewport?: { width: number; height: number }) => {
    const page = await (await b.context({ viewport })).newPage();
    const { problems } = watchPage(page);
    await page.goto(`${t.baseUrl}${path}`);
    await logInThroughForm(page, user);
    return { page, problems };
  };
  const bodyText = (page: Page) => page.locator('body').innerText();

  it('the counsellor asks from the case screen; the specialist answers from their phone; the answer arrives live', async () => {
    // The counsellor: the case's "ask a specialist" tab.
    const { page: asking, problems: askingProblems } = await open(counsellor, `/cases/${caseId}?tab=experts`);
    await asking.getByRole('heading', { level: 2, name: 'Specialist vragen' }).waitFor();
    await asking.getByRole('heading', { name: 'Een specialist om raad vragen' }).waitFor();
    await expectAccessible(asking, 'ask a specialist');
    // Nothing chosen: each field says what is missing.
    await asking.getByRole('button', { name: 'Vraag versturen' }).click();
    await asking.getByText('Kies een specialist.').waitFor();
    await asking.getByText('Kies de grond voor uw vraag.').waitFor();
    await asking.getByText('Schrijf uw vraag.').waitFor();
    await expectAccessible(asking, 'ask a specialist with errors');
    await asking.getByLabel('Welke specialist?').selectOption({ label: 'Karin Kinderpsychiater — kinder- en jeugdpsychiatrie' });
    await asking.getByLabel('uit professionele noodzaak').check();
    // A name from the file is refused, next to the field.
    await asking.getByLabel('Uw vraag').fill('Tijn slaapt slecht sinds de plaatsing. Wat kunnen de pleegouders doen?');
    await asking.getByRole('button', { name: 'Vraag versturen' }).click();
    await asking.getByText(/uw tekst bevat een naam uit dit dossier/i).waitFor();
    await expect(asking.getByLabel('Uw vraag').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(asking, 'counsellor-ask-specialist');
    await asking.getByLabel('Uw vraag').fill('Het kind slaapt slecht sinds de plaatsing. Wat kunnen de pleegouders doen?');
    await asking.getByRole('button', { name: 'Vraag versturen' }).click();
    await asking.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    const pseudonym = (await asking.getByRole('heading', { level: 1 }).textContent())!;
    expect(pseudonym).toMatch(/^Gezin [A-Z]{2}-\d{3}$/);
    await asking.getByText('wacht op antwoord').first().waitFor();
    await asking.getByText('Geboren in 2016: in een pleeggezin sinds 2024, ondertoezichtstelling (OTS)').waitFor();
    await expectAccessible(asking, 'the counsellor\'s consultation');

    // The specialist, on a phone: the start page lists the open questions, oldest first.
    const { page: phone, problems: phoneProblems } = await open(expert, '/', PHONE_390);
    const list = phone.getByRole('list', { name: 'Open vragen aan u' });
    await list.waitFor();
    await expect(list.getByTestId('consultation').count()).resolves.toBe(2);
    expect(await list.getByTestId('consultation').first().innerText()).toContain('slaapproblemen');
    expect(await list.getByTestId('consultation').last().innerText()).toContain(pseudonym);
    // One calm page: no "nothing waits for you" above questions that wait, no empty list of cases.
    expect(await phone.getByTestId('attention').count()).toBe(0);
    expect(await phone.getByRole('heading', { level: 2, name: 'Dossiers' }).count()).toBe(0);
    expect(await fitsWidth(phone)).toBe(true);
    await expectAccessible(phone, 'the expert\'s start page (phone)');
    await screenshot(phone, 'expert-home-phone');
    await list.getByRole('link', { name: pseudonym }).click();
    await phone.getByRole('heading', { level: 1, name: pseudonym }).waitFor();
    await phone.getByText('Samenvatting zonder namen').waitFor();
    const seen = await bodyText(phone);
    for (const secret of ['Smit', 'Tijn', 'Bram', 'Begeleider', 'EV-']) expect(seen).not.toContain(secret);
    expect(await fitsWidth(phone)).toBe(true);
    await expectAccessible(phone, 'the expert\'s consultation (phone)');

    // The answer goes out; the counsellor's open screen shows it without a reload.
    await phone.getByLabel('Uw bericht').fill('Vaste bedtijden en een vast ritueel helpen. Bespreek ook het contact rond de bezoeken.');
    await phone.getByRole('button', { name: 'Versturen' }).click();
    await phone.getByText('Uw bericht is verstuurd.').waitFor();
    await phone.getByText('beantwoord').first().waitFor();
    await expectAccessible(phone, 'the expert\'s consultation after answering (phone)');
    await screenshot(phone, 'expert-consultation-phone');
    await asking.getByText('Vaste bedtijden en een vast ritueel helpen.', { exact: false }).waitFor();
    await asking.getByText('Karin Kinderpsychiater ·', { exact: false }).waitFor();
    await expectAccessible(asking, 'the counsellor\'s consultation with the answer');
    await screenshot(asking, 'counsellor-consultation-answered');

    // The specialist adds their view to the family's shared analysis, without seeing it (issues 18 and 19).
    await t.http().put(`/api/cases/${caseId}/analysis`).set(bearer(counsellor)).send({ sections: [{ key: 'risks', text: 'Tijn slaapt slecht na de bezoeken.' }] }).expect(200);
    const addition = phone.getByRole('form', { name: 'Iets toevoegen aan de gedeelde analyse' });
    await addition.getByRole('button', { name: 'Toevoegen aan de analyse' }).click();
    await addition.getByText('Kies een onderdeel.').waitFor();
    await addition.getByLabel('Bij welk onderdeel?').selectOption('risks');
    await addition.getByLabel('Uw toevoeging').fill('Slaapproblemen na bezoeken zijn gewoon; een vast ritueel helpt.');
    await addition.getByRole('button', { name: 'Toevoegen aan de analyse' }).click();
    await phone.getByText('Uw toevoeging staat in de analyse.').waitFor();
    expect(await bodyText(phone)).not.toContain('Tijn slaapt slecht');
    await expectAccessible(phone, 'the expert adds to the analysis (phone)');
    const analysis = (await t.http().get(`/api/cases/${caseId}/analysis`).set(bearer(counsellor)).expect(200)).body;
    expect(analysis.positions).toEqual([expect.objectContaining({ displayName: 'Karin Kinderpsychiater', role: 'expert', sectionKey: 'risks', stance: 'addition' })]);
    expect([...askingProblems, ...phoneProblems]).toEqual([]);
  }, SLOW);

  it('fits a phone for the counsellor too: the ask tab and the list of questions; the expert\'s list has open and closed', async () => {
    const session = await t.factories.session(counsellor.id);
    const context = await b.context({ viewport: PHONE_390 });
    await context.addCookies([{ name: 'ev_session', value: session, url: t.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const { problems } = watchPage(page);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=experts`);
    await page.getByRole('heading', { name: 'Een specialist om raad vragen' }).waitFor();
    await page.getByRole('list', { name: 'Eerdere vragen over dit gezin' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'ask a specialist (phone)');
    await screenshot(page, 'counsellor-ask-specialist-phone');
    await page.getByRole('link', { name: 'Vragen aan specialisten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vragen aan specialisten' }).waitFor();
    await page.getByRole('list', { name: 'Open vragen' }).waitFor();
    await expect(page.getByRole('list', { name: 'Open vragen' }).getByTestId('consultation').count()).resolves.toBe(2);
    expect(await page.getByTestId('consultation').first().innerText()).toContain('Karin Kinderpsychiater');
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'the counsellor\'s questions (phone)');

    // The expert closes the first question; their list then shows it under "Afgesloten".
    const [first] = (await t.http().get('/api/consultations?state=open').set(bearer(expert)).expect(200)).body.items;
    await t.http().post(`/api/consultations/${first.id}/close`).set(bearer(expert)).send({}).expect(200);
    const expertContext = await b.context({ viewport: PHONE_390 });
    await expertContext.addCookies([{ name: 'ev_session', value: await t.factories.session(expert.id), url: t.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const expertPage = await expertContext.newPage();
    await expertPage.goto(`${t.baseUrl}/consultations`);
    await expertPage.getByRole('heading', { level: 1, name: 'Vragen aan mij' }).waitFor();
    await expertPage.getByRole('list', { name: 'Afgesloten' }).waitFor();
    await expect(expertPage.getByRole('list', { name: 'Afgesloten' }).getByTestId('consultation').count()).resolves.toBe(1);
    await expect(expertPage.getByRole('list', { name: 'Open vragen' }).getByTestId('consultation').count()).resolves.toBe(1);
    expect(await fitsWidth(expertPage)).toBe(true);
    await expectAccessible(expertPage, 'the expert\'s questions (phone)');
    await screenshot(expertPage, 'expert-questions-phone');
    expect(problems).toEqual([]);
  }, SLOW);
});
