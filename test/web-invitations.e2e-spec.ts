import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, PHONE, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const SLOW = 240_000;
const PASSWORD = 'mijn fiets staat bij de molen 7';

/**
 * Invitations in the browser, as the people they are for: the administrator adds an organisation
 * with its mail domain and invites its first coordinator; a counsellor invites a parent into a case
 * and sees only where the mail went; the parent accepts from the mail link; a parent who already
 * has an account decides herself whether to join.
 */
describe('web client: invitations by mail (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let admin: TestUser;
  let counsellor: TestUser;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    admin = await t.factories.user('admin', { displayName: 'Ad Beheer' });
    const team = await t.factories.organisation('support_team', 'Steunteam Oost', ['steunteam-oost.example.test']);
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bram Begeleider' });
    caseId = (await t.http().post('/api/cases').set(bearer(counsellor)).send({ title: 'Gezin Uitnodiging' }).expect(201)).body.id;
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

  it('lets the administrator add an organisation with its mail domain and invite its first coordinator, and resend', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/`);
    await logInThroughForm(page, admin);
    await page.getByRole('link', { name: 'Organisaties' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Organisaties' }).waitFor();
    await expect(page.getByText('U heeft nog geen dossiers.').count()).resolves.toBe(0);
    await page.getByLabel('Naam van de organisatie').fill('Jeugdbescherming Noord (test)');
    await page.getByLabel('Soort organisatie').selectOption('youth_protection');
    await page.getByLabel('Geverifieerde maildomeinen').fill('JB-Noord.example.test');
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText('Organisatie Jeugdbescherming Noord (test) is toegevoegd.').waitFor();
    const card = page.getByTestId('organisation').filter({ hasText: 'Jeugdbescherming Noord (test)' });
    await card.getByText('jb-noord.example.test').first().waitFor();

    const form = card.getByRole('form', { name: 'Eerste coördinator van Jeugdbescherming Noord (test) uitnodigen' });
    await form.getByLabel('E-mailadres').fill('eigen-adres@example.test');
    await form.getByLabel('Naam').fill('Nep Coördinator');
    await form.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await form.getByText(/geverifieerd maildomein/).first().waitFor();
    await expectAccessible(page, 'organisations with a refused invitation');

    await form.getByLabel('E-mailadres').fill('coordinator@jb-noord.example.test');
    await form.getByLabel('Naam').fill('Noor Noord');
    await form.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await form.getByText('Uitnodiging verstuurd naar coordinator@jb-noord.example.test. De link werkt 14 dagen.').waitFor();
    const sent = card.getByTestId('invitation').filter({ hasText: 'coordinator@jb-noord.example.test' });
    await sent.getByText(/nog niet aangenomen/).waitFor();
    await expect(page.content()).resolves.not.toMatch(/\/invitation\/[A-Za-z0-9_-]{20,}/);
    const firstToken = await t.mail.invitationToken('coordinator@jb-noord.example.test');
    await sent.getByRole('button', { name: 'Opnieuw versturen naar coordinator@jb-noord.example.test' }).click();
    await card.getByText('Nieuwe link verstuurd naar coordinator@jb-noord.example.test. De oude link werkt niet meer.').waitFor();
    expect(await t.mail.invitationToken('coordinator@jb-noord.example.test')).not.toBe(firstToken);
    await expectAccessible(page, 'organisations');
    await screenshot(page, 'admin-organisations');
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets a counsellor invite a parent into the case; the parent accepts from the mail link on a phone and finds the case', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${t.baseUrl}/cases/${caseId}`);
    await logInThroughForm(page, counsellor);
    await page.getByRole('link', { name: 'Deelnemers', exact: true }).first().click();
    const form = page.getByRole('form', { name: 'Iemand uitnodigen voor dit dossier' });
    await form.getByLabel('Wie is het?').selectOption('parent');
    await form.getByLabel('E-mailadres').fill('olga.ouder@example.test');
    await form.getByLabel('Naam').fill('Olga Ouder');
    await form.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await form.getByText('Uitnodiging verstuurd naar olga.ouder@example.test. De link werkt 14 dagen.').waitFor();
    await page.getByTestId('invitation').filter({ hasText: 'olga.ouder@example.test' }).waitFor();
    await expectAccessible(page, 'case participants with invitations');
    await screenshot(page, 'case-invite-parent');
    expect(problems).toEqual([]);

    const token = await t.mail.invitationToken('olga.ouder@example.test');
    const phone = await newPage(PHONE);
    await phone.page.goto(`${t.baseUrl}/invitation/${token}`);
    await phone.page.getByText('Bram Begeleider (Steunteam Oost) nodigt u uit.', { exact: false }).waitFor();
    await phone.page.getByText(/account als ouder voor olga\.ouder@example\.test/).waitFor();
    await expectAccessible(phone.page, 'invitation for a new parent');
    expect(await fitsWidth(phone.page)).toBe(true);
    await phone.page.getByLabel('Kies een wachtwoord').fill(PASSWORD);
    await phone.page.getByLabel('Typ het wachtwoord nog een keer').fill(PASSWORD);
    await phone.page.getByRole('button', { name: 'Account maken' }).click();
    await phone.page.getByRole('heading', { level: 1, name: 'Uw account is klaar' }).waitFor();
    await phone.page.getByRole('link', { name: 'Naar inloggen' }).click();
    await logInThroughForm(phone.page, { email: 'olga.ouder@example.test' }, { password: PASSWORD });
    // Accepting the invitation brought her into the case: it is on her start page.
    await phone.page.getByRole('link', { name: 'Gezin Uitnodiging' }).waitFor();
    const listed = (await t.http().get(`/api/invitations?caseId=${caseId}`).set(bearer(counsellor)).expect(200)).body.items;
    expect(listed.find((i: { email: string }) => i.email === 'olga.ouder@example.test').status).toBe('accepted');
    expect(phone.problems).toEqual([]);
  }, SLOW);

  it('lets a parent who already has an account decide herself whether to join', async () => {
    const existing = await t.factories.user('parent', { email: 'bestaande.ouder@example.test', displayName: 'Bea Bestaand' });
    await t.http().post('/api/invitations').set(bearer(counsellor))
      .send({ email: 'bestaande.ouder@example.test', displayName: 'Bea', role: 'parent', caseId }).expect(201);
    await t.http().get(`/api/cases/${caseId}`).set(bearer(existing)).expect(404);
    const token = await t.mail.invitationToken('bestaande.ouder@example.test');

    const { page, problems } = await newPage(PHONE);
    await page.goto(`${t.baseUrl}/invitation/${token}`);
    await page.getByRole('heading', { level: 1, name: 'U heeft al een account' }).waitFor();
    await expectAccessible(page, 'invitation for an existing account');
    await page.getByRole('link', { name: 'Inloggen en verder' }).click();
    await logInThroughForm(page, existing);
    await page.getByRole('heading', { level: 1, name: 'Meedoen aan dit dossier?' }).waitFor();
    await expectAccessible(page, 'join a case');
    await screenshot(page, 'invitation-join-phone');
    await page.getByRole('button', { name: 'Ja, ik doe mee' }).click();
    await page.getByRole('link', { name: 'Naar het dossier' }).click();
    await page.getByRole('heading', { level: 1, name: /Gezin Uitnodiging/ }).waitFor();
    await t.http().get(`/api/cases/${caseId}`).set(bearer(existing)).expect(200);
    expect(problems).toEqual([]);
  }, SLOW);
});
