import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Provider (the `oidc-provider` package) on a free 127.0.0.1 port, for the OIDC login
 * tests. Its login page takes any e-mail address as the account (the address is the account id and
 * its verified `email` claim); ticking "second factor" makes the ID token's `amr` say `mfa`.
 * Consent is given automatically. `tamperIdToken` lets a test change the ID token the token
 * endpoint returns, re-signed with the provider's own key (an ID token for another audience, an
 * expired one): the signature is valid, only the claims are wrong.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  tamperIdToken: ((claims: Record<string, unknown>) => Record<string, unknown>) | null;
  close(): Promise<void>;
}

export async function startOidcProvider(options: { redirectUri: string; postLogoutRedirectUri: string; clientId?: string; clientSecret?: string }): Promise<TestOidcProvider> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const clientId = options.clientId ?? 'eenverhaal-portal';
  const clientSecret = options.clientSecret ?? 'a-client-secret-of-the-test-provider-9f3c1';

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Its in-memory storage is what a test wants; only that notice is dropped from the test output.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => { if (!String(args[0]).includes('in-memory adapter')) warn(...args); };
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [options.redirectUri],
      post_logout_redirect_uris: [options.postLogoutRedirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    }],
    jwks: { keys: [signingJwk] },
    cookies: { keys: ['test-cookie-key-1'] },
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true, name: id.split('@')[0] }),
    }),
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AuthorizationCode: 60, IdToken: 600, AccessToken: 600 },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Fout</title><h1>Fout bij de test-inlogdienst</h1><pre>${Object.entries(out).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>`;
    },
  });
  console.warn = warn;
  provider.proxy = false;

  const handle: TestOidcProvider = { issuer, clientId, clientSecret, tamperIdToken: null, close: async () => undefined };

  // The token endpoint's answer, with the ID token changed and re-signed when a test asks for it.
  provider.use(async (ctx: { path: string; body: unknown }, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && handle.tamperIdToken && body?.id_token) {
      const claims = handle.tamperIdToken(decodeJwt(body.id_token) as Record<string, unknown>);
      const header = decodeProtectedHeader(body.id_token);
      const key = await importJWK(signingJwk, 'ES256');
      ctx.body = { ...body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: header.kid, typ: header.typ }).sign(key) };
    }
  });

  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
    if (!match) return callback(req, res);
    void interaction(provider, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  handle.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return handle;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** The provider's own login page (any address) and an automatic consent. */
async function interaction(provider: any, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const amr = form.get('mfa') ? ['pwd', 'mfa'] : ['pwd'];
    await provider.interactionFinished(req, res, { login: { accountId: email, amr } }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'login') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="nl"><head><title>Test-inlogdienst</title></head><body>
      <h1>Test-inlogdienst van de organisatie</h1>
      <form method="post" action="/interaction/${details.uid}">
        <label>E-mail bij de organisatie <input name="email" type="email" required></label>
        <label><input type="checkbox" name="mfa" value="1"> Tweede factor gebruikt</label>
        <button type="submit">Inloggen bij de organisatie</button>
      </form></body></html>`);
    return;
  }
  // consent: grant what the client asked for
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

/**
 * Walks the provider's pages without a browser, like a user who logs in at their organisation:
 * follows redirects with the provider's cookies until the provider sends the browser back to
 * `redirectUri`, and returns that callback URL (with code, state and iss).
 */
export async function loginAtProvider(authorizationUrl: string, redirectUri: string, email: string, options: { mfa?: boolean } = {}): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  let url = authorizationUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let hops = 0; hops < 20; hops++) {
    if (url.startsWith(redirectUri)) return url;
    const res = await fetch(url, {
      method, body, redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    remember(res);
    method = 'GET';
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html);
    if (!action) throw new Error(`provider page without a login form (${res.status}): ${html.slice(0, 300)}`);
    url = new URL(action[1], url).href;
    method = 'POST';
    body = new URLSearchParams({ email, ...(options.mfa ? { mfa: '1' } : {}) }).toString();
  }
  throw new Error('too many redirects at the provider');
}
