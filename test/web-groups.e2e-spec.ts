import { randomUUID } from 'node:crypto';
import { createTestAppAtOrigin, expectAccessible, fitsWidth, launchBrowser, LAPTOP, openPage, PHONE, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import type { TestApp } from './helpers/test-app.js';

const SLOW = 150_000;

/**
 * Peer groups in the browser (issue 19): a parent reads the rules before joining, asks to join under
 * a pseudonym (her real name is refused, said plainly at the field), reads and writes live and
 * reports a message; the moderator accepts, hides with a reason and mutes. Axe-clean on a phone and
 * a laptop; the screenshots go to the README.
 */
describe('web client: peer groups (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let origin: string;
  let forwarder: { close(): Promise<void> };
  let coordinator: TestUser;
  let moderator: TestUser;
  let anna: TestUser;
  let bert: TestUser;
  let groupId: string;
  let bertHandle: string;

  beforeAll(async () => {
    ({ t, origin, forwarder } = await createTestAppAtOrigin({ MESSAGE_SEND_MAX_PER_MINUTE: '1000' }));
    b = await launchBrowser();
    const team = await t.factories.organisation('support_team', 'Ondersteuningsteam Test');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    moderator = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Karin Begeleider' });
    anna = await t.factories.user('parent', { displayName: 'Anna de Vries' });
    bert = await t.factories.user('parent', { displayName: 'Bert Jansen' });
    const group = await t.http().post('/api/groups').set(bearer(coordinator)).send({
      name: 'Ouders met een kind in een pleeggezin', theme: 'Je kind woont in een pleeggezin', regionCode: 'ijsselland',
      description: 'Ervaringen delen met andere ouders, in een veilige groep.',
      rules: 'Je bent hier onder een zelfgekozen naam.\nWat hier gedeeld wordt, blijft in de groep.\nWe oordelen niet over elkaar.',
    }).expect(201);
    groupId = group.body.id;
    await t.http().post(`/api/groups/${groupId}/members`).set(bearer(coordinator)).send({ userId: moderator.id, pseudonym: 'Gespreksleider Karin', role: 'moderator' }).expect(201);
    const request = await t.http().post(`/api/groups/${groupId}/join-requests`).set(bearer(bert)).send({ pseudonym: 'Wandelaar' }).expect(201);
    bertHandle = request.body.handle;
    await t.http().post(`/api/groups/${groupId}/members`).set(bearer(moderator)).send({ userId: bertHandle, pseudonym: 'Wandelaar', role: 'member' }).expect(201);
    await t.http().post(`/api/groups/${groupId}/messages`).set(bearer(moderator)).send({ body: 'Welkom! Lees gerust eerst even mee.', clientMessageId: randomUUID() }).expect(201);
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await forwarder?.close();
    await t?.close();
  });

  it('shows a parent the groups with their rules before joining, and takes a request under a pseudonym (not her real name)', async () => {
    const { page, problems } = await openPage(b, `${origin}/groups`, { viewport: PHONE, session: await t.factories.session(anna.id) });
    await page.getByRole('heading', { level: 1, name: 'Lotgenotengroepen' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Ouders met een kind in een pleeggezin' }).waitFor();
    await page.getByText('De regels van deze groep').click();
    await page.getByText('Wat hier gedeeld wordt, blijft in de groep.').waitFor();
    await expectAccessible(page, 'groups list (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'groups-list-phone');

    await page.getByRole('link', { name: /Bekijk de groep/ }).click();
    await page.getByRole('heading', { level: 2, name: 'De regels van deze groep' }).waitFor();
    await page.getByLabel('Uw naam in deze groep').fill('anna de vries');
    await page.getByLabel('Ik heb de regels gelezen en houd me eraan.').check();
    await page.getByRole('button', { name: 'Vraag om mee te doen' }).click();
    await page.getByText('kies een andere naam dan uw echte naam', { exact: false }).waitFor();
    expect(await page.getByLabel('Uw naam in deze groep').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'join form with an error (phone)');
    await page.getByLabel('Uw naam in deze groep').fill('Zonnebloem');
    await page.getByRole('button', { name: 'Vraag om mee te doen' }).click();
    await page.getByText('Een gespreksleider kijkt naar uw vraag', { exact: false }).waitFor();
    await page.getByText('Uw vraag om mee te doen als "Zonnebloem" wacht op een gespreksleider.').waitFor();
    await expectAccessible(page, 'join requested (phone)');
    await screenshot(page, 'groups-join-phone');
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets the moderator accept the request from the queue', async () => {
    const { page, problems } = await openPage(b, `${origin}/groups/${groupId}/moderation`, { viewport: LAPTOP, session: await t.factories.session(moderator.id) });
    const request = page.getByTestId('join-request').filter({ hasText: 'Zonnebloem' });
    await request.waitFor();
    await expectAccessible(page, 'moderation queue with a request');
    await request.getByRole('button', { name: 'Accepteren: Zonnebloem' }).click();
    await page.getByText('Er wachten geen vragen.').waitFor();
    await page.getByTestId('group-member').filter({ hasText: 'Zonnebloem' }).waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('shows the conversation live under pseudonyms only; the parent writes and reports a message', async () => {
    const { page, problems } = await openPage(b, `${origin}/groups/${groupId}`, { viewport: PHONE, session: await t.factories.session(anna.id) });
    await page.getByText('U doet mee als "Zonnebloem".', { exact: false }).waitFor();
    await page.getByText('Welkom! Lees gerust eerst even mee.').waitFor();
    await page.getByText('Nieuwe berichten verschijnen vanzelf.').waitFor();
    // Bert writes: it appears without a reload, under his pseudonym.
    await t.http().post(`/api/groups/${groupId}/messages`).set(bearer(bert)).send({ body: 'Dat is toch je eigen schuld.', clientMessageId: randomUUID() }).expect(201);
    const bertsMessage = page.getByTestId('group-message').filter({ hasText: 'Dat is toch je eigen schuld.' });
    await bertsMessage.getByText('Wandelaar').waitFor();
    await page.getByLabel('Uw bericht').fill('Hoi, ik ben nieuw hier.');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await page.getByTestId('group-message').filter({ hasText: 'Hoi, ik ben nieuw hier.' }).waitFor();
    await bertsMessage.getByRole('button', { name: /^Melden: Wandelaar/ }).click();
    await page.getByLabel('Wat is er mis met dit bericht?').fill('Dit is kwetsend.');
    await page.getByRole('button', { name: 'Melding versturen' }).click();
    await page.getByText('Dank u wel voor uw melding.', { exact: false }).waitFor();
    await expectAccessible(page, 'group conversation (phone)');
    expect(await fitsWidth(page)).toBe(true);
    const text = await page.locator('main').innerText();
    for (const secret of [bert.displayName, bert.email, moderator.displayName, moderator.email]) expect(text).not.toContain(secret);
    await screenshot(page, 'groups-conversation-phone');
    expect(problems).toEqual([]);
  }, SLOW);

  it('lets the moderator hide the reported message with a reason and mute its author; members stop seeing it', async () => {
    const annaView = await openPage(b, `${origin}/groups/${groupId}`, { viewport: PHONE, session: await t.factories.session(anna.id) });
    const hiddenForAnna = annaView.page.getByTestId('group-message').filter({ hasText: 'Dat is toch je eigen schuld.' });
    await hiddenForAnna.waitFor();
    const { page, problems } = await openPage(b, `${origin}/groups/${groupId}/moderation`, { viewport: PHONE, session: await t.factories.session(moderator.id) });
    const report = page.getByTestId('group-report').filter({ hasText: 'Dat is toch je eigen schuld.' });
    await report.getByText('Reden van de melding: Dit is kwetsend.').waitFor();
    await expectAccessible(page, 'moderation queue with a report (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'groups-moderation-phone');
    await report.getByLabel('Waarom verbergt u dit bericht?').fill('Kwetsend voor een ander lid');
    await report.getByRole('button', { name: 'Bericht verbergen' }).click();
    await report.getByText('Afgehandeld').waitFor();
    await report.getByText('Verborgen voor leden. Reden: Kwetsend voor een ander lid').waitFor();
    // Live: the parent's screen drops the message.
    await hiddenForAnna.waitFor({ state: 'detached' });
    const bertItem = page.getByTestId('group-member').filter({ hasText: 'Wandelaar' });
    await bertItem.getByRole('button', { name: 'Stil zetten' }).click();
    await bertItem.getByText(/Stil tot/).waitFor();
    await expectAccessible(page, 'moderation after hide and mute (phone)');
    const muted = await t.http().post(`/api/groups/${groupId}/messages`).set(bearer(bert)).send({ body: 'Mag ik?', clientMessageId: randomUUID() }).expect(403);
    expect(muted.body.code).toBe('muted');
    expect(problems).toEqual([]);
    expect(annaView.problems).toEqual([]);
  }, SLOW);

  it('gives the coordinator the groups with a form to start one, axe-clean', async () => {
    const { page, problems } = await openPage(b, `${origin}/groups`, { viewport: LAPTOP, session: await t.factories.session(coordinator.id) });
    await page.getByRole('heading', { level: 2, name: 'Een nieuwe groep starten' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Meldingen die bij u terechtkomen' }).waitFor();
    await page.getByText('Er wachten geen meldingen op u.').waitFor();
    await expectAccessible(page, 'groups for a coordinator');
    await screenshot(page, 'groups-coordinator');
    expect(problems).toEqual([]);
  }, SLOW);
});
