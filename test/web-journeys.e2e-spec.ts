import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Browser globals inside page.evaluate callbacks (the server's tsconfig has no DOM library).
declare const document: any;

const SLOW = 240_000;
const PASSWORD = 'mijn fiets staat bij de molen 7';
/** The phone the issue measured on. */
const PHONE = { width: 390, height: 844 };

/**
 * Issue 17: journeys that used to dead-end, walked as the people they are for.
 */
describe('web client: journeys (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let coordinator: TestUser;
  let counsellor: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    const team = await t.factories.organisation('support_team', 'Steunteam West', ['steunteam-west.example.test']);
    coordinator = await t.factories.user('coordinator', { organisationId: team.id, displayName: 'Carla Coördinator' });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bas Begeleider' });
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

    // The same screens on a phone.
    const coordinatorPhone = await newPage(PHONE);
    await coordinatorPhone.page.goto(`${t.baseUrl}/intake`);
    await logInThroughForm(coordinatorPhone.page, coordinator);
    await coordinatorPhone.page.getByTestId('registration-row').filter({ hasText: 'Petra Pieters' }).getByRole('link').click();
    await coordinatorPhone.page.getByText('Van deze aanmelding is al een dossier gemaakt.').waitFor();
    await expectAccessible(coordinatorPhone.page, 'registration on a phone');
    expect(await fitsWidth(coordinatorPhone.page)).toBe(true);

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
    expect([...problems, ...coordinatorPhone.problems, ...parent.problems]).toEqual([]);
  }, SLOW);
});
