import type { Page } from 'playwright-core';
import { currentTotp } from '../src/auth/totp.js';
import { createTestAppAtOrigin, expectAccessible, fitsWidth, launchBrowser, logInThroughForm, openPage, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer, TEST_PASSWORD, type TestUser } from './helpers/factories.js';
import type { TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';

const SLOW = 240_000;

/**
 * "Mijn account": who I am, a password change that logs the other browsers out (calmly, on the
 * login form), and the key for attachments restored in a fresh browser from the passphrase-protected
 * copy on the server (never a new key), opened, used for an attachment, and locked again.
 */
describe('web client: my account (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let origin: string;
  let forwarder: { close(): Promise<void> };

  beforeAll(async () => {
    // The thread page's socket.io handshake checks the Origin against PUBLIC_URL.
    ({ t, origin, forwarder } = await createTestAppAtOrigin({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000', ORG_KEY_PASSPHRASE: 'web-e2e-organisation-key-passphrase' }));
    w = await caseWorld(t);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await forwarder?.close();
    await t?.close();
  });

  /** Through the login form with the authenticator code (a professional's first login in this file). */
  async function logInWithForm(user: TestUser, path: string, viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const opened = await openPage(b, `${origin}${path}`, { viewport });
    await logInThroughForm(opened.page, user);
    await opened.page.getByText(`U bent ingelogd als ${user.displayName}.`).waitFor();
    return opened;
  }

  /** Another browser profile with a session of its own (a TOTP code works only once). */
  async function otherBrowser(user: TestUser, path: string, viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    return openPage(b, `${origin}${path}`, { viewport, session: await t.factories.session(user.id) });
  }

  /** Navigates inside the single-page app (no reload: a key unlocked in this tab stays unlocked). */
  async function goInApp(page: Page, path: string): Promise<void> {
    await page.evaluate((to) => {
      const w = globalThis as unknown as { history: { pushState(s: unknown, u: string, p: string): void }; dispatchEvent(e: unknown): void; PopStateEvent: new (type: string) => unknown };
      w.history.pushState(null, '', to);
      w.dispatchEvent(new w.PopStateEvent('popstate'));
    }, path);
  }

  it('changes the password: a wrong current password at the field, then success; the other browser lands on the login form', async () => {
    const user = w.counsellor2;
    const newPassword = 'zomer aan zee met de hond 2026';
    // Browser B was logged in earlier and is still open.
    const other = await otherBrowser(user, '/', PHONE);
    await other.page.getByText(`U bent ingelogd als ${user.displayName}.`).waitFor();

    const a = await logInWithForm(user, '/');
    await a.page.getByRole('link', { name: 'Mijn account' }).click();
    await a.page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
    const who = a.page.getByTestId('account-who');
    for (const [term, value] of [['Naam', user.displayName], ['E-mailadres', user.email], ['Rol', 'begeleider van het steunteam'], ['Organisatie', 'Testteam'], ['Inloggen met code uit de app', 'Aan']]) {
      expect(await who.locator('dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]').textContent()).toBe(value);
    }
    await a.page.getByText('Na het wijzigen bent u op alle andere apparaten en in andere browsers uitgelogd.').waitFor();
    await expectAccessible(a.page, 'account');

    const current = a.page.getByLabel('Uw huidige wachtwoord');
    const fresh = a.page.getByLabel('Nieuw wachtwoord', { exact: true });
    const repeat = a.page.getByLabel('Typ het nieuwe wachtwoord nog een keer');
    const submit = a.page.getByRole('button', { name: 'Wachtwoord wijzigen' });

    // The server says the current password is wrong: the message stands at that field.
    await current.fill('dit is niet mijn wachtwoord');
    await fresh.fill(newPassword);
    await repeat.fill(newPassword);
    await submit.click();
    await a.page.getByText('Uw huidige wachtwoord klopt niet. Probeer het opnieuw.').waitFor();
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await current.getAttribute('aria-describedby'))!.split(' ');
    expect(await a.page.locator(`[id="${describedBy[describedBy.length - 1]}"]`).textContent()).toBe('Uw huidige wachtwoord klopt niet. Probeer het opnieuw.');
    await expectAccessible(a.page, 'account, wrong current password');

    // A password everyone guesses: the server refuses it, at the new-password field.
    await current.fill(TEST_PASSWORD);
    await fresh.fill('aaaaaaaaaaaaaaaa');
    await repeat.fill('aaaaaaaaaaaaaaaa');
    await submit.click();
    await a.page.getByText('Dit wachtwoord wordt veel gebruikt of is makkelijk te raden. Kies een ander wachtwoord.').waitFor();
    expect(await fresh.getAttribute('aria-invalid')).toBe('true');
    expect(await current.getAttribute('aria-invalid')).toBeNull();

    await fresh.fill(newPassword);
    await repeat.fill(newPassword);
    await submit.click();
    await a.page.getByTestId('password-status').getByText('Uw wachtwoord is gewijzigd. Op andere apparaten bent u nu uitgelogd.', { exact: false }).waitFor();
    expect(await current.inputValue()).toBe('');
    await expectAccessible(a.page, 'account, password changed');
    await screenshot(a.page, 'account');

    // Browser B: its start page listens live (what needs attention), so the socket the server closes
    // brings it calmly to the login form with the "logged out" notice, without a click.
    await other.page.getByText('U bent uitgelogd').waitFor();
    await other.page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    expect(await other.page.getByRole('link', { name: 'Mijn account' }).count()).toBe(0);
    await expectAccessible(other.page, 'other browser, session ended');
    expect(await fitsWidth(other.page)).toBe(true);

    // Browser A keeps its session.
    await a.page.getByRole('link', { name: 'Mijn overzicht' }).click();
    await a.page.getByText(`U bent ingelogd als ${user.displayName}.`).waitFor();

    // Only the new password works now.
    const old = await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD, totp: currentTotp(user.totpSecret!, Date.now() + 30_000) }).expect(401);
    expect(old.body.code).toBe('invalid_credentials');
    const login = await t.http().post('/api/auth/login').send({ email: user.email, password: newPassword, totp: currentTotp(user.totpSecret!, Date.now() + 30_000) }).expect(200);
    expect(login.body.user.id).toBe(user.id);
    expect([...a.problems, ...other.problems]).toEqual([]);
  }, SLOW);

  it('restores the key in a fresh browser with its passphrase (a wrong one first), opens an attachment and locks the key again', async () => {
    const user = w.counsellor;
    const passphrase = 'mijn sleutel voor de bijlagen';
    const caseId = await createCase(t, user, 'Familie de Vries', [[w.parent, 'parent']]);
    const threadId = await createThread(t, user, caseId, 'Stukken voor de zitting', [w.parent]);
    const threadPath = `/cases/${caseId}/threads/${threadId}`;

    // Browser A: no key yet; the account screen makes one.
    const a = await logInWithForm(user, '/account');
    await a.page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
    await a.page.getByText('U heeft nog geen sleutel.').waitFor();
    await a.page.getByRole('heading', { level: 3, name: 'Veilig bestanden delen: maak uw sleutel' }).waitFor();
    await expectAccessible(a.page, 'account, no key');
    await a.page.getByLabel('Wachtwoord van uw sleutel').fill(passphrase);
    await a.page.getByLabel('Typ het wachtwoord nog een keer').fill(passphrase);
    await a.page.getByRole('button', { name: 'Sleutel maken' }).click();
    await a.page.getByTestId('account-key-state').getByText('Open: u kunt bijlagen openen en versturen').waitFor();
    const own = (await t.http().get('/api/me/keys').set(bearer(user)).expect(200)).body as { fingerprint: string; encryptedPrivateKey: string };
    expect(own.encryptedPrivateKey).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    const shown = async (page: Page) => (await page.getByTestId('key-fingerprint').textContent())!.replace(/\s/g, '');
    expect(await shown(a.page)).toBe(own.fingerprint);

    // Still in browser A (same tab, key open): an attachment, encrypted to the user's key.
    const content = `Verslag voor de zitting.\n${'Regel met tekst. '.repeat(500)}`;
    await goInApp(a.page, threadPath);
    await a.page.getByRole('heading', { level: 1, name: 'Stukken voor de zitting' }).waitFor();
    await a.page.getByLabel('Bijlage toevoegen').setInputFiles({ name: 'verslag-zitting.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
    await a.page.getByRole('button', { name: 'Bijlage versleuteld versturen' }).click();
    await a.page.getByRole('log', { name: 'Berichten' }).getByText('Ik heb een bijlage gestuurd.').waitFor();

    // Browser B: a fresh profile. The user has a key: it offers to open it, not to make a new one.
    const other = await otherBrowser(user, '/account', PHONE);
    await other.page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
    await other.page.getByTestId('account-key-state').getByText('Op slot').waitFor();
    expect(await shown(other.page)).toBe(own.fingerprint);
    await other.page.getByRole('heading', { level: 3, name: 'Open uw sleutel' }).waitFor();
    await other.page.getByText('Werkt u op een ander apparaat of in een andere browser? Maak dan geen nieuwe sleutel.', { exact: false }).waitFor();
    expect(await other.page.getByRole('button', { name: 'Sleutel maken' }).count()).toBe(0);
    await expectAccessible(other.page, 'account, key to open');

    const field = other.page.getByLabel('Wachtwoord van uw sleutel');
    await field.fill('niet het goede wachtwoord');
    await other.page.getByRole('button', { name: 'Sleutel openen' }).click();
    await other.page.getByText('Dit wachtwoord klopt niet. Probeer het opnieuw.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await other.page.getByRole('alert').count()).toBe(0);
    await expectAccessible(other.page, 'account, wrong passphrase');

    await field.fill(passphrase);
    await other.page.getByRole('button', { name: 'Sleutel openen' }).click();
    await other.page.getByTestId('account-key-state').getByText('Open: u kunt bijlagen openen en versturen').waitFor();
    await other.page.getByRole('button', { name: 'Sleutel nu op slot zetten' }).waitFor();
    await expectAccessible(other.page, 'account, key open');
    expect(await fitsWidth(other.page)).toBe(true);
    await screenshot(other.page, 'account-key-phone');

    // The attachment made in browser A opens in browser B.
    await goInApp(other.page, threadPath);
    await other.page.getByRole('heading', { level: 1, name: 'Stukken voor de zitting' }).waitFor();
    await other.page.getByTestId('key-state').waitFor();
    await other.page.getByRole('log', { name: 'Berichten' }).getByRole('button', { name: 'Bijlage openen' }).first().click();
    const save = other.page.getByRole('link', { name: 'Opslaan: verslag-zitting.txt' });
    await save.waitFor();
    const [download] = await Promise.all([other.page.waitForEvent('download'), save.click()]);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile((await download.path())!)).toString('utf8')).toBe(content);

    // "Lock now": the key is closed in this tab; the conversation asks for the passphrase again.
    await goInApp(other.page, '/account');
    await other.page.getByRole('button', { name: 'Sleutel nu op slot zetten' }).click();
    await other.page.getByText('Uw sleutel staat op slot. Vul het wachtwoord van uw sleutel in om hem weer te openen.').waitFor();
    await other.page.getByTestId('account-key-state').getByText('Op slot').waitFor();
    await expectAccessible(other.page, 'account, key locked');
    await goInApp(other.page, threadPath);
    await other.page.getByRole('heading', { level: 2, name: 'Open uw sleutel' }).waitFor();
    expect(await other.page.getByRole('button', { name: 'Bijlage openen' }).count()).toBe(0);

    // Logging out locks it too: open it again in the conversation, log out, log back in.
    await other.page.getByLabel('Wachtwoord van uw sleutel').fill(passphrase);
    await other.page.getByRole('button', { name: 'Sleutel openen' }).click();
    await other.page.getByTestId('key-state').waitFor();
    await other.page.getByRole('button', { name: 'Uitloggen' }).click();
    // The next 30-second code: the one browser A used is spent.
    await logInThroughForm(other.page, user, { totpAt: Date.now() + 30_000 });
    await other.page.getByRole('heading', { level: 1, name: 'Stukken voor de zitting' }).waitFor();
    await other.page.getByRole('heading', { level: 2, name: 'Open uw sleutel' }).waitFor();
    expect(await other.page.getByTestId('key-state').count()).toBe(0);

    // One key, the same one: nothing was generated in browser B.
    const keys = await t.dataSource.query(`SELECT fingerprint, retired_at FROM user_key WHERE user_id = $1`, [user.id]);
    expect(keys).toEqual([{ fingerprint: own.fingerprint, retired_at: null }]);
    expect([...a.problems, ...other.problems]).toEqual([]);
  }, SLOW);
});
