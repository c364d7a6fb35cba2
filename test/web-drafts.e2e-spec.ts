import type { Page } from 'playwright-core';
import { launchBrowser, logInThroughForm, PHONE, watchPage, type TestBrowser } from './helpers/browser.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

const SLOW = 120_000;
const DRAFT = 'Wat ik nog niet wil opslaan: een geheim concept.';

/**
 * Security review, finding 12: an unsaved story draft stayed in sessionStorage after logout, for the
 * next person at the computer. It survives a reload while the session lives, and goes when the
 * session ends: by logging out, or when the server ended it.
 */
describe('web client: story drafts do not outlive the session (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Concept', [[w.parent, 'parent']]);
    b = await launchBrowser();
    const context = await b.context({ viewport: PHONE });
    page = await context.newPage();
    problems = watchPage(page).problems;
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  /** Everything in this tab's sessionStorage whose value holds the draft text (the function runs in the page). */
  const storedDrafts = () => page.evaluate((text) => {
    const store = (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } & Record<string, unknown> }).sessionStorage;
    return Object.keys(store).filter((k) => (store.getItem(k) ?? '').includes(text));
  }, DRAFT);
  const writeDraft = async () => {
    await page.goto(`${t.baseUrl}/cases/${caseId}?tab=story`);
    await page.getByRole('button', { name: 'Mijn verhaal schrijven' }).click();
    await page.getByLabel('Wat er gebeurde').fill(DRAFT);
    await page.waitForFunction((text) => {
      const store = (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } & Record<string, unknown> }).sessionStorage;
      return Object.keys(store).some((k) => (store.getItem(k) ?? '').includes(text));
    }, DRAFT);
  };

  it('keeps an unsaved draft across a reload while the session lives, and clears it at logout', async () => {
    await page.goto(`${t.baseUrl}/`);
    await logInThroughForm(page, w.parent);
    await page.getByRole('link', { name: 'Familie Concept' }).waitFor();
    await writeDraft();
    await page.reload();
    await page.getByLabel('Wat er gebeurde').waitFor();
    expect(await page.getByLabel('Wat er gebeurde').inputValue()).toBe(DRAFT);

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await storedDrafts()).toEqual([]);
  }, SLOW);

  it('clears it when the server ended the session', async () => {
    await logInThroughForm(page, w.parent);
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
    await writeDraft();
    expect((await storedDrafts()).length).toBe(1);
    await t.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [w.parent.id]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await storedDrafts()).toEqual([]);
    expect(problems.filter((p) => !/401/.test(p))).toEqual([]);
  }, SLOW);
});
