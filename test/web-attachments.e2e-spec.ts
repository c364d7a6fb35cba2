import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { createTestAppAtOrigin, expectAccessible, fitsWidth, launchBrowser, logInOnceThroughForm, logInThroughForm, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import type { TestApp } from './helpers/test-app.js';
import { makeKey, putKey, type KeyPair } from './attachments.fixtures.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';

// Browser globals inside page.evaluate callbacks (the server's tsconfig has no DOM library).
declare const sessionStorage: any, indexedDB: any;

const SLOW = 240_000;
const PHONE = { width: 390, height: 844 };
const MIB = 1024 * 1024;

/**
 * Issue 17, attachments, as the users walk it in Chromium: a late member asks for access and gets
 * it (two browsers, live), names and sizes shown, the upload limit stated and checked before
 * encrypting, progress with a stop button, and a key unlocked once per session that survives a
 * reload but not a logout.
 */
describe('web client: attachments — ask for access, names, limit, progress, unlock once (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let origin: string;
  let forwarder: { close(): Promise<void> };
  let caseId: string;
  const keys = new Map<string, KeyPair>();

  beforeAll(async () => {
    ({ t, origin, forwarder } = await createTestAppAtOrigin({
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', ORG_KEY_PASSPHRASE: 'web-e2e-organisation-key-passphrase', MAX_ATTACHMENT_BYTES: String(8 * MIB),
    }));
    w = await caseWorld(t);
    // Each has a key already (made in a browser earlier): here they only open it with its passphrase.
    for (const user of [w.counsellor, w.parent, w.partner]) {
      const key = await makeKey(user.email, { name: user.displayName });
      await putKey(t, user, key);
      keys.set(user.id, key);
    }
    caseId = await createCase(t, w.counsellor, 'Familie Jansen', [[w.parent, 'parent']]);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await forwarder?.close();
    await t?.close();
  });

  /** Through the login form the first time; later a fresh session cookie (a TOTP code works once). */
  const logIn = logInOnceThroughForm(() => ({ b, t, origin }));

  async function unlock(page: Page, user: TestUser): Promise<void> {
    await page.getByRole('heading', { name: 'Open uw sleutel' }).waitFor();
    await page.getByLabel('Wachtwoord van uw sleutel').fill(keys.get(user.id)!.passphrase);
    await page.getByRole('button', { name: 'Sleutel openen' }).click();
    await page.getByTestId('key-state').waitFor();
  }

  async function sendFile(page: Page, name: string, content: Buffer): Promise<void> {
    const before = await page.getByRole('log', { name: 'Berichten' }).getByText('Ik heb een bijlage gestuurd.').count();
    await page.getByLabel('Bijlage toevoegen').setInputFiles({ name, mimeType: 'text/plain', buffer: content });
    await page.getByRole('button', { name: 'Bijlage versleuteld versturen' }).click();
    await page.waitForFunction((n) => [...(globalThis as any).document.querySelectorAll('[role=log] .ev-message__body')]
      .filter((e: { textContent: string }) => e.textContent === 'Ik heb een bijlage gestuurd.').length > n, before);
  }

  const attachmentNamed = (page: Page, text: string | RegExp) => page.getByRole('log', { name: 'Berichten' }).getByTestId('attachment').filter({ hasText: text });

  it('a late member asks for access; a member who can open it is told live, shares it in one click, and the late member opens it by name', async () => {
    const threadId = await createThread(t, w.counsellor, caseId, 'Stukken', [w.parent]);
    const path = `/cases/${caseId}/threads/${threadId}`;
    const content = Buffer.from(`Verslag van het gesprek op 3 maart.\n${'Regel met tekst. '.repeat(800)}`);

    const counsellor = await logIn(w.counsellor, path);
    await unlock(counsellor.page, w.counsellor);
    await sendFile(counsellor.page, 'verslag-gesprek.txt', content);
    // The sender and the parent see the file by name and size, before opening it.
    const size = `${Math.floor(content.length / 1024)} kB`;
    await attachmentNamed(counsellor.page, `verslag-gesprek.txt (${size})`).waitFor();
    const parent = await logIn(w.parent, path, PHONE);
    await unlock(parent.page, w.parent);
    await attachmentNamed(parent.page, `verslag-gesprek.txt (${size})`).waitFor();

    // The family guardian joins the case and the conversation (with its history) later.
    await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).send({ userId: w.partner.id, role: 'guardian' }).expect(201);
    await t.http().post(`/api/threads/${threadId}/members`).set(bearer(w.counsellor)).send({ userId: w.partner.id, shareHistory: true }).expect(201);
    const partner = await logIn(w.partner, path, PHONE);
    await unlock(partner.page, w.partner);
    const locked = partner.page.getByTestId('no-access');
    await locked.getByText('U kunt deze bijlage nog niet openen.', { exact: false }).waitFor();
    await locked.getByText('Bram Begeleider en Olga Ouder kunnen hem met één klik met u delen.').waitFor();
    expect(await partner.page.getByRole('button', { name: 'Bijlage openen' }).count()).toBe(0);
    expect(await partner.page.getByRole('button', { name: 'Ook delen met nieuwe leden' }).count()).toBe(0);
    await expectAccessible(partner.page, 'attachment not yet open (phone)');
    expect(await fitsWidth(partner.page)).toBe(true);
    await screenshot(partner.page, 'attachment-ask-access-phone');

    await locked.getByRole('button', { name: 'Toegang vragen' }).click();
    await locked.getByText(/U heeft op .* om toegang gevraagd\./).waitFor();
    expect(await locked.getByRole('button', { name: 'Toegang vragen' }).count()).toBe(0);
    // The same in English.
    await partner.page.getByRole('button', { name: 'English' }).click();
    await locked.getByText('Bram Begeleider and Olga Ouder can share it with you in one click.').waitFor();
    await locked.getByText(/You asked for access on .*\. As soon as someone shares the attachment with you, you can open it here\./).waitFor();
    await partner.page.getByRole('button', { name: 'Nederlands' }).click();
    await locked.getByText('Bram Begeleider en Olga Ouder kunnen hem met één klik met u delen.').waitFor();

    // Live, on the parent's open page: the request, with a one-click share.
    const requests = parent.page.getByTestId('access-requests');
    await requests.getByText('Gijs Gezinsvoogd vraagt toegang tot verslag-gesprek.txt.').waitFor();
    await parent.page.getByRole('status').filter({ hasText: 'Gijs Gezinsvoogd vraagt toegang tot een bijlage.' }).waitFor({ state: 'attached' });
    await counsellor.page.getByTestId('access-requests').getByText('Gijs Gezinsvoogd vraagt toegang tot verslag-gesprek.txt.').waitFor();
    // Still there after a reload, and the key still open: no passphrase asked.
    await parent.page.reload();
    await parent.page.getByTestId('key-state').waitFor();
    await requests.getByText('Gijs Gezinsvoogd vraagt toegang tot verslag-gesprek.txt.').waitFor();
    await expectAccessible(parent.page, 'access request (phone)');
    expect(await fitsWidth(parent.page)).toBe(true);
    await screenshot(parent.page, 'attachment-access-request-phone');
    await expectAccessible(counsellor.page, 'access request (desktop)');
    await screenshot(counsellor.page, 'attachment-access-request');

    await requests.getByRole('button', { name: 'Delen met Gijs Gezinsvoogd' }).click();
    await parent.page.getByText('Gedeeld met Gijs Gezinsvoogd. Gijs Gezinsvoogd kan verslag-gesprek.txt nu openen.').waitFor();
    await requests.waitFor({ state: 'detached' });
    await counsellor.page.getByTestId('access-requests').waitFor({ state: 'detached' });

    // The guardian's page changes by itself: the name, and the file opens.
    const item = attachmentNamed(partner.page, `verslag-gesprek.txt (${size})`);
    await item.waitFor();
    await partner.page.getByRole('status').filter({ hasText: 'Een bijlage is met u gedeeld. U kunt hem nu openen.' }).waitFor({ state: 'attached' });
    await item.getByRole('button', { name: 'Bijlage openen' }).click();
    const save = item.getByRole('link', { name: 'Opslaan: verslag-gesprek.txt' });
    await save.waitFor();
    const [file] = await Promise.all([partner.page.waitForEvent('download'), save.click()]);
    expect((await readFile((await file.path())!)).equals(content)).toBe(true);
    await expectAccessible(partner.page, 'attachment opened after sharing (phone)');
    await screenshot(partner.page, 'attachment-shared-opened-phone');

    // The server never held the name in plain text.
    const [row] = await t.dataSource.query(`SELECT metadata FROM attachment WHERE thread_id = $1`, [threadId]);
    expect((row.metadata as Buffer).includes(Buffer.from('verslag-gesprek'))).toBe(false);
    expect([...counsellor.problems, ...parent.problems, ...partner.problems]).toEqual([]);
  }, SLOW);

  it('states the limit, refuses a too-large file before encrypting it, and shows the percentage with a stop button', async () => {
    const threadId = await createThread(t, w.counsellor, caseId, 'Grote bestanden', [w.parent]);
    const { page, problems } = await logIn(w.counsellor, `/cases/${caseId}/threads/${threadId}`);
    await unlock(page, w.counsellor);
    // 8 MiB the server takes; room for the encryption leaves 7 MB for the file itself.
    await page.getByText('Een bestand mag hoogstens 7 MB zijn.', { exact: false }).waitFor();

    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
    const input = page.getByLabel('Bijlage toevoegen');
    await input.setInputFiles({ name: 'scan-groot.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(7.5 * MIB, 1) });
    await page.getByText('Dit bestand is 7,5 MB. Een bestand mag hoogstens 7 MB zijn.', { exact: false }).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Bijlage versleuteld versturen' }).click();
    await expectAccessible(page, 'file too large');
    await screenshot(page, 'attachment-too-large');
    // Nothing was fetched to encrypt with, nothing encrypted (no progress) and nothing sent.
    expect(requests.filter((r) => r.includes('/recipients') || r.startsWith('POST /api/'))).toEqual([]);
    expect(await page.getByTestId('progress').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('attachment-file');

    // A file within the limit, sent over a slow line: the percentage moves, and "Stoppen" stops it.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    await input.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * MIB, 7) });
    await page.getByRole('button', { name: 'Bijlage versleuteld versturen' }).click();
    await page.getByTestId('progress').filter({ hasText: 'Versturen' }).waitFor();
    await page.waitForFunction(() => {
      const shown = (globalThis as any).document.querySelector('[data-testid=progress-percent]')?.textContent ?? '';
      const n = Number.parseInt(shown, 10);
      return /^\d+%$/.test(shown) && n > 0 && n < 100;
    });
    await expectAccessible(page, 'upload in progress');
    await screenshot(page, 'attachment-upload-progress');
    await page.getByRole('button', { name: 'Stoppen' }).click();
    await page.getByText('Gestopt. De bijlage is niet verstuurd.').waitFor();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // No message went out, so the file reached nobody: a file is shared only with the message it is
    // sent with. (On a busy machine the browser may already have handed every byte to the server
    // when "Stoppen" is pressed; the server then holds an upload that no message refers to.)
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await t.dataSource.query(
      `SELECT ma.attachment_id FROM message_attachment ma JOIN attachment a ON a.id = ma.attachment_id WHERE a.thread_id = $1`, [threadId])).toEqual([]);
    expect(await page.getByRole('log', { name: 'Berichten' }).getByText('Ik heb een bijlage gestuurd.').count()).toBe(0);

    // And without the slow line it goes through.
    await sendFile(page, 'scan.pdf', Buffer.alloc(1 * MIB, 7));
    await attachmentNamed(page, 'scan.pdf (1 MB)').waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('opens the key once per session: a locked key says so, a reload keeps it open, logging out locks it and deletes what kept it', async () => {
    const threadId = await createThread(t, w.counsellor, caseId, 'Brieven', [w.parent]);
    const path = `/cases/${caseId}/threads/${threadId}`;
    const counsellor = await logIn(w.counsellor, path);
    await unlock(counsellor.page, w.counsellor);
    await sendFile(counsellor.page, 'brief-rechtbank.txt', Buffer.from('Brief aan de rechtbank.'));

    const { page, problems } = await logIn(w.parent, path, PHONE);
    // Locked: a hint at the top with a way to the key, and no name yet.
    await page.getByText('Uw sleutel staat op slot: open hem eerst.', { exact: false }).waitFor();
    await attachmentNamed(page, 'Versleutelde bijlage (open uw sleutel om de naam te zien)').waitFor();
    await expectAccessible(page, 'key locked hint (phone)');
    await screenshot(page, 'attachment-key-locked-phone');
    await page.getByRole('link', { name: 'Naar uw sleutel' }).click();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('autocomplete'))).toBe('current-password');
    // What a lost passphrase means, in plain words.
    await page.getByText('Wachtwoord van uw sleutel kwijt?').click();
    await page.getByText('Dan gaan de bijlagen die voor uw sleutel versleuteld zijn niet meer open.', { exact: false }).waitFor();
    await expectAccessible(page, 'lost passphrase explained (phone)');

    await unlock(page, w.parent);
    await attachmentNamed(page, /^brief-rechtbank\.txt \(23 byte\)/).waitFor();
    // Kept for the session: never the passphrase or the key itself; the sealing key cannot be read out.
    const kept = await page.evaluate(async () => {
      const stored = Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)).join('\n');
      const db: any = await new Promise((resolve, reject) => { const r = indexedDB.open('eenverhaal-unlocked-key'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const entries: any[] = await new Promise((resolve) => { const r = db.transaction('sealing-keys').objectStore('sealing-keys').getAll(); r.onsuccess = () => resolve(r.result); });
      db.close();
      return { stored, sealed: Boolean(sessionStorage.getItem('ev.key.unlocked')), extractable: entries.map((e) => e.key.extractable), algorithm: entries.map((e) => e.key.algorithm.name) };
    });
    expect(kept.sealed).toBe(true);
    expect(kept.stored).not.toContain(keys.get(w.parent.id)!.passphrase);
    expect(kept.stored).not.toContain('PRIVATE KEY');
    expect(kept.extractable).toEqual([false]);
    expect(kept.algorithm).toEqual(['AES-GCM']);

    await page.reload();
    await page.getByTestId('key-state').waitFor();
    await attachmentNamed(page, /^brief-rechtbank\.txt/).waitFor();
    expect(await page.getByLabel('Wachtwoord van uw sleutel').count()).toBe(0);

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    const left = await page.evaluate(async () => ({
      sealed: sessionStorage.getItem('ev.key.unlocked'),
      databases: (await indexedDB.databases()).map((d: { name: string }) => d.name),
    }));
    expect(left).toEqual({ sealed: null, databases: [] });
    await logInThroughForm(page, w.parent);
    await page.getByRole('heading', { name: 'Open uw sleutel' }).waitFor();
    expect(await page.getByTestId('key-state').count()).toBe(0);
    expect([...problems, ...counsellor.problems]).toEqual([]);
  }, SLOW);
});
