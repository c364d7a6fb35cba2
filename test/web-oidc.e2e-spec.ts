import { currentTotp } from '../src/auth/totp.js';
import { createTestAppAtOrigin, expectAccessible, freePort, launchBrowser, logInThroughForm, openPage, type TestBrowser } from './helpers/browser.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { startOidcProvider, type TestOidcProvider } from './helpers/oidc-provider.js';
import type { TestApp } from './helpers/test-app.js';

// The OpenID Connect login in Chromium, through the provider's own pages and back (issue 22).
const SLOW = 120_000;
describe('web: log in with the organisation identity provider (browser)', () => {
  let t: TestApp;
  let origin: string;
  let forwarder: { close(): Promise<void> };
  let idp: TestOidcProvider;
  let b: TestBrowser;
  let admin: TestUser;
  let gijs: TestUser;
  let org: { id: string; name: string };

  beforeAll(async () => {
    ({ t, origin, forwarder } = await createTestAppAtOrigin());
    idp = await startOidcProvider({ redirectUri: `${origin}/api/auth/oidc/callback`, postLogoutRedirectUri: `${origin}/login` });
    admin = await t.factories.user('admin');
    org = await t.factories.organisation('youth_protection', 'Jeugdbescherming Browser', ['jbb.example']);
    gijs = await t.factories.user('partner', { organisationId: org.id, email: 'gijs@jbb.example', displayName: 'Gijs Gezinsvoogd' });
    b = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await idp?.close();
    await forwarder?.close();
    await t?.close();
  });

  it('an admin configures the provider on the organisations screen', async () => {
    const { page, problems } = await openPage(b, `${origin}/organisations`, { session: admin.token });
    const section = page.getByTestId('identity-provider').filter({ has: page.getByRole('heading', { name: /OpenID Connect/ }) })
      .and(page.locator(`[aria-labelledby^="idp-${org.id} "]`));
    await section.getByLabel('Issuer (adres van de inlogdienst)').fill(idp.issuer);
    await section.getByLabel('Client ID').fill(idp.clientId);
    await section.getByLabel('Client secret').fill(idp.clientSecret);
    await section.getByLabel('amr-waarden die als tweede stap tellen').fill('mfa, hwk');
    await section.getByRole('button', { name: 'Inlogdienst opslaan' }).click();
    await section.getByText(`De inlogdienst van ${org.name} is opgeslagen.`).waitFor();
    await section.getByText(`${origin}/api/auth/oidc/callback`).waitFor();
    expect(await section.getByLabel('Client secret').inputValue()).toBe('');
    await expectAccessible(page, 'organisations screen with the identity provider form');
    const saved = await t.http().get(`/api/organisations/${org.id}/identity-provider`).set(bearer(admin));
    expect(saved.body).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId, mfaSatisfiedBy: ['mfa', 'hwk'] });
    expect(problems).toEqual([]);
  }, SLOW);

  it('the login page asks the address, offers the organisation\'s provider, and the provider\'s login brings the user in', async () => {
    const { page, problems } = await openPage(b, `${origin}/`);
    await page.getByLabel('E-mailadres').fill('gijs@jbb.example');
    const offer = page.getByRole('link', { name: `Inloggen via ${org.name}` });
    await offer.waitFor();
    await expectAccessible(page, 'login page with the provider offer');
    await offer.click();
    // The provider's own page (another origin), then back to the portal.
    await page.getByLabel('E-mail bij de organisatie').fill('gijs@jbb.example');
    await page.getByLabel('Tweede factor gebruikt').check();
    await page.getByRole('button', { name: 'Inloggen bij de organisatie' }).click();
    await page.getByText('U bent ingelogd als Gijs Gezinsvoogd.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // Logging out ends the portal session and offers the provider's logout.
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    const providerLogout = page.getByRole('link', { name: 'Ook uitloggen bij uw organisatie' });
    await providerLogout.waitFor();
    expect(await providerLogout.getAttribute('href')).toBe(`/api/auth/oidc/${org.id}/logout`);
    expect((await t.http().get('/api/me').set('Cookie', (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; '))).status).toBe(401);
    expect(problems).toEqual([]);
  }, SLOW);

  it('without a second factor from the provider, the code from the app is still asked', async () => {
    const { page, problems } = await openPage(b, `${origin}/`);
    await page.getByLabel('E-mailadres').fill('gijs@jbb.example');
    await page.getByRole('link', { name: `Inloggen via ${org.name}` }).click();
    await page.getByLabel('E-mail bij de organisatie').fill('gijs@jbb.example');
    await page.getByRole('button', { name: 'Inloggen bij de organisatie' }).click();
    await page.getByRole('heading', { name: 'Nog één stap' }).waitFor();
    await page.getByLabel('Code uit de app (6 cijfers)').fill(currentTotp(gijs.totpSecret!));
    await page.getByRole('button', { name: 'Code controleren' }).click();
    await page.getByText('U bent ingelogd als Gijs Gezinsvoogd.').waitFor();
    expect(problems).toEqual([]);
  }, SLOW);

  it('an address without an account comes back to the login page with a clear message', async () => {
    const { page } = await openPage(b, `${origin}/`);
    await page.getByLabel('E-mailadres').fill('onbekend@jbb.example');
    await page.getByRole('link', { name: `Inloggen via ${org.name}` }).click();
    await page.getByLabel('E-mail bij de organisatie').fill('onbekend@jbb.example');
    await page.getByRole('button', { name: 'Inloggen bij de organisatie' }).click();
    await page.getByText('Er is in Eenverhaal geen account voor dit e-mailadres bij uw organisatie.', { exact: false }).waitFor();
  }, SLOW);

  it('a provider that is down: a clear Dutch message, and the password login still works', async () => {
    const down = await t.factories.organisation('municipality', 'Gemeente Plat', ['plat.example']);
    await t.http().put(`/api/organisations/${down.id}/identity-provider`).set(bearer(admin))
      .send({ issuer: `http://127.0.0.1:${await freePort()}`, clientId: 'portal', clientSecret: 'secret-of-a-provider-that-is-down' }).expect(200);
    const ria = await t.factories.user('partner', { organisationId: down.id, email: 'ria@plat.example', displayName: 'Ria Plat' });
    const { page, problems } = await openPage(b, `${origin}/`);
    await page.getByLabel('E-mailadres').fill(ria.email);
    await page.getByRole('link', { name: 'Inloggen via Gemeente Plat' }).click();
    await page.getByText('De inlogdienst van uw organisatie is nu niet bereikbaar. Log in met uw e-mailadres en wachtwoord, of probeer het later opnieuw.').waitFor();
    await logInThroughForm(page, ria);
    await page.getByText('U bent ingelogd als Ria Plat.').waitFor();
    expect(problems).toEqual([]);
  }, SLOW);
});
