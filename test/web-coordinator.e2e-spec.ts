import { expectAccessible, launchBrowser, logInThroughForm, openPage, screenshot, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const SLOW = 150_000;
const DAY = 86400_000;

/** The coordinator's intake list: overdue first, a registration's detail, a status change and an assignment. */
describe('web client: the coordinator (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let coordinator: TestUser;
  let counsellor: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    const team = await t.factories.organisation('support_team', 'Steunteam Oost');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id, displayName: 'Carla Coördinator' });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bram Begeleider' });
    const register = (name: string, receivedAt?: string) => t.http().post('/api/registrations').set(bearer(coordinator))
      .send({ route: 'parent', registrantType: 'mother', name, message: 'Mijn zoon is uit huis geplaatst. Ik wil graag praten.', consentToContact: true, ...(receivedAt ? { receivedAt, channel: 'phone' } : {}) })
      .expect(201);
    await register('Fatima Nieuw');
    await register('Sandra Laat', new Date(Date.now() - 5 * DAY).toISOString());
    b = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('lists overdue registrations first, opens one, records first contact and assigns the suggested counsellor', async () => {
    const { page, problems } = await openPage(b, `${t.baseUrl}/intake`);
    await logInThroughForm(page, coordinator);
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();

    const rows = page.getByTestId('registration-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    await rows.first().getByText('Sandra Laat').waitFor();
    await rows.first().getByText('Contact te laat').waitFor();
    await expectAccessible(page, 'intake list');
    await screenshot(page, 'coordinator-intake');

    // A registration opens on its own address, its heading focused (it used to open below the whole table).
    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Sandra Laat/ }).waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Contact gehad' });
    // Recorded afterwards: the phone call was two days ago (a minute-precise local time, as the field takes it).
    const called = new Date(Math.floor((Date.now() - 2 * DAY) / 60_000) * 60_000);
    const local = new Date(called.getTime() - called.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Sinds wanneer (niet verplicht)').fill(local);
    await page.getByRole('button', { name: 'Status opslaan' }).click();
    await page.getByText('De status is opgeslagen.').waitFor();
    await page.getByRole('button', { name: 'Bram Begeleider toewijzen' }).click();
    await page.getByText('Toegewezen aan Bram Begeleider.').waitFor();
    await expectAccessible(page, 'registration detail');

    const list = (await t.http().get('/api/registrations').set(bearer(coordinator)).expect(200)).body.items as { id: string; name: string; status: string; firstContactAt: string | null; assignedCounsellorId: string | null }[];
    const sandra = list.find((r) => r.name === 'Sandra Laat')!;
    expect(sandra).toMatchObject({ status: 'contacted', assignedCounsellorId: counsellor.id });
    expect(sandra.firstContactAt).toBe(called.toISOString());
    const history = (await t.http().get(`/api/registrations/${sandra.id}`).set(bearer(coordinator)).expect(200)).body.history as { to: string; changedAt: string }[];
    expect(history.at(-1)).toMatchObject({ to: 'contacted', changedAt: called.toISOString() });

    // The monthly report: figures as text and table-charts, and the CSV/PDF downloads.
    await page.getByRole('link', { name: 'Maandrapportage' }).click();
    await page.getByRole('heading', { level: 1, name: 'Maandrapportage' }).waitFor();
    const figures = page.getByTestId('report-figures');
    await figures.waitFor();
    expect(await figures.locator('dt', { hasText: 'Aanmeldingen totaal' }).locator('xpath=following-sibling::dd[1]').textContent()).toBe('2');
    await page.getByRole('table', { name: 'Aanmeldingen per route' }).waitFor();
    // The charts' sizes are set by React through the DOM, which a CSP without style-src 'unsafe-inline' allows.
    expect(await page.locator('.ev-chart__svg').first().evaluate((svg) => (svg as unknown as { style: { blockSize: string } }).style.blockSize)).toMatch(/px$/);
    expect(Number(await page.locator('.ev-chart__bar').first().getAttribute('width'))).toBeGreaterThan(0);
    const csvHref = await page.getByRole('link', { name: 'Download als CSV' }).getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/reports\/monthly\.csv\?month=\d{4}-\d{2}$/);
    await t.http().get(csvHref!).set(bearer(coordinator)).expect(200).expect('Content-Type', /text\/csv/);
    await expectAccessible(page, 'monthly report');
    await screenshot(page, 'coordinator-report');
    expect(problems).toEqual([]);
  }, SLOW);
});
