import { expectAccessible, fitsWidth, launchBrowser, logInThroughForm, PHONE, screenshot, watchPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import type { Page } from 'playwright-core';

const SLOW = 240_000;

/**
 * The coordinator's team screen: caseload against capacity, team and counsellor capacity, region
 * profile, credentials (issue after the in-person check, revoke with a confirmation) and, on the
 * case screen, executing a handover a counsellor asked for.
 */
describe('web client: the coordinator\'s team (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let coordinator: TestUser;
  let coordinatorOnPhone: TestUser;
  let bram: TestUser;
  let dana: TestUser;
  let first: { id: string; reference: string };
  let second: { id: string; reference: string };

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', ORG_KEY_PASSPHRASE: 'e2e-organisation-key-passphrase' });
    const team = await t.factories.organisation('support_team', 'Steunteam West');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id, displayName: 'Carla Coördinator' });
    coordinatorOnPhone = await t.factories.user('coordinator', { organisationId: team.id, displayName: 'Cor Coördinator' });
    bram = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bram Begeleider' });
    dana = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Dana Doorzetter' });
    const newCase = async (title: string) =>
      (await t.http().post('/api/cases').set(bearer(coordinator)).send({ title, leadCounsellorId: bram.id }).expect(201)).body as { id: string; reference: string };
    first = await newCase('Gezin De Vries');
    second = await newCase('Gezin Jansen');
    await t.http().post(`/api/cases/${first.id}/handover-requests`).set(bearer(bram))
      .send({ reason: 'Ik ken de familie privé; ik wil dit dossier liever niet doen.' }).expect(201);
    await t.http().post(`/api/cases/${second.id}/handover-requests`).set(bearer(bram))
      .send({ reason: 'Het gaat mij te zwaar worden.' }).expect(201);
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const login = async (page: Page, user: TestUser, path: string) => {
    await page.goto(`${t.baseUrl}${path}`);
    await logInThroughForm(page, user);
  };
  const caseload = async () => (await t.http().get('/api/caseload').set(bearer(coordinator)).expect(200)).body as {
    teamCapacity: number; counsellors: { id: string; capacity: number | null; regionCodes: string[]; activeCases: number }[];
  };
  /** The text a screen reader reads after a control's name: its description and error. */
  const description = (page: Page, label: string, exact = false) => page.getByLabel(label, { exact }).evaluate((el: any) => {
    const ids: string[] = String(el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    return ids.map((id) => String(el.ownerDocument.getElementById(id)?.textContent ?? '')).join(' ');
  });

  it('sets capacity, edits a counsellor, executes requested handovers, and issues and revokes a credential', async () => {
    const page = await (await b.context()).newPage();
    const { problems } = watchPage(page);
    await login(page, coordinator, '/team');
    await page.getByRole('heading', { level: 1, name: 'Mijn team' }).waitFor();
    await expect(page.getByRole('link', { name: 'Mijn team' }).count()).resolves.toBe(1);

    // Caseload: the table says how full everyone is, in words.
    const table = page.getByRole('table', { name: 'Begeleiders: lopende dossiers en capaciteit' });
    await table.waitFor();
    const bramRow = table.getByRole('row', { name: /Bram Begeleider/ });
    await bramRow.getByText('Capaciteit niet ingesteld').waitFor();
    expect(await bramRow.getByRole('cell').first().textContent()).toBe('2');
    await page.getByTestId('credential-status').nth(1).waitFor();
    await expectAccessible(page, 'team overview');

    // Team capacity: a refused value is explained next to the field, then a good one is saved.
    const capacityField = page.getByLabel('Capaciteit van het team', { exact: true });
    await capacityField.fill('-5');
    await page.getByRole('button', { name: 'Capaciteit opslaan' }).click();
    await page.getByText('Vul een heel getal in van 0 tot en met 100.000.').waitFor();
    expect(await description(page, 'Capaciteit van het team', true)).toContain('Vul een heel getal in van 0 tot en met 100.000.');
    await expect(capacityField.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'team capacity with an error');
    await capacityField.fill('150');
    await page.getByRole('button', { name: 'Capaciteit opslaan' }).click();
    await page.getByRole('status').getByText('De capaciteit van het team is nu 150.').waitFor();
    expect((await caseload()).teamCapacity).toBe(150);

    // A counsellor's capacity and regions; over capacity is said in words, not shown in colour alone.
    await page.getByRole('button', { name: 'Gegevens van Bram Begeleider wijzigen' }).click();
    const profile = page.getByTestId('counsellor-profile');
    await profile.getByRole('heading', { name: 'Gegevens van Bram Begeleider' }).waitFor();
    await profile.getByLabel('Hoeveel dossiers kan Bram Begeleider tegelijk aan?').fill('1');
    await profile.getByRole('group', { name: 'Regio\'s waar Bram Begeleider woont of werkt' }).getByLabel('IJsselland').check();
    await expectAccessible(page, 'counsellor profile form');
    await profile.getByRole('button', { name: 'Gegevens opslaan' }).click();
    await page.getByRole('status').getByText('De gegevens van Bram Begeleider zijn opgeslagen.').waitFor();
    await bramRow.getByText('Boven capaciteit: 1 te veel').waitFor();
    await bramRow.getByText('IJsselland').waitFor();
    const bramLoad = (await caseload()).counsellors.find((c) => c.id === bram.id)!;
    expect(bramLoad).toMatchObject({ capacity: 1, regionCodes: ['ijsselland'], activeCases: 2 });

    // Handover requests of the whole team, oldest first; the first is handed over right here.
    const requests = page.getByTestId('handover-request');
    await requests.nth(1).waitFor();
    await requests.first().getByRole('heading', { name: `${first.reference}: Gezin De Vries` }).waitFor();
    await requests.first().getByText(/Bram Begeleider vroeg op .* om overdracht\./).waitFor();
    await requests.first().getByText('Reden: Ik ken de familie privé; ik wil dit dossier liever niet doen.').waitFor();
    await requests.first().getByRole('button', { name: `Dossier ${first.reference} overdragen` }).click();
    const form = requests.first().getByTestId('handover-form');
    await form.getByRole('button', { name: 'Dossier overdragen' }).click(); // no counsellor chosen yet
    await form.getByText('Kies een begeleider van uw team.').waitFor();
    expect(await description(page, 'Nieuwe begeleider')).toContain('Kies een begeleider van uw team.');
    await expectAccessible(page, 'handover form with an error');
    await form.getByLabel('Nieuwe begeleider').selectOption({ label: 'Dana Doorzetter (0 dossiers, capaciteit ?)' });
    await expect(form.getByLabel('Reden van de overdracht').inputValue()).resolves.toBe('Ik ken de familie privé; ik wil dit dossier liever niet doen.');
    await form.getByRole('button', { name: 'Dossier overdragen' }).click();
    await page.getByRole('status').getByText(`Dossier ${first.reference} is overgedragen aan Dana Doorzetter. De ouders krijgen daar bericht van.`).waitFor();
    await requests.nth(1).waitFor({ state: 'detached' });
    expect(await requests.count()).toBe(1);
    expect((await t.http().get(`/api/cases/${first.id}`).set(bearer(coordinator)).expect(200)).body.leadCounsellor).toMatchObject({ id: dana.id });
    await bramRow.getByText('Vol').waitFor(); // 1 case left, capacity 1
    await expectAccessible(page, 'after a handover on the team screen');

    // Credential: the in-person check is required and explained; the server's field error shows at the field.
    const danaCard = page.getByTestId('credential-card').filter({ has: page.getByRole('heading', { name: 'Dana Doorzetter' }) });
    await danaCard.getByText('Geen verklaring').waitFor();
    await danaCard.getByRole('button', { name: 'Verklaring geven aan Dana Doorzetter' }).click();
    await danaCard.getByText(/Waarom moet u de persoon zelf zien\?/).waitFor();
    await danaCard.getByRole('button', { name: 'Verklaring geven', exact: true }).click();
    await danaCard.getByText('Vink dit aan. Geef alleen een verklaring als u de identiteit zelf hebt gecontroleerd.').waitFor();
    await expectAccessible(page, 'credential form, identity not checked');
    await danaCard.getByLabel('Ik heb de identiteit van deze persoon zelf gecontroleerd, in een persoonlijk gesprek.').check();
    await danaCard.getByLabel('Geldig tot').fill('2020-01-01');
    await danaCard.getByRole('button', { name: 'Verklaring geven', exact: true }).click();
    await danaCard.getByText('Kies een datum in de toekomst.').waitFor();
    expect(await description(page, 'Geldig tot')).toContain('Kies een datum in de toekomst.');
    await expectAccessible(page, 'credential form, server field error');
    const until = new Date(Date.now() + 200 * 86400_000);
    const untilInput = `${until.getFullYear()}-${String(until.getMonth() + 1).padStart(2, '0')}-${String(until.getDate()).padStart(2, '0')}`;
    await danaCard.getByLabel('Geldig tot').fill(untilInput);
    await danaCard.getByRole('button', { name: 'Verklaring geven', exact: true }).click();
    await page.getByRole('status').getByText(/Dana Doorzetter heeft nu een verklaring, geldig tot/).waitFor();
    await danaCard.getByText(/Geldig tot \d+ \w+ \d{4}/).waitFor();
    const issued = (await t.http().get(`/api/counsellors/${dana.id}/credential`).set(bearer(coordinator)).expect(200)).body;
    expect(issued.status).toBe('valid');
    expect(issued.validUntil.slice(0, 10)).toBe(new Date(`${untilInput}T23:59:59`).toISOString().slice(0, 10));
    const { code } = (await t.http().post('/api/verification/codes').set(bearer(dana)).expect(201)).body;
    expect((await t.http().get(`/api/verify/${code}`).expect(200)).body).toMatchObject({ valid: true, counsellor: { displayName: 'Dana Doorzetter' } });
    await expectAccessible(page, 'credential issued');
    await screenshot(page, 'coordinator-team');

    // Revoking asks first, then takes effect at once.
    await danaCard.getByRole('button', { name: 'Verklaring van Dana Doorzetter intrekken' }).click();
    const confirmation = danaCard.getByTestId('revoke-confirmation');
    await confirmation.getByRole('heading', { name: 'Verklaring van Dana Doorzetter intrekken?' }).waitFor();
    await expectAccessible(page, 'revoke confirmation');
    await confirmation.getByRole('button', { name: 'Nee, niet intrekken' }).click();
    expect((await t.http().get(`/api/counsellors/${dana.id}/credential`).set(bearer(coordinator)).expect(200)).body.status).toBe('valid');
    await danaCard.getByRole('button', { name: 'Verklaring van Dana Doorzetter intrekken' }).click();
    await confirmation.getByRole('button', { name: 'Ja, verklaring intrekken' }).click();
    await page.getByRole('status').getByText('De verklaring van Dana Doorzetter is ingetrokken.').waitFor();
    await danaCard.getByText(/Ingetrokken op/).waitFor();
    expect((await t.http().get(`/api/counsellors/${dana.id}/credential`).set(bearer(coordinator)).expect(200)).body.status).toBe('revoked');
    expect((await t.http().get(`/api/verify/${code}`).expect(200)).body).toEqual({ valid: false, reason: 'revoked' });
    await t.http().post('/api/verification/codes').set(bearer(dana)).expect(422);
    await expectAccessible(page, 'credential revoked');

    // In the case itself the coordinator sees that case's request too, and can hand it over there.
    await page.getByRole('link', { name: `Dossier ${second.reference} openen` }).click();
    const panel = page.getByTestId('handover-panel');
    await panel.getByRole('heading', { level: 2, name: 'Overdragen aan een andere begeleider' }).waitFor();
    await panel.getByText(/Bram Begeleider vroeg op .* om overdracht\./).waitFor();
    await panel.getByText('Reden: Het gaat mij te zwaar worden.').waitFor();
    await panel.getByText('Vaste begeleider nu: Bram Begeleider.').waitFor();
    await expectAccessible(page, 'case with a handover request');
    await panel.getByRole('button', { name: 'Dossier overdragen' }).click();
    await panel.getByLabel('Nieuwe begeleider').selectOption({ label: 'Dana Doorzetter (1 dossier, capaciteit ?)' });
    await panel.getByRole('button', { name: 'Dossier overdragen' }).click();
    await panel.getByRole('status').getByText('Het dossier is overgedragen aan Dana Doorzetter. De ouders krijgen daar bericht van.').waitFor();
    await panel.getByText('Vaste begeleider nu: Dana Doorzetter.').waitFor();
    await panel.getByText('Er zijn geen open verzoeken om overdracht.').waitFor();
    const after = (await t.http().get(`/api/cases/${second.id}`).set(bearer(coordinator)).expect(200)).body;
    expect(after.leadCounsellor).toMatchObject({ id: dana.id, displayName: 'Dana Doorzetter' });
    expect((await t.http().get(`/api/cases/${second.id}/handover-requests`).set(bearer(coordinator)).expect(200)).body.map((r: { status: string }) => r.status)).toEqual(['done']);
    // Bram left both cases (the default): he no longer sees them.
    for (const c of [first, second]) await t.http().get(`/api/cases/${c.id}`).set(bearer(bram)).expect(404);
    await expectAccessible(page, 'case after the handover');
    expect(problems).toEqual([]);
  }, SLOW);

  it('fits a 360 px phone and is not offered to a counsellor', async () => {
    const page = await (await b.context({ viewport: PHONE })).newPage();
    const { problems } = watchPage(page);
    await login(page, coordinatorOnPhone, '/team');
    await page.getByRole('heading', { level: 1, name: 'Mijn team' }).waitFor();
    await page.getByRole('table', { name: 'Begeleiders: lopende dossiers en capaciteit' }).waitFor();
    await page.getByRole('button', { name: 'Gegevens van Bram Begeleider wijzigen' }).click();
    await page.getByTestId('counsellor-profile').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'team screen on a phone');

    const counsellorPage = await (await b.context()).newPage();
    await login(counsellorPage, bram, '/team');
    await counsellorPage.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' }).waitFor();
    await expect(counsellorPage.getByRole('link', { name: 'Mijn team' }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  }, SLOW);
});
