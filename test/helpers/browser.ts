import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { currentTotp } from '../../src/auth/totp.js';
import { TEST_PASSWORD, type TestUser } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

// Browser globals inside page.evaluate callbacks (the server's tsconfig has no DOM library).
declare const document: any, window: any, getComputedStyle: any;


/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) through playwright-core.
 * The flags keep it off the network: this machine refuses every outside connection.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--headless'];

export const SCREENSHOT_DIR = path.resolve('docs/screenshots');
export const PHONE = { width: 360, height: 740 };
export const LAPTOP = { width: 1280, height: 860 };

export interface TestBrowser {
  browser: Browser;
  /** A new, isolated browser profile (its own cookies): one per user in a test. */
  context(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // playwright-core gives every launch a fresh, empty profile directory of its own (and removes it).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async context(options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? LAPTOP, locale: options.locale ?? 'nl-NL' });
      // Generous: this 2-core machine may be running other test suites at the same time.
      context.setDefaultTimeout(60_000);
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Collects what should never happen on a page: script errors and Content-Security-Policy violations. */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) problems.push(`csp: ${text}`);
  });
  return { problems };
}

/** A new browser profile on `url`, watched (see watchPage); with `session`, already logged in by that session cookie. */
export async function openPage(b: TestBrowser, url: string, options: { viewport?: { width: number; height: number }; session?: string } = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await b.context({ viewport: options.viewport });
  if (options.session) {
    await context.addCookies([{ name: 'ev_session', value: options.session, url: new URL(url).origin, httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  const { problems } = watchPage(page);
  await page.goto(url);
  return { page, problems };
}

/**
 * Logs in through the login form on the page: e-mail address and password, then (for a
 * professional) the code from the authenticator app. A code may be used once: `totpAt` takes the
 * code of another moment. What the test waits for after the login stays in the test; the form's
 * own errors and the enrolment are tested in web-auth.
 */
export async function logInThroughForm(page: Page, user: { email: string; totpSecret?: string | null }, options: { password?: string; totpAt?: number } = {}): Promise<void> {
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(options.password ?? TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  if (user.totpSecret) {
    await page.getByLabel('Code uit de app (6 cijfers)').fill(currentTotp(user.totpSecret, options.totpAt));
    await page.getByRole('button', { name: 'Code controleren' }).click();
  }
}

export type LogIn = (user: TestUser, path: string, viewport?: { width: number; height: number }) => Promise<{ page: Page; problems: string[] }>;

/**
 * A user's first login goes through the form; later ones open the page with a fresh session cookie
 * (a TOTP code works only once, and two logins can fall in the same 30 seconds). `formAgain`: users
 * who go through the form every time. `scene` is read at call time (it is set up in `beforeAll`).
 */
export function logInOnceThroughForm(scene: () => { b: TestBrowser; t: TestApp; origin: string }, formAgain: (user: TestUser) => boolean = () => false): LogIn {
  const loggedInBefore = new Set<string>();
  return async (user, path, viewport) => {
    const { b, t, origin } = scene();
    if (loggedInBefore.has(user.id) && !formAgain(user)) return openPage(b, `${origin}${path}`, { viewport, session: await t.factories.session(user.id) });
    loggedInBefore.add(user.id);
    const opened = await openPage(b, `${origin}${path}`, { viewport });
    await logInThroughForm(opened.page, user);
    return opened;
  };
}

let axeSource: string | undefined;

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string }[] }

/**
 * Runs axe-core in the page (evaluated over the DevTools protocol, so the page's strict CSP stays
 * on) against WCAG 2.0/2.1 A and AA and axe's best practices, and returns every violation, whatever
 * its impact (issue 17: axe stays at 0 violations).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html })) }));
  });
  return violations;
}

/** Fails with a readable list when axe finds a serious or critical problem. */
/** Every screen has its h1: wait for it (a route's code may still be loading), then run axe. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });
  const violations = await axeViolations(page);
  if (violations.length) throw new Error(`axe on ${label}:\n${JSON.stringify(violations, null, 2)}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Waits until a text field is empty. A sent message can reach the log over the socket before the
 * POST answers; the box keeps its text until then, so the two are checked one after the other.
 */
export async function emptied(field: Locator): Promise<void> {
  await field.page().waitForFunction((element) => element.value === '', await field.elementHandle());
}

/** True when the page does not scroll sideways (360 px phones, 200 % zoom). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/** A free TCP port on 127.0.0.1 (closed again at once). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Forwards 127.0.0.1:`port` to the test app's random port, so the browser's origin can equal the
 * PUBLIC_URL the app was configured with (socket.io accepts only that origin).
 */
export async function forward(port: number, targetPort: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * The test app with PUBLIC_URL on a port of its own that forwards to it, so the browser's origin
 * equals PUBLIC_URL (the socket.io handshake accepts only that origin). Close `forwarder`, then `t`.
 */
export async function createTestAppAtOrigin(env: Record<string, string> = {}): Promise<{ t: TestApp; origin: string; forwarder: { close(): Promise<void> } }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ ...env, PUBLIC_URL: origin });
  try {
    return { t, origin, forwarder: await forward(port, Number(new URL(t.baseUrl).port)) };
  } catch (error) {
    await t.close();
    throw error;
  }
}
