import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, logInOnceThroughForm, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer } from './helpers/factories.js';
import { liveCase, type LiveCase } from './helpers/live-case.js';
import type { TestApp } from './helpers/test-app.js';
import { createThread, type CaseWorld } from './cases.helpers.js';

const SLOW = 120_000;
const DAY = 86400_000;

/** Two browsers at once: a counsellor's message appears live in the parent's page; a partner checks a counsellor's code. */
describe('web client: live messages and "show who I am" (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;
  let threadId: string;
  let origin: string;

  let scene: LiveCase | undefined;
  beforeAll(async () => {
    scene = await liveCase({ ORG_KEY_PASSPHRASE: 'web-e2e-organisation-key-passphrase' }, { caseTitle: 'Familie Jansen', threadTitle: 'Bezoeksregeling' });
    ({ t, b, w, origin, caseId, threadId } = scene);
  }, SLOW);
  afterAll(() => scene?.close());

  /**
   * Through the login form; a professional's later logins get a ready session cookie instead (a TOTP
   * code may be used once, and two logins can fall in the same 30 seconds). TOTP login itself is
   * tested in web-auth.
   */
  const logIn = logInOnceThroughForm(() => ({ b, t, origin }), (user) => !user.totpSecret);

  it('shows a counsellor\'s message live in the parent\'s open conversation, once, and the parent answers', async () => {
    const parent = await logIn(w.parent, `/cases/${caseId}/threads/${threadId}`, PHONE);
    await parent.page.getByRole('heading', { level: 1, name: 'Bezoeksregeling' }).waitFor();
    await parent.page.getByText('Nieuwe berichten verschijnen hier vanzelf.').waitFor();
    const counsellor = await logIn(w.counsellor, `/cases/${caseId}/threads/${threadId}`);
    await counsellor.page.getByRole('heading', { level: 1, name: 'Bezoeksregeling' }).waitFor();
    await counsellor.page.getByLabel('Uw bericht').fill('Goedemorgen! Zaterdag kunt u de kinderen van 10 tot 12 zien.');
    await counsellor.page.getByRole('button', { name: 'Versturen' }).click();

    const log = parent.page.getByRole('log', { name: 'Berichten' });
    await log.getByText('Zaterdag kunt u de kinderen van 10 tot 12 zien.').waitFor();
    expect(await log.getByText('Zaterdag kunt u de kinderen van 10 tot 12 zien.').count()).toBe(1);
    await parent.page.getByRole('status').filter({ hasText: 'Nieuw bericht van Bram Begeleider' }).waitFor({ state: 'attached' });
    await expectAccessible(parent.page, 'thread (parent)');
    expect(await fitsWidth(parent.page)).toBe(true);

    await parent.page.getByLabel('Uw bericht').fill('Dank u, ik kom graag.');
    await parent.page.getByRole('button', { name: 'Versturen' }).click();
    await counsellor.page.getByRole('log', { name: 'Berichten' }).getByText('Dank u, ik kom graag.').waitFor();
    await screenshot(parent.page, 'parent-thread-phone');
    const messages = await t.http().get(`/api/threads/${threadId}/messages`).set(bearer(w.counsellor)).expect(200);
    expect(messages.body.items.map((m: { body: string }) => m.body)).toEqual(['Goedemorgen! Zaterdag kunt u de kinderen van 10 tot 12 zien.', 'Dank u, ik kom graag.']);
    expect([...parent.problems, ...counsellor.problems]).toEqual([]);
  }, SLOW);

  it('lets a counsellor show a code with a QR and countdown, which a partner checks on the public page', async () => {
    await t.http().put(`/api/counsellors/${w.counsellor.id}/credential`).set(bearer(w.coordinator))
      .send({ validUntil: new Date(Date.now() + 180 * DAY).toISOString() }).expect(200);
    const counsellor = await logIn(w.counsellor, '/show-who-i-am', PHONE);
    await counsellor.page.getByRole('heading', { level: 1, name: 'Laat zien wie ik ben' }).waitFor();
    await counsellor.page.getByRole('button', { name: 'Maak een code' }).click();
    const codeText = (await counsellor.page.getByTestId('verification-code').textContent())!;
    expect(codeText).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await counsellor.page.getByRole('img', { name: /QR-code/ }).waitFor();
    await counsellor.page.getByText(/Nog \d:\d\d geldig/).waitFor();
    await expectAccessible(counsellor.page, 'show who I am');
    await screenshot(counsellor.page, 'show-who-i-am-phone');

    // The partner, not logged in, types the code on the public page.
    const partnerPage = await (await b.context({ viewport: PHONE })).newPage();
    await partnerPage.goto(`${origin}/verify`);
    await partnerPage.getByRole('heading', { level: 1, name: 'Medewerker controleren' }).waitFor();
    await expectAccessible(partnerPage, 'verify form');
    await partnerPage.getByLabel('Code').fill(codeText.toLowerCase());
    await partnerPage.getByRole('button', { name: 'Controleren' }).click();
    const result = partnerPage.getByTestId('verify-result');
    await result.getByText('Klopt: deze persoon werkt bij het steunteam').waitFor();
    await result.getByText('Bram Begeleider').waitFor();
    await result.getByText('Testteam').waitFor();
    await expectAccessible(partnerPage, 'verify valid');
    await screenshot(partnerPage, 'verify-valid-phone');

    await partnerPage.goto(`${origin}/verify/AAAAA-BBBBB`);
    await partnerPage.getByTestId('verify-result').getByText('Deze code is niet bekend').waitFor();
    await expectAccessible(partnerPage, 'verify unknown');

    // The counsellor sees the check in their own log.
    await counsellor.page.getByRole('button', { name: 'Lijst verversen' }).click();
    await counsellor.page.getByText(/— klopte$/).first().waitFor();
  }, SLOW);

  it('encrypts an attachment in one browser that opens in another, and shares it on with a later member in one click', async () => {
    const attachThread = await createThread(t, w.counsellor, caseId, 'Stukken', [w.parent]);
    const makeKey = async (page: Page, passphrase: string) => {
      await page.getByRole('heading', { level: 2, name: 'Veilig bestanden delen: maak uw sleutel' }).waitFor();
      await page.getByLabel('Wachtwoord van uw sleutel').fill(passphrase);
      await page.getByLabel('Typ het wachtwoord nog een keer').fill(passphrase);
      await page.getByRole('button', { name: 'Sleutel maken' }).click();
      await page.getByTestId('key-state').waitFor();
    };
    const parent = await logIn(w.parent, `/cases/${caseId}/threads/${attachThread}`, PHONE);
    await expectAccessible(parent.page, 'key creation');
    await makeKey(parent.page, 'lange zin voor mijn sleutel');
    const counsellor = await logIn(w.counsellor, `/cases/${caseId}/threads/${attachThread}`);
    await makeKey(counsellor.page, 'sleutelzin van de begeleider');
    // Made in the browser: v4 keys (GnuPG 2.2 reads them), the private half only passphrase-protected.
    const keys = await t.dataSource.query(`SELECT key_version, encrypted_private_key FROM user_key WHERE user_id = ANY($1) AND retired_at IS NULL`, [[w.parent.id, w.counsellor.id]]);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key.key_version).toBe(4);
      expect(key.encrypted_private_key).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    }

    const content = `Verslag van het gesprek op 3 maart.\n${'Regel met tekst. '.repeat(4000)}`;
    await counsellor.page.getByLabel('Bijlage toevoegen').setInputFiles({ name: 'verslag-gesprek.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
    await counsellor.page.getByRole('button', { name: 'Bijlage versleuteld versturen' }).click();
    await counsellor.page.getByRole('log', { name: 'Berichten' }).getByText('Ik heb een bijlage gestuurd.').waitFor();

    // The server holds ciphertext only.
    const [stored] = await t.dataSource.query(`SELECT id FROM attachment WHERE thread_id = $1`, [attachThread]);
    {
      const raw = await t.http().get(`/api/attachments/${stored.id}`).set(bearer(w.counsellor)).buffer(true).parse((res, cb) => { const parts: Buffer[] = []; res.on('data', (c: Buffer) => parts.push(c)); res.on('end', () => cb(null, Buffer.concat(parts))); }).expect(200);
      expect((raw.body as Buffer).includes(Buffer.from('Verslag van het gesprek'))).toBe(false);
    }

    const opened = async (page: Page) => {
      const item = page.getByRole('log', { name: 'Berichten' }).getByRole('button', { name: 'Bijlage openen' }).first();
      await item.waitFor();
      await item.click();
      const save = page.getByRole('link', { name: 'Opslaan: verslag-gesprek.txt' });
      await save.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
      const { readFile } = await import('node:fs/promises');
      return (await readFile((await download.path())!)).toString('utf8');
    };
    expect(await opened(parent.page)).toBe(content);
    await expectAccessible(parent.page, 'attachment opened');
    await screenshot(parent.page, 'parent-attachment-phone');

    // A later member: the family guardian joins the case and the conversation, and makes a key.
    await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).send({ userId: w.partner.id, role: 'guardian' }).expect(201);
    // With the earlier messages (the attachment sits in one): without shareHistory they would start empty.
    await t.http().post(`/api/threads/${attachThread}/members`).set(bearer(w.counsellor)).send({ userId: w.partner.id, shareHistory: true }).expect(201);
    const partner = await logIn(w.partner, `/cases/${caseId}/threads/${attachThread}`);
    await makeKey(partner.page, 'sleutelzin van de gezinsvoogd');
    // Not encrypted to the guardian's key: no "open" button, but why, and a way to ask (test/web-attachments).
    await partner.page.getByRole('log', { name: 'Berichten' }).getByRole('button', { name: 'Toegang vragen' }).waitFor();
    expect(await partner.page.getByRole('button', { name: 'Bijlage openen' }).count()).toBe(0);

    // One click by the parent (any member who can open it) shares it on; the guardian's page opens it without a reload.
    await parent.page.getByRole('log', { name: 'Berichten' }).getByRole('button', { name: 'Ook delen met nieuwe leden' }).first().click();
    await parent.page.getByText('Gedeeld. Nu kan ook 1 nieuw lid deze bijlage openen.').waitFor();
    expect(await opened(partner.page)).toBe(content);
    expect([...parent.problems, ...counsellor.problems]).toEqual([]);
  }, 240_000);
});
