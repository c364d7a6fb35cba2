import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, logInThroughForm, openPage, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { liveCase, type LiveCase } from './helpers/live-case.js';
import type { TestApp } from './helpers/test-app.js';
import type { CaseWorld } from './cases.helpers.js';

// Browser globals inside page.evaluate callbacks (the server's tsconfig has no DOM library).
declare const document: any;

const SLOW = 240_000;
/** The phone the issue measured on. */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/**
 * Issue 17: the start page says what needs attention, live (item 6), and an administrator blocks
 * and allows an account again (item 1), walked in the browser as the people they are for.
 */
describe('web client: start page attention and blocking accounts (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let w: CaseWorld;
  let origin: string;
  let caseId: string;
  let threadId: string;

  let scene: LiveCase | undefined;
  beforeAll(async () => {
    scene = await liveCase({}, { caseTitle: 'Familie Jansen', threadTitle: 'Afspraken' });
    ({ t, b, w, origin, caseId, threadId } = scene);
  }, SLOW);
  afterAll(() => scene?.close());

  const newPage = async (viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> => {
    const page = await (await b.context({ viewport })).newPage();
    return { page, problems: watchPage(page).problems };
  };
  const logIn = async (user: TestUser, path: string, viewport = DESKTOP) => {
    const opened = await newPage(viewport);
    await opened.page.goto(`${origin}${path}`);
    await logInThroughForm(opened.page, user);
    return opened;
  };
  const send = (user: TestUser, body: string) => t.http().post(`/api/threads/${threadId}/messages`).set(bearer(user))
    .send({ body, clientMessageId: randomUUID() }).expect(201);
  /** What the parent's access log shows of the parent's own doing (a counsellor's message is logged there too, rightly). */
  const parentsCaseEvents = async () => (await t.dataSource.query(
    `SELECT count(*)::int AS n FROM audit_event WHERE case_id = $1 AND actor_user_id = $2`, [caseId, w.parent.id]))[0].n as number;

  it('shows a parent the unread messages on the start page, live, and they go away once read; the story waits for confirmation', async () => {
    await send(w.counsellor, 'Wij zien elkaar dinsdag om 10 uur.');
    await send(w.counsellor, 'Neemt u de brief van de school mee?');
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.counsellor))
      .send({ sections: [{ key: 'begin', title: 'Hoe het begon', text: 'Samen met Bram opgeschreven.' }] }).expect(200);

    const before = await parentsCaseEvents();
    const { page, problems } = await logIn(w.parent, '/', PHONE);
    const attention = page.getByTestId('attention');
    await attention.getByRole('heading', { level: 2, name: 'Nieuw voor u' }).waitFor();
    await attention.getByTestId('attention-summary').getByText('U heeft 2 nieuwe berichten. Uw verhaal wacht op uw bevestiging.').waitFor();
    const link = attention.getByRole('link', { name: 'Gesprek "Afspraken" in Familie Jansen: 2 nieuwe berichten' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/cases/${caseId}/threads/${threadId}`);
    await attention.getByText(/Bram Begeleider heeft uw verhaal in Familie Jansen aangepast op .*\. Lees het na\. Klopt het\? Bevestig het dan\./).waitFor();
    await attention.getByRole('link', { name: 'Verhaal in Familie Jansen lezen en bevestigen' }).waitFor();
    // Opening the start page wrote nothing into the parent's access log.
    expect(await parentsCaseEvents()).toBe(before);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'parent start page with unread messages (390 × 844)');
    await screenshot(page, 'parent-home-attention-phone');

    // Live: a third message arrives while the start page is open.
    await send(w.counsellor, 'Tot dinsdag!');
    const three = attention.getByRole('link', { name: 'Gesprek "Afspraken" in Familie Jansen: 3 nieuwe berichten' });
    await three.waitFor();
    await attention.getByTestId('attention-summary').getByText('U heeft 3 nieuwe berichten.', { exact: false }).waitFor();
    expect(await parentsCaseEvents()).toBe(before); // nor did its live update

    // Reading the conversation, then back to the start page: the count is gone.
    await three.click();
    await page.getByText('Tot dinsdag!').waitFor();
    await page.getByRole('link', { name: 'Mijn overzicht' }).click();
    await attention.getByTestId('attention-summary').getByText('Uw verhaal wacht op uw bevestiging.', { exact: true }).waitFor();
    expect(await attention.getByTestId('attention-thread').count()).toBe(0);
    const threads = (await t.http().get(`/api/cases/${caseId}/threads`).set(bearer(w.parent)).expect(200)).body;
    expect((Array.isArray(threads) ? threads : threads.items).find((x: { id: string }) => x.id === threadId).unreadCount).toBe(0);

    // Confirming the story empties the list.
    await attention.getByRole('link', { name: 'Verhaal in Familie Jansen lezen en bevestigen' }).click();
    await page.getByRole('button', { name: 'Ja, dit is mijn verhaal' }).click();
    await page.getByText('Dank u. U heeft bevestigd dat dit uw verhaal is.').waitFor();
    await page.getByRole('link', { name: 'Mijn overzicht' }).click();
    await attention.getByText('Er is niets nieuws. U bent helemaal bij.').waitFor();
    await expectAccessible(page, 'parent start page with nothing new (390 × 844)');

    const desktop = await logIn(w.parent, '/');
    await desktop.page.getByTestId('attention').getByText('Er is niets nieuws. U bent helemaal bij.').waitFor();
    await expectAccessible(desktop.page, 'parent start page (desktop)');
    expect([...problems, ...desktop.problems]).toEqual([]);
  }, SLOW);

  it('shows a coordinator the overdue registrations, handover requests and open erasure requests, each with a link to where it is done', async () => {
    const late = (await t.http().post('/api/registrations').set(bearer(w.coordinator)).send({
      route: 'parent', registrantType: 'mother', name: 'Petra Laat', message: 'Ik wil graag hulp.', consentToContact: true, channel: 'phone', receivedAt: daysAgo(3),
    }).expect(201)).body as { id: string; reference: string };
    await t.http().post(`/api/cases/${caseId}/handover-requests`).set(bearer(w.counsellor)).send({ reason: 'Ik ken de familie privé.' }).expect(201);
    const erasure = (await t.http().post('/api/me/erasure-requests').set(bearer(w.parent)).send({ note: 'Wis mijn oude kopieën.' }).expect(201)).body as { id: string };
    await t.dataSource.query(`UPDATE privacy_erasure_request SET requested_at = '2026-01-15T10:00:00Z' WHERE id = $1`, [erasure.id]);

    const { page, problems } = await logIn(w.coordinator, '/');
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      if (viewport === PHONE) await page.getByRole('link', { name: 'Mijn overzicht' }).click();
      const attention = page.getByTestId('attention');
      await attention.getByRole('heading', { level: 2, name: 'Wat vraagt uw aandacht' }).waitFor();
      await attention.getByTestId('attention-summary').getByText('Er wachten 3 dingen op u.').waitFor();
      const registration = attention.getByRole('link', { name: new RegExp(`^Aanmelding ${late.reference}: het eerste contact had uiterlijk .* moeten zijn\\.$`) });
      expect(await registration.getAttribute('href')).toBe(`/intake/${late.id}`);
      await attention.getByText(/Bram Begeleider vraagt sinds .* om overdracht van Familie Jansen/).waitFor();
      expect(await attention.getByRole('link', { name: /^Dossier .* overdragen bij Mijn team$/ }).getAttribute('href')).toBe('/team');
      await attention.getByRole('heading', { level: 3, name: 'Verzoeken om verwijdering' }).waitFor();
      await attention.getByTestId('attention-erasures')
        .getByText('Er staat 1 verzoek om verwijdering open. Het is gedaan op 15 januari 2026. De wet geeft één maand voor een antwoord: uiterlijk 15 februari 2026.').waitFor();
      expect(await attention.getByRole('link', { name: 'Het verzoek beslissen bij Mijn team' }).getAttribute('href')).toBe('/team');
      const text = await attention.textContent();
      expect(text).not.toContain('privé'); // the reason stays on the team screen
      expect(text).not.toContain('kopieën'); // so does the erasure request's note
      expect(text).not.toContain(w.parent.displayName); // and who asked
      await expectAccessible(page, `coordinator start page (${viewport.width} px)`);
      if (viewport === DESKTOP) {
        await screenshot(page, 'coordinator-home-attention');
        await registration.click();
        await page.getByRole('heading', { level: 1, name: /Petra Laat/ }).waitFor();
      } else {
        expect(await fitsWidth(page)).toBe(true);
      }
    }
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets an admin block an account after a confirmation: the person is logged out at once and refused; then allows it again', async () => {
    // Bram is at work with the portal open.
    const bram = await logIn(w.counsellor, '/');
    await bram.page.getByTestId('attention').waitFor();
    expect((await bram.page.request.get(`${origin}/api/me`)).status()).toBe(200);

    // The admin's start page names the organisations nobody can invite colleagues into yet.
    const { page, problems } = await logIn(w.admin, '/');
    const attention = page.getByTestId('attention');
    await attention.getByRole('heading', { level: 3, name: 'Organisaties zonder coördinator' }).waitFor();
    await attention.getByText('Jeugdbescherming Test heeft nog geen coördinator, dus niemand daar kan collega’s uitnodigen.').waitFor();
    expect(await attention.getByText('Testteam heeft nog geen coördinator', { exact: false }).count()).toBe(0);
    await expectAccessible(page, 'admin start page');
    await page.getByRole('navigation').getByRole('link', { name: 'Organisaties', exact: true }).click();
    await page.getByRole('link', { name: 'Accounts van Testteam bekijken, blokkeren of weer toestaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts van Testteam' }).waitFor();
    const card = page.getByTestId('account').filter({ has: page.getByRole('heading', { name: 'Bram Begeleider' }) });
    await card.getByText(`${w.counsellor.email} · begeleider · Actief`).waitFor();
    await expectAccessible(page, 'accounts of an organisation');

    await card.getByRole('button', { name: 'Account blokkeren (Bram Begeleider)' }).click();
    const question = card.getByText('Wilt u het account van Bram Begeleider blokkeren?');
    await question.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Wilt u het account van Bram Begeleider blokkeren?');
    await card.getByText('Bram Begeleider kan dan niet meer inloggen. Is Bram Begeleider nu ingelogd? Dan wordt Bram Begeleider meteen uitgelogd, op elk apparaat.').waitFor();
    await card.getByText('Er gaat niets verloren: dossiers, gesprekken en verhalen blijven bewaard.').waitFor();
    await screenshot(page, 'admin-accounts-block-ask');
    // No reason yet: refused next to the field and in the summary, nothing changes.
    await card.getByRole('button', { name: 'Ja, blokkeer het account' }).click();
    await card.getByTestId('error-summary').getByText('Schrijf kort op waarom u dit account blokkeert.').waitFor();
    await expectAccessible(page, 'block account: the question with an error');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'block account: the question (390 × 844)');
    expect(await fitsWidth(page)).toBe(true);
    await page.setViewportSize(DESKTOP);
    expect((await bram.page.request.get(`${origin}/api/me`)).status()).toBe(200);

    await card.getByLabel('Waarom blokkeert u dit account?').fill('Heeft het team verlaten.');
    await card.getByRole('button', { name: 'Ja, blokkeer het account' }).click();
    await page.getByRole('status').getByText('Het account van Bram Begeleider is geblokkeerd. Bram Begeleider is overal uitgelogd en kan niet meer inloggen.').waitFor();
    await card.getByText(/Geblokkeerd op .* door Ad Beheer\. Reden: Heeft het team verlaten\./).waitFor();
    await expectAccessible(page, 'a blocked account');
    await screenshot(page, 'admin-accounts-blocked');

    // Bram's very next request is refused; his open page lands on the login form (its socket was closed).
    expect((await bram.page.request.get(`${origin}/api/me`)).status()).toBe(401);
    await bram.page.getByText('U bent uitgelogd', { exact: true }).waitFor();

    await card.getByRole('button', { name: 'Weer toestaan (Bram Begeleider)' }).click();
    await page.getByRole('status').getByText('Bram Begeleider kan weer inloggen.').waitFor();
    await card.getByText(`${w.counsellor.email} · begeleider · Actief`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bram Begeleider');
    // The old session stays ended; a new login works.
    expect((await bram.page.request.get(`${origin}/api/me`)).status()).toBe(401);
    await logInThroughForm(bram.page, w.counsellor, { totpAt: Date.now() + 30_000 });
    await bram.page.getByTestId('attention').waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets a coordinator reach the team\'s accounts from the team screen, never an admin there, and not block themselves', async () => {
    // Logged in already (by session cookie): a second login with the same authenticator code would be a replay.
    const { page, problems } = await openPage(b, `${origin}/team`, { viewport: PHONE, session: w.coordinator.token });
    await page.getByRole('link', { name: 'Accounts van uw team bekijken, blokkeren of weer toestaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts van Testteam' }).waitFor();
    const own = page.getByTestId('account').filter({ has: page.getByRole('heading', { name: 'Carla Coördinator' }) });
    await own.getByText('Dit is uw eigen account. U kunt het niet zelf blokkeren.').waitFor();
    expect(await own.getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('account').count()).toBe(3); // Carla, Bram and Fleur; no admin
    await expectAccessible(page, 'team accounts (390 × 844)');
    expect(await fitsWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets an admin find a parent, who is in no organisation\'s list, by the whole e-mail address, and block and allow them again', async () => {
    // Olga has the portal open on her phone.
    const olga = await openPage(b, `${origin}/`, { viewport: PHONE, session: await t.factories.session(w.parent.id) });
    await olga.page.getByTestId('attention').waitFor();

    // Logged in already (by session cookie): the first admin test used this authenticator code.
    const { page, problems } = await openPage(b, `${origin}/`, { session: w.admin.token });
    await page.getByRole('navigation').getByRole('link', { name: 'Account zoeken', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Account zoeken op e-mailadres' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account zoeken' }).waitFor();
    const form = page.getByRole('search', { name: 'Account zoeken op e-mailadres' });
    const outcome = page.getByTestId('account-search-outcome');

    // Nothing filled in: said next to the field and in the summary; nothing asked of the server.
    const lookups = async () => (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'account.looked_up' AND actor_user_id = $1`, [w.admin.id]))[0].n as number;
    const before = await lookups();
    await form.getByRole('button', { name: 'Zoeken' }).click();
    await form.getByTestId('error-summary').getByText('Vul het e-mailadres in van het account dat u zoekt.').waitFor();
    // Part of her address is no address, and part of it that looks like one finds nobody.
    const [local, domain] = w.parent.email.split('@');
    await form.getByLabel('E-mailadres').fill(local);
    await form.getByRole('button', { name: 'Zoeken' }).click();
    await form.getByTestId('error-summary').getByText('Dit is geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl.').waitFor();
    await form.getByLabel('E-mailadres').fill(`${local.slice(1)}@${domain}`);
    await form.getByRole('button', { name: 'Zoeken' }).click();
    await outcome.getByText('Geen account met dit e-mailadres.', { exact: true }).waitFor();
    expect(await page.getByTestId('account').count()).toBe(0);
    expect(await lookups()).toBe(before + 1); // only the search that reached the server
    await expectAccessible(page, 'account search: nothing found');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'account search: nothing found (390 × 844)');
    expect(await fitsWidth(page)).toBe(true);
    expect((await page.locator('header').boundingBox())!.height).toBeLessThanOrEqual(64); // one more menu item for admins, still one line
    await page.setViewportSize(DESKTOP);

    // Her whole address, in other letters: found, with the same card as in an organisation's list.
    await form.getByLabel('E-mailadres').fill(w.parent.email.toUpperCase());
    await form.getByRole('button', { name: 'Zoeken' }).click();
    await outcome.getByText('Er is een account met dit e-mailadres: Olga Ouder.').waitFor();
    const card = page.getByTestId('account').filter({ has: page.getByRole('heading', { name: 'Olga Ouder' }) });
    await card.getByText(`${w.parent.email} · ouder · Actief`).waitFor();
    expect(page.url()).not.toContain(local); // the address stays out of the browser's history
    await expectAccessible(page, 'account search: a parent found');

    // Blocking asks first, and says what it means for her case.
    await card.getByRole('button', { name: 'Account blokkeren (Olga Ouder)' }).click();
    await card.getByText('Wilt u het account van Olga Ouder blokkeren?').waitFor();
    await card.getByText('Olga Ouder kan dan niet meer inloggen.', { exact: false }).waitFor();
    await card.getByText('Er wordt niets verwijderd uit het dossier van Olga Ouder. Het verhaal, de berichten en de bijlagen blijven bewaard.').waitFor();
    await card.getByText('De begeleiders zien het dossier nog steeds en werken er gewoon in verder. Alleen Olga Ouder kan er niet meer bij.').waitFor();
    await card.getByText('Toestemmingen die Olga Ouder heeft gegeven, blijven gelden: wie mocht meelezen, mag dat nog steeds.').waitFor();
    await card.getByText('Olga Ouder krijgt geen bericht dat het account is geblokkeerd', { exact: false }).waitFor();
    expect(await card.getByText('aan een andere begeleider', { exact: false }).count()).toBe(0); // a counsellor's handover line is not hers
    await expectAccessible(page, 'account search: blocking a parent asks first');
    await screenshot(page, 'admin-account-search-block-parent');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'account search: blocking a parent asks first (390 × 844)');
    expect(await fitsWidth(page)).toBe(true);
    await page.setViewportSize(DESKTOP);
    expect((await olga.page.request.get(`${origin}/api/me`)).status()).toBe(200);

    await card.getByLabel('Waarom blokkeert u dit account?').fill('Iemand anders gebruikt dit account.');
    await card.getByRole('button', { name: 'Ja, blokkeer het account' }).click();
    await page.getByRole('status').getByText('Het account van Olga Ouder is geblokkeerd. Olga Ouder is overal uitgelogd en kan niet meer inloggen.').waitFor();
    await card.getByText(/Geblokkeerd op .* door Ad Beheer\. Reden: Iemand anders gebruikt dit account\./).waitFor();

    // Her very next request is refused and her open page lands on the login form; her case is all there for the counsellor.
    expect((await olga.page.request.get(`${origin}/api/me`)).status()).toBe(401);
    await olga.page.getByText('U bent uitgelogd', { exact: true }).waitFor();
    const bram = { token: await t.factories.session(w.counsellor.id) }; // a session of his own (the test above ended his old ones)
    const file = (await t.http().get(`/api/cases/${caseId}`).set(bearer(bram)).expect(200)).body;
    expect(file.id).toBe(caseId);
    const people = (await t.http().get(`/api/cases/${caseId}/participants`).set(bearer(bram)).expect(200)).body;
    expect(JSON.stringify(people)).toContain(w.parent.id);

    await card.getByRole('button', { name: 'Weer toestaan (Olga Ouder)' }).click();
    await page.getByRole('status').getByText('Olga Ouder kan weer inloggen.').waitFor();
    await card.getByText(`${w.parent.email} · ouder · Actief`).waitFor();
    await logInThroughForm(olga.page, w.parent);
    await olga.page.getByTestId('attention').waitFor();

    // The searches are audited without the address.
    const audit = await t.dataSource.query(`SELECT to_jsonb(e) AS row FROM audit_event e WHERE action = 'account.looked_up' AND actor_user_id = $1`, [w.admin.id]);
    expect(audit.length).toBe(before + 2);
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(local.toLowerCase());

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('search', { name: 'Find an account by e-mail address' }).getByLabel('E-mail address').fill('nobody@example.test');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await outcome.getByText('No account with this e-mail address.', { exact: true }).waitFor();
    await expectAccessible(page, 'account search in English');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    expect([...problems, ...olga.problems]).toEqual([]);
  }, SLOW);
});
