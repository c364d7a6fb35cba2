import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, logInThroughForm, openPage, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { liveCase, type LiveCase } from './helpers/live-case.js';
import type { TestApp } from './helpers/test-app.js';
import { createThread, type CaseWorld } from './cases.helpers.js';

// Browser globals inside page.evaluate callbacks (the server's tsconfig has no DOM library).
declare const document: any;

const SLOW = 150_000;
const DAY = 86400_000;

/**
 * The case screen is live over the tab's one shared socket: unread counts and conversations on the
 * threads tab, shared updates on the news tab; a session ended elsewhere lands calmly on the login form.
 */
describe('web client: the live case screen (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let caseId: string;
  let threadId: string;
  let origin: string;
  let parent: { page: Page; problems: string[] };

  let scene: LiveCase | undefined;
  beforeAll(async () => {
    scene = await liveCase({}, { caseTitle: 'Familie Bakker', threadTitle: 'Bezoeksregeling' });
    ({ t, b, w, origin, caseId, threadId } = scene);
  }, SLOW);
  afterAll(() => scene?.close());

  /** Through the login form, with the TOTP code for professionals. */
  async function logIn(user: TestUser, path: string, viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const opened = await openPage(b, `${origin}${path}`, { viewport });
    await logInThroughForm(opened.page, user);
    return opened;
  }

  const send = (user: TestUser, thread: string, body: string) => t.http().post(`/api/threads/${thread}/messages`).set(bearer(user))
    .send({ body, clientMessageId: randomUUID() }).expect(201);
  const unreadOf = async (user: TestUser, thread: string) => {
    const answer = (await t.http().get(`/api/cases/${caseId}/threads`).set(bearer(user)).expect(200)).body;
    const list: { id: string; unreadCount: number }[] = Array.isArray(answer) ? answer : answer.items;
    return list.find((x) => x.id === thread)?.unreadCount;
  };
  const activeText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

  it('counts a counsellor\'s message on the parent\'s open threads tab, announces it politely and keeps focus', async () => {
    parent = await logIn(w.parent, `/cases/${caseId}?tab=threads`, PHONE);
    const { page } = parent;
    await page.getByRole('heading', { level: 2, name: 'Gesprekken' }).waitFor();
    const card = page.getByTestId(`thread-${threadId}`);
    await card.getByRole('link', { name: 'Bezoeksregeling' }).waitFor();
    await page.getByTestId('connection').getByText('Nieuwe berichten en gesprekken verschijnen hier vanzelf.').waitFor();
    expect(await card.locator('.ev-badge-count').count()).toBe(0);
    await expectAccessible(page, 'threads tab (live)');
    await card.getByRole('link', { name: 'Bezoeksregeling' }).focus();

    await send(w.counsellor, threadId, 'Kunt u zaterdag om 10 uur?');
    await card.locator('.ev-badge-count', { hasText: '1' }).waitFor();
    await card.getByText('1 nieuw bericht').waitFor({ state: 'attached' });
    await page.getByTestId('live-announcement').getByText('Nieuw bericht in Bezoeksregeling').waitFor({ state: 'attached' });
    expect(await activeText(page)).toBe('Bezoeksregeling');
    expect(page.url()).toBe(`${origin}/cases/${caseId}?tab=threads`);
    await expectAccessible(page, 'threads tab with an unread message');
    await screenshot(page, 'parent-threads-live-phone');

    await send(w.counsellor, threadId, 'Of liever om 11 uur?');
    await card.locator('.ev-badge-count', { hasText: '2' }).waitFor();
    expect(await unreadOf(w.parent, threadId)).toBe(2);
    expect(await activeText(page)).toBe('Bezoeksregeling');
    // The parent's own messages (from another device) never count as unread.
    await send(w.parent, threadId, 'Ik kijk even in mijn agenda.');
    await page.waitForTimeout(500);
    expect(await card.locator('.ev-badge-count').textContent()).toBe('2');
  }, SLOW);

  it('adds and removes conversations of this case as the parent joins and leaves them', async () => {
    const { page } = parent;
    const school = await createThread(t, w.counsellor, caseId, 'Schoolzaken', [w.parent]);
    await page.getByTestId(`thread-${school}`).getByRole('link', { name: 'Schoolzaken' }).waitFor();
    await page.getByTestId('live-announcement').getByText('Nieuw gesprek: Schoolzaken').waitFor({ state: 'attached' });
    await expectAccessible(page, 'threads tab with an added conversation');
    await t.http().delete(`/api/threads/${school}/members/${w.parent.id}`).set(bearer(w.counsellor)).expect(204);
    await page.getByTestId(`thread-${school}`).waitFor({ state: 'detached' });
    expect(await page.getByTestId(`thread-${threadId}`).count()).toBe(1);
  }, SLOW);

  it('clears the count once the parent read the conversation', async () => {
    const { page } = parent;
    await page.getByRole('link', { name: 'Bezoeksregeling' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bezoeksregeling' }).waitFor();
    await page.getByRole('log', { name: 'Berichten' }).getByText('Of liever om 11 uur?').waitFor();
    await page.getByRole('link', { name: 'Terug naar de gesprekken' }).click();
    const card = page.getByTestId(`thread-${threadId}`);
    await card.getByRole('link', { name: 'Bezoeksregeling' }).waitFor();
    await page.getByTestId('connection').getByText('Nieuwe berichten en gesprekken verschijnen hier vanzelf.').waitFor();
    await card.locator('.ev-badge-count').waitFor({ state: 'detached' });
    expect(await unreadOf(w.parent, threadId)).toBe(0);
    await expectAccessible(page, 'threads tab after reading');
  }, SLOW);

  it('shows a shared update on the parent\'s news tab at once, and never a professionals-only one', async () => {
    const { page } = parent;
    await page.getByRole('link', { name: 'Nieuws' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nieuws' }).waitFor();
    await page.getByText('Er is nog geen nieuws.').waitFor();
    await page.getByTestId('connection').getByText('Nieuws dat erbij komt, verschijnt hier vanzelf.').waitFor();
    await expectAccessible(page, 'updates tab (live)');

    await t.http().post(`/api/cases/${caseId}/updates`).set(bearer(w.counsellor))
      .send({ body: 'Interne notitie: rapport van de Raad opvragen.', visibility: 'professionals' }).expect(201);
    await t.http().post(`/api/cases/${caseId}/updates`).set(bearer(w.counsellor))
      .send({ body: 'Het gesprek met de school is verplaatst naar donderdag.', visibility: 'everyone' }).expect(201);
    const list = page.getByRole('list', { name: 'Nieuws' });
    await list.getByText('Het gesprek met de school is verplaatst naar donderdag.').waitFor();
    await page.getByTestId('live-announcement').getByText('Nieuw bericht van Bram Begeleider bij het nieuws').waitFor({ state: 'attached' });
    expect(await page.getByText('Interne notitie').count()).toBe(0);
    expect(await list.getByRole('listitem').count()).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'updates tab with a live update');
    await screenshot(page, 'parent-updates-live-phone');
    // The API agrees: the parent may read one update.
    const visible = (await t.http().get(`/api/cases/${caseId}/updates`).set(bearer(w.parent)).expect(200)).body.items;
    expect(visible.map((u: { body: string }) => u.body)).toEqual(['Het gesprek met de school is verplaatst naar donderdag.']);
    expect(parent.problems).toEqual([]);
  }, SLOW);

  it('brings a counsellor whose session was ended elsewhere calmly to the login form', async () => {
    const counsellor = await logIn(w.counsellor, `/cases/${caseId}?tab=threads`);
    const { page } = counsellor;
    await page.getByTestId(`thread-${threadId}`).getByRole('link', { name: 'Bezoeksregeling' }).waitFor();
    await page.getByTestId('connection').getByText('Nieuwe berichten en gesprekken verschijnen hier vanzelf.').waitFor();
    const token = (await page.context().cookies()).find((c) => c.name === 'ev_session')?.value;
    expect(token).toBeTruthy();

    // Logged out elsewhere (another device, or a password change): the server closes this socket.
    await t.http().post('/api/auth/logout').set({ Authorization: `Bearer ${token}` }).expect((res) => expect([200, 204]).toContain(res.status));
    await page.getByText('U bent uitgelogd').waitFor();
    await page.getByLabel('E-mailadres').waitFor();
    expect(page.url()).toBe(`${origin}/cases/${caseId}?tab=threads`);
    await expectAccessible(page, 'login after a session ended elsewhere');
    await t.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(401);
    expect(counsellor.problems).toEqual([]);
  }, SLOW);

  it('keeps the intake list and the monthly report within a 360 px wide screen (wide tables scroll in their own box)', async () => {
    for (const [name, days] of [['Fatima Nieuw', 0], ['Sandra Laat', 5]] as const) {
      await t.http().post('/api/registrations').set(bearer(w.coordinator))
        .send({ route: 'parent', registrantType: 'mother', name, message: 'Mijn zoon is uit huis geplaatst. Ik wil graag praten.', consentToContact: true,
          ...(days ? { receivedAt: new Date(Date.now() - days * DAY).toISOString(), channel: 'phone' } : {}) })
        .expect(201);
    }
    const coordinator = await logIn(w.coordinator, '/intake', PHONE);
    const { page } = coordinator;
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
    await page.getByTestId('registration-row').nth(1).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'intake list (phone)');
    await screenshot(page, 'coordinator-intake-phone');

    await page.goto(`${origin}/reports`);
    await page.getByRole('heading', { level: 1, name: 'Maandrapportage' }).waitFor();
    await page.getByRole('table', { name: 'Aanmeldingen per route' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'monthly report (phone)');
    await screenshot(page, 'coordinator-report-phone');
    expect(coordinator.problems).toEqual([]);
  }, SLOW);
});
