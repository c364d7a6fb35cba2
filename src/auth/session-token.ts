import { hash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'ev_session';

/** 256 random bits, URL-safe. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of the token, as stored (`bytea`). */
export function hashToken(token: string): Buffer {
  return Buffer.from(tokenKey(token), 'base64');
}

/** The same hash as base64, in one call (`crypto.hash`): the session cache's key on every request. */
export function tokenKey(token: string): string {
  return hash('sha256', token, 'base64');
}

/** The token a request presents: `Authorization: Bearer …` (scripts, partner systems) or the session cookie (browsers). */
export function presentedToken(headers: { authorization?: string; cookie?: string }, cookies?: Record<string, string | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  if (cookies?.[SESSION_COOKIE]) return cookies[SESSION_COOKIE];
  const raw = headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!raw) return undefined;
  // A malformed cookie (`ev_session=%E0%A4%A`) is no token at all, not an error.
  try {
    return decodeURIComponent(raw.slice(SESSION_COOKIE.length + 1));
  } catch {
    return undefined;
  }
}

/** A cookie's lifetime as both attributes browsers read: `Max-Age` (seconds) and `Expires` for older ones. */
export function cookieLifetime(seconds: number): { maxAge: number; expires: Date } {
  return { maxAge: seconds, expires: new Date(Date.now() + seconds * 1000) };
}
