import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, openPage, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

const SLOW = 180_000;
const PHONE = { width: 390, height: 844 };

/**
 * Issue 18 in the browser: the parent's plan starts with their own goals and asks what they want to
 * achieve; a counsellor drops a goal of the parent only with a reason the parent sees at once; a
 * partner without consent reads why, and the plan after consent; the analysis shows each party's
 * view side by side and is signed off by the case's behavioural scientist. Axe-clean, phone too.
 */
describe('web client: the plan and the shared analysis (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;
  let scientist: TestUser;
  const pages: Record<string, Page> = {};
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    w = await caseWorld(t);
    scientist = await t.factories.user('expert', { organisationId: w.expert.organisationId, displayName: 'Dr. Gea Gedrag' });
    await t.asOwner(`UPDATE app_user SET specialism = 'behavioural_science' WHERE id = $1`, [scientist.id]);
    caseId = await createCase(t, w.counsellor, 'Familie Plan', [[w.parent, 'parent'], [w.partner, 'guardian'], [scientist, 'expert']]);
    await t.http().post(`/api/cases/${caseId}/plan/goals`).set(bearer(w.counsellor)).send({ title: 'Een vaste gezinsvoogd voor de kinderen', owner: 'team' }).expect(201);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    expect(problems).toEqual([]);
    await b?.close();
    await t?.close();
  });

  const open = async (who: string, user: TestUser, tab: string, viewport?: { width: number; height: number }) => {
    const page = await (await b.context({ viewport })).newPage();
    problems.push(...watchPage(page).problems);
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=${tab}`);
    await logInThroughForm(page, user);
    pages[who] = page;
    return page;
  };

  it('starts the parent\'s plan with their own goals and asks what they want to achieve (phone)', async () => {
    const page = await open('parent', w.parent, 'plan', PHONE);
    await page.getByRole('heading', { level: 2, name: 'Plan' }).waitFor();
    // The tab's heading shows before the plan has loaded: wait for the plan's first heading.
    await page.getByRole('heading', { level: 3, name: 'Uw eigen doelen' }).waitFor();
    const headings = await page.locator('main h3, main h4').allTextContents();
    expect(headings.slice(0, 2)).toEqual(['Uw eigen doelen', 'Wat wilt u zelf bereiken?']);
    await page.getByLabel('Het doel').fill('Mijn kinderen elke week zien');
    await page.getByLabel('Uitleg (als u wilt)').fill('Eerst begeleid, later bij mij thuis.');
    await page.getByRole('button', { name: 'Doel toevoegen' }).click();
    await page.getByRole('status').filter({ hasText: 'Het doel "Mijn kinderen elke week zien" staat in het plan.' }).waitFor();
    await page.getByTestId('plan-family-goals').getByRole('heading', { name: 'Mijn kinderen elke week zien' }).waitFor();
    const plan = (await t.http().get(`/api/cases/${caseId}/plan`).set(bearer(w.parent)).expect(200)).body;
    expect(plan.goals.map((g: { title: string; owner: string }) => [g.title, g.owner])).toEqual([['Een vaste gezinsvoogd voor de kinderen', 'team'], ['Mijn kinderen elke week zien', 'parent']]);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'plan, parent (390 × 844)');
    await screenshot(page, 'plan-parent-phone');
  }, SLOW);

  it('lets a counsellor drop the parent\'s goal only with a reason, which the parent sees at once', async () => {
    const page = await open('counsellor', w.counsellor, 'plan');
    const goal = page.getByTestId('plan-goal').filter({ hasText: 'Mijn kinderen elke week zien' });
    await goal.getByLabel('Status van "Mijn kinderen elke week zien"').selectOption({ label: 'Gestopt' });
    await goal.getByRole('button', { name: 'Status opslaan' }).click();
    await goal.getByText('Schrijf op waarom dit doel stopt').first().waitFor();
    await goal.getByLabel('Waarom stopt dit doel?').fill('De rechter besliste anders. We zoeken samen een nieuw doel.');
    await goal.getByRole('button', { name: 'Status opslaan' }).click();
    await goal.getByTestId('plan-dropped').waitFor();
    await expectAccessible(page, 'plan, counsellor');
    await screenshot(page, 'plan-counsellor');
    // The parent's open screen hears of it (plan:update) and shows who and why.
    await pages.parent.getByTestId('plan-dropped').filter({ hasText: 'Bram Begeleider stopte met dit doel. De reden: De rechter besliste anders.' }).waitFor();
    await expectAccessible(pages.parent, 'plan, parent after the drop (390 × 844)');
  }, SLOW);

  it('tells a partner without consent why they see no plan, and shows it after consent', async () => {
    const page = await open('partner', w.partner, 'plan');
    await page.getByTestId('plan-no-consent').waitFor();
    await expectAccessible(page, 'plan, partner without consent');
    await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.partner.id, scopes: ['plan'] }).expect(201);
    await page.getByTestId('plan-professional-goals').getByRole('heading', { name: 'Een vaste gezinsvoogd voor de kinderen' }).waitFor();
    await expectAccessible(page, 'plan, partner with consent');
    await screenshot(page, 'plan-partner');
  }, SLOW);

  it('lets the counsellor name the goal a small step serves', async () => {
    const page = pages.counsellor;
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=results`);
    await page.getByLabel('Bij welk doel van het plan hoort deze stap? (als u wilt)').selectOption({ label: 'Een vaste gezinsvoogd voor de kinderen' });
    await page.getByLabel('Wat is er bereikt?').selectOption({ label: 'therapie gestart' });
    await page.getByRole('button', { name: 'Resultaat opslaan' }).click();
    await page.getByTestId('result-goal').filter({ hasText: 'Een stap naar het doel "Een vaste gezinsvoogd voor de kinderen"' }).waitFor();
    const [result] = (await t.http().get(`/api/cases/${caseId}/results`).set(bearer(w.counsellor)).expect(200)).body;
    const plan = (await t.http().get(`/api/cases/${caseId}/plan`).set(bearer(w.counsellor)).expect(200)).body;
    expect(result.goalId).toBe(plan.goals[0].id);
    await expectAccessible(page, 'results with a goal');
  }, SLOW);

  it('shows each party\'s view side by side, and the behavioural scientist signs the analysis off', async () => {
    await t.http().put(`/api/cases/${caseId}/analysis`).set(bearer(w.counsellor)).send({ sections: [
      { key: 'situation', text: 'Twee kinderen wonen sinds 2024 in een pleeggezin.' },
      { key: 'risks', text: 'Schulden en geen vaste woning.' },
    ] }).expect(200);
    await t.http().post(`/api/cases/${caseId}/analysis/positions`).set(bearer(w.counsellor)).send({ sectionKey: 'risks', stance: 'agree' }).expect(201);

    const parent = pages.parent;
    await parent.goto(`${t.baseUrl}/cases/${caseId}?tab=analysis`);
    await parent.getByRole('heading', { level: 3, name: 'Zorgen en risico\'s' }).waitFor();
    await parent.getByLabel('Over welk onderdeel?').selectOption({ label: 'Zorgen en risico\'s' });
    await parent.getByLabel('Wat vindt u?').selectOption({ label: 'Ziet het anders' });
    await parent.getByLabel('In uw eigen woorden (als u wilt)').fill('De schulden zijn opgelost sinds maart.');
    await parent.getByRole('button', { name: 'Mijn mening opslaan' }).click();
    await parent.getByRole('status').filter({ hasText: 'Uw mening staat bij het onderdeel.' }).waitFor();
    const risks = parent.getByTestId('analysis-section').filter({ hasText: 'Zorgen en risico' });
    await risks.getByTestId('analysis-position').filter({ hasText: 'Olga Ouder' }).waitFor();
    expect(await risks.getByTestId('analysis-position').count()).toBe(2);
    expect(await fitsWidth(parent)).toBe(true);
    await expectAccessible(parent, 'analysis, parent (390 × 844)');
    await screenshot(parent, 'analysis-parent-phone');

    const page = await open('expert', scientist, 'analysis');
    const cards = page.getByTestId('analysis-section').filter({ hasText: 'Zorgen en risico' }).getByTestId('analysis-position');
    await cards.nth(1).waitFor();
    // Side by side: the parent's view and the counsellor's on one row.
    const [first, second] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
    expect(Math.abs(first!.y - second!.y)).toBeLessThan(2);
    await page.getByRole('button', { name: 'Analyse vaststellen (tegenspraak)' }).click();
    await page.getByTestId('analysis-status').filter({ hasText: 'Vastgesteld door Dr. Gea Gedrag' }).waitFor();
    expect((await t.http().get(`/api/cases/${caseId}/analysis`).set(bearer(w.parent)).expect(200)).body).toMatchObject({ version: 1, status: 'final' });
    await expectAccessible(page, 'analysis, expert');
    await screenshot(page, 'analysis-expert');
  }, SLOW);

  it('shows a coordinator of the team the same plan, and the plans in the monthly report', async () => {
    const { page } = await openPage(b, `${t.baseUrl}/cases/${caseId}?tab=plan`, { session: await t.factories.session(w.coordinator.id) });
    await page.getByTestId('plan-family-goals').waitFor();
    await expectAccessible(page, 'plan, coordinator');
    await page.goto(`${t.baseUrl}/reports`);
    const figures = page.getByTestId('report-plan');
    await figures.waitFor();
    // One case in view, with a goal of the parent's own (dropped, but theirs) beside the team's.
    expect(await figures.textContent()).toContain('Dossiers met een eigen doel van de ouders1 (100%)');
    await page.getByRole('img', { name: /Doelen per eigenaar.*de ouder: 1.*het team: 1/ }).waitFor();
    await expectAccessible(page, 'monthly report with the plans');
    await screenshot(page, 'report-plan');
  }, SLOW);
});
