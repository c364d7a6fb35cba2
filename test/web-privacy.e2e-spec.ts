import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestAppAtOrigin, expectAccessible, fitsWidth, LAPTOP, launchBrowser, openPage, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import type { TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';
import { bearer } from './helpers/factories.js';

const SLOW = 240_000;
const run = promisify(execFile);

/**
 * Privacy rights in the browser: on "Mijn account" a parent makes and downloads a copy of
 * everything (with a progress bar) and asks for erasure; the coordinator decides it on the team
 * screen and places a legal hold on the case screen; the parent reads the outcome. Axe-clean on a
 * laptop and a phone.
 */
describe('web client: privacy rights (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let origin: string;
  let forwarder: { close(): Promise<void> };
  let caseId: string;
  let dir: string;

  beforeAll(async () => {
    ({ t, origin, forwarder } = await createTestAppAtOrigin());
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Privacy', [[w.parent, 'parent']]);
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.parent)).send({ sections: [{ key: 'a', title: 'Wat er gebeurde', text: 'Mijn verhaal.' }] }).expect(200);
    b = await launchBrowser();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ev-web-privacy-'));
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await forwarder?.close();
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a parent makes a copy, follows it, downloads a ZIP that opens, and asks for erasure', async () => {
    const { page, problems } = await openPage(b, `${origin}/account`, { viewport: LAPTOP, session: w.parent.token });
    const copy = page.getByTestId('my-copy');
    await copy.getByRole('heading', { name: 'Download een kopie van alles' }).waitFor();
    await expectAccessible(page, 'account with privacy sections');
    await copy.getByRole('button', { name: 'Maak een kopie' }).click();
    const link = copy.getByRole('link', { name: 'Download de kopie (zip)' });
    await link.waitFor({ timeout: 30_000 });
    await page.getByText('Uw kopie is klaar. U kunt hem nu downloaden.').waitFor();
    await expectAccessible(page, 'account, copy ready');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = path.join(dir, 'kopie.zip');
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toMatch(/^eenverhaal-kopie-\d{4}-\d{2}-\d{2}\.zip$/);
    expect((await run('unzip', ['-t', saved])).stdout).toContain('No errors detected');

    const erasure = page.getByTestId('ask-erasure');
    await erasure.getByLabel('Wat wilt u ons vertellen? (mag leeg blijven)').fill('Haal mijn oude aanmelding weg.');
    await erasure.getByRole('button', { name: 'Vraag om verwijdering' }).click();
    await erasure.getByText('In behandeling').waitFor();
    await erasure.getByText('Een coördinator bekijkt uw vraag.', { exact: false }).waitFor();
    await expectAccessible(page, 'account, erasure asked');
    await screenshot(page, 'account-privacy');
    expect(problems).toEqual([]);
  }, SLOW);

  it('fits a phone and stays accessible there', async () => {
    const { page } = await openPage(b, `${origin}/account`, { viewport: PHONE, session: w.parent.token });
    await page.getByTestId('copy-ready').waitFor();
    await expectAccessible(page, 'account on a phone');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'account-privacy-phone');
  }, SLOW);

  it('the coordinator decides the request with a reason on the team screen, and places a legal hold on the case', async () => {
    const { page, problems } = await openPage(b, `${origin}/team`, { viewport: LAPTOP, session: w.coordinator.token });
    const section = page.getByTestId('erasure-section');
    const request = section.getByTestId('erasure-request');
    await request.getByText('Haal mijn oude aanmelding weg.', { exact: false }).waitFor();
    await expectAccessible(page, 'team with erasure requests');
    await screenshot(page, 'team-erasure-requests');
    await request.getByRole('button', { name: 'Toekennen', exact: true }).click();
    await request.getByText('Schrijf een reden. De vrager wil weten waarom.').waitFor();
    await expectAccessible(page, 'team, reason missing');
    await request.getByLabel('Uw reden (de vrager leest dit)').fill('Uw aanmelding is weg. Uw dossier bewaren we 20 jaar (Jeugdwet).');
    await request.getByRole('button', { name: 'Toekennen', exact: true }).click();
    await section.getByText('Er zijn geen open vragen om verwijdering.').waitFor();

    await page.goto(`${origin}/cases/${caseId}`);
    const hold = page.getByTestId('legal-hold');
    await hold.locator('summary').click();
    await hold.getByRole('button', { name: 'Zet bewaarplicht aan' }).click();
    await hold.getByText('Schrijf een reden voor de bewaarplicht.').waitFor();
    await hold.getByLabel('Reden van de bewaarplicht').fill('Lopende rechtszaak');
    await hold.getByRole('button', { name: 'Zet bewaarplicht aan' }).click();
    await hold.getByText('Reden: Lopende rechtszaak').waitFor();
    await expectAccessible(page, 'case with legal hold');
    await screenshot(page, 'case-legal-hold');
    expect((await t.http().get(`/api/cases/${caseId}/legal-hold`).set(bearer(w.coordinator)).expect(200)).body.held).toBe(true);
    expect(problems).toEqual([]);

    // The parent reads the outcome, with its reason.
    const parent = await openPage(b, `${origin}/account`, { viewport: PHONE, session: w.parent.token });
    const erasure = parent.page.getByTestId('ask-erasure');
    await erasure.getByText('Toegekend').waitFor();
    await erasure.getByText('De reden: Uw aanmelding is weg. Uw dossier bewaren we 20 jaar (Jeugdwet).').waitFor();
    await expectAccessible(parent.page, 'account, erasure decided');
  }, SLOW);
});
