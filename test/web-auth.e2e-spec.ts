import type { Page } from 'playwright-core';
import { currentTotp } from '../src/auth/totp.js';
import { expectAccessible, fitsWidth, launchBrowser, openPage, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer, TEST_PASSWORD } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Browser globals inside page.evaluate callbacks (the server's tsconfig has no DOM library).
declare const document: any, window: any, getComputedStyle: any;


/** The web client in a real Chromium against the real portal: login, TOTP, invitation, logout, expiry. */
/** Browser steps with argon2 logins take a few seconds each on this 2-core machine. */
const SLOW = 90_000;

describe('web client: login and accounts (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  beforeAll(async () => {
    // A registration form filled by a robot in under 3 s would be dropped as automated (issue 14, finding 11).
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', INTAKE_MIN_FILL_SECONDS: '1' });
    b = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  async function open(path: string, viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    return openPage(b, `${t.baseUrl}${path}`, { viewport });
  }

  async function fillLogin(page: Page, email: string, password: string) {
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
  }

  it('serves the client on any non-API path, under the strict CSP, and leaves the API alone', async () => {
    const page = await t.http().get('/cases/some/deep/link').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<div id="root">');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    const api = await t.http().get('/api/does-not-exist').expect(404);
    expect(api.headers['content-type']).toMatch(/json/);
    await t.http().get('/assets/missing-file.js').expect(404);
  }, SLOW);

  it('logs a parent in on a 360 px phone: accessible, fits the screen, Dutch by default', async () => {
    const parent = await t.factories.user('parent', { displayName: 'Sanne Ouder' });
    const { page, problems } = await open('/', PHONE);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await expectAccessible(page, 'login (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'login-phone');

    await fillLogin(page, parent.email, 'this-is-not-the-password');
    await page.getByRole('alert').filter({ hasText: 'klopt niet' }).waitFor();
    await expectAccessible(page, 'login error');

    await page.getByLabel('Wachtwoord', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('U bent ingelogd als Sanne Ouder.').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'home after login');
    expect(problems).toEqual([]);
  }, SLOW);

  it('asks a professional for the authenticator code after the password', async () => {
    const counsellor = await t.factories.user('counsellor', { displayName: 'Jamal Begeleider' });
    const { page, problems } = await open('/');
    await fillLogin(page, counsellor.email, TEST_PASSWORD);
    const code = page.getByLabel('Code uit de app (6 cijfers)');
    await code.waitFor();
    await expectAccessible(page, 'login TOTP step');
    await screenshot(page, 'login-totp');
    await code.fill('000000' === currentTotp(counsellor.totpSecret!) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Code controleren' }).click();
    await page.getByRole('alert').waitFor();
    await code.fill(currentTotp(counsellor.totpSecret!));
    await page.getByRole('button', { name: 'Code controleren' }).click();
    await page.getByText('U bent ingelogd als Jamal Begeleider.').waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('enrols a new professional: QR of the otpauth URL, then one code, then the portal', async () => {
    const coordinator = await t.factories.user('coordinator', { totp: false, displayName: 'Noor Coördinator' });
    const { page, problems } = await open('/');
    await fillLogin(page, coordinator.email, TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Inloggen met een tweede stap' }).waitFor();
    const qr = page.getByRole('img', { name: /QR-code/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expectAccessible(page, 'TOTP enrolment');
    await screenshot(page, 'totp-enrolment');
    await page.getByText('Lukt scannen niet? Typ de sleutel over').click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Code uit de app (6 cijfers)').fill(currentTotp(secret));
    await page.getByRole('button', { name: 'Code controleren en doorgaan' }).click();
    await page.getByText('U bent ingelogd als Noor Coördinator.').waitFor();
    const [row] = await t.dataSource.query(`SELECT totp_enabled_at FROM app_user WHERE id = $1`, [coordinator.id]);
    expect(row.totp_enabled_at).not.toBeNull();
    expect(problems).toEqual([]);
  }, SLOW);

  it('accepts an invitation with a new password, after which the new user logs in', async () => {
    const coordinator = await t.factories.user('coordinator');
    const email = `invited-${Date.now()}@example.test`;
    const invitation = await t.http().post('/api/invitations').set(bearer(coordinator))
      .send({ email, displayName: 'Eva Uitgenodigd', role: 'parent' }).expect(201);
    expect(invitation.body.status).toBe('sent');
    const { page, problems } = await open(`/invitation/${await t.mail.invitationToken(email)}`, PHONE);
    await page.getByRole('heading', { level: 1, name: 'Welkom bij Eenverhaal' }).waitFor();
    await expectAccessible(page, 'invitation');
    await screenshot(page, 'invitation-phone');
    await page.getByLabel('Kies een wachtwoord').fill('kort');
    await page.getByLabel('Typ het wachtwoord nog een keer').fill('anders');
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByText('Het wachtwoord is te kort').waitFor();
    await page.getByText('De twee wachtwoorden zijn niet hetzelfde.').waitFor();
    await expectAccessible(page, 'invitation with errors');
    const password = 'mijn fiets staat bij de molen 7';
    await page.getByLabel('Kies een wachtwoord').fill(password);
    await page.getByLabel('Typ het wachtwoord nog een keer').fill(password);
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uw account is klaar' }).waitFor();
    await page.getByRole('link', { name: 'Naar inloggen' }).click();
    await fillLogin(page, email, password);
    await page.getByText('U bent ingelogd als Eva Uitgenodigd.').waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('logs out (the session is revoked on the server) and handles an expired session gracefully', async () => {
    const parent = await t.factories.user('parent', { displayName: 'Piet Ouder' });
    const { page } = await open('/');
    await fillLogin(page, parent.email, TEST_PASSWORD);
    await page.getByText('U bent ingelogd als Piet Ouder.').waitFor();
    const cookie = (await page.context().cookies()).find((c) => c.name === 'ev_session')!;
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await t.http().get('/api/me').set('Cookie', `ev_session=${cookie.value}`).expect(401);

    // Expiry: the server ends the session while the page is open; the next call shows a calm notice.
    await fillLogin(page, parent.email, TEST_PASSWORD);
    await page.getByText('U bent ingelogd als Piet Ouder.').waitFor();
    await t.dataSource.query(`DELETE FROM user_session WHERE user_id = $1`, [parent.id]);
    // The page notices at the next navigation, or sooner by itself when the server closes its live
    // connection; either way it must land calmly on the notice.
    const notice = page.getByText('U bent uitgelogd');
    await Promise.race([page.getByRole('link', { name: 'Mijn overzicht' }).click().catch(() => undefined), notice.waitFor()]);
    await notice.waitFor();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await expectAccessible(page, 'session expired');
  }, SLOW);

  it('switches to English and remembers it', async () => {
    const { page } = await open('/');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await expectAccessible(page, 'login (English)');
  }, SLOW);

  it('stays usable at 200 % zoom: a 1280 px window at 200 % lays out at 640 CSS px; focus is visible', async () => {
    const { page } = await open('/', { width: 640, height: 430 });
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Direct naar de inhoud');
    await page.getByRole('button', { name: 'Inloggen' }).focus();
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline).not.toBe('none');
  }, SLOW);

  it('takes a public registration without an account, after saying what the team does and does not do', async () => {
    const { page, problems } = await open('/', PHONE);
    await page.getByRole('link', { name: 'Aanmelden voor steun' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmelden bij het steunteam' }).waitFor();
    await page.getByText('Wij zijn geen jeugdbescherming en beslissen niet over uw kinderen.').waitFor();
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await page.getByText('Vul uw naam in.').first().waitFor();
    await page.getByText('Wij nemen alleen contact op als u dat goed vindt. Zet een vinkje.').first().waitFor();
    await expectAccessible(page, 'registration form with errors');
    await page.getByLabel('Ik ben', { exact: true }).selectOption({ label: 'vader' });
    await page.getByLabel('Uw naam').fill('Karim Vader');
    await page.getByLabel('E-mailadres').fill('karim@example.test');
    await page.getByLabel('Wat wilt u ons vertellen?').fill('Mijn dochter woont sinds vorig jaar in een pleeggezin. Ik wil meer contact.');
    await page.getByRole('checkbox', { name: 'Het steunteam mag contact met mij opnemen.' }).check();
    await screenshot(page, 'register-phone');
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dank u voor uw aanmelding' }).waitFor();
    const text = await page.getByText(/Uw nummer is/).textContent();
    const reference = /Uw nummer is (\S+)\./.exec(text ?? '')?.[1];
    const [row] = await t.dataSource.query(`SELECT name, registrant_type, route FROM registration WHERE reference = $1`, [reference]);
    expect(row).toMatchObject({ name: 'Karim Vader', registrant_type: 'father', route: 'parent' });
    await expectAccessible(page, 'registration done');
    expect(problems).toEqual([]);
  }, SLOW);
});
