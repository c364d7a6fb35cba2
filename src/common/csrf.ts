import { HttpStatus } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { SESSION_COOKIE } from '../auth/session-token.js';
import { DomainError } from './domain-error.js';
import { pathOf } from './url-path.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Raw-body uploads (OpenPGP messages and PKESK packets) are not JSON. Their types are not
 * CORS-safelisted, so a page on another site cannot send them without a preflight, which fails:
 * same-origin, they are as safe as JSON. Only on these routes.
 */
const BINARY_UPLOADS: { path: RegExp; types: ReadonlySet<string> }[] = [
  { path: /^\/api\/threads\/[^/]+\/attachments$/, types: new Set(['application/octet-stream', 'application/pgp-encrypted']) },
  { path: /^\/api\/attachments\/[^/]+\/recipients$/, types: new Set(['application/octet-stream', 'application/pgp-encrypted']) },
];

/** The login sets the session cookie: a cross-site login (into the attacker's account) is refused too. */
const SETS_COOKIE = new Set(['/api/auth/login']);

export const CsrfErrors = {
  refused: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'csrf', {
      nl: 'Dit verzoek komt niet van Eenverhaal zelf en is geweigerd. Laad de pagina opnieuw en probeer het nog eens.',
      en: 'This request does not come from Eenverhaal itself and was refused. Reload the page and try again.',
    }),
};

/** What the checks read of a request (Fastify's request, or anything shaped like it). */
interface Incoming {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined> & { authorization?: string; origin?: string; host?: string; 'content-type'?: string };
  cookies?: Record<string, string | undefined>;
}

function mediaType(request: Incoming): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * CSRF protection that does not rest on SameSite alone. A cookie-authenticated request that changes
 * state must be JSON (or a route's declared binary type) and say it comes from our own origin: an
 * `Origin` equal to PUBLIC_URL's origin or to the host the request was sent to, or, without an
 * Origin, `Sec-Fetch-Site: same-origin`. Anything else answers 403 `csrf` before the body is read.
 * Bearer-token requests are not affected (a browser never adds that header by itself). The login,
 * which sets the cookie, must be JSON and must not come from another site (scripts send no Origin).
 */
export function csrfProtection(publicUrl: string) {
  const allowedOrigin = new URL(publicUrl).origin;
  const sameOrigin = (request: Incoming, origin: string): boolean => {
    if (origin === allowedOrigin) return true;
    if (!URL.canParse(origin)) return false;
    const host = request.headers.host;
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  };

  /** The refusal, or undefined when the request may go on. */
  return (request: Incoming): DomainError | undefined => {
    if (!STATE_CHANGING.has(request.method)) return undefined;
    // The router matches `/api/auth/login/` too (trailing slashes ignored): compare without them.
    const path = pathOf(request.url).replace(/\/+$/, '');
    const bearer = request.headers.authorization?.startsWith('Bearer ') === true;
    const cookie = Boolean(request.cookies?.[SESSION_COOKIE]);
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'] as string | undefined;
    const type = mediaType(request);

    if (SETS_COOKIE.has(path) && !bearer) {
      const crossSite = (origin !== undefined && !sameOrigin(request, origin))
        || (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none');
      if (type !== 'application/json' || crossSite) return CsrfErrors.refused();
    }
    if (bearer || !cookie) return undefined;

    const binary = BINARY_UPLOADS.some((upload) => upload.path.test(path) && upload.types.has(type));
    if (type !== 'application/json' && !binary) return CsrfErrors.refused();
    if (fetchSite !== undefined && fetchSite !== 'same-origin') return CsrfErrors.refused();
    if (origin !== undefined ? !sameOrigin(request, origin) : fetchSite !== 'same-origin') return CsrfErrors.refused();
    return undefined;
  };
}

/**
 * `Cache-Control: no-store` on every API answer and on every answer to a request that carries
 * credentials, so no shared or browser cache keeps case data. A route may still set its own.
 */
export function noStoreForCredentials(request: Incoming, response: ServerResponse): void {
  const credentials = request.headers.authorization !== undefined || Boolean(request.cookies?.[SESSION_COOKIE]);
  if (credentials || request.url.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
}
