import { activeLanguage } from '../i18n/i18n.js';
import type { paths } from './openapi.gen.js';

/** `/api/cases/{id}/threads` → `` `/api/cases/${string}/threads` ``: the path with its parameters filled in. */
type Filled<P extends string> = P extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${Filled<Tail>}` : P;
type DocumentedPath = Filled<keyof paths & string>;
/**
 * A path the server's OpenAPI document describes (./openapi.gen.ts), parameters filled in, with or
 * without a query string: a call to a route the server does not have does not compile.
 */
export type ApiPath = DocumentedPath | `${DocumentedPath}?${string}`;

/** An error answer of the API in the contract's shape: `{ statusCode, error, message, code? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the network or the server failed, not the user's input. */
  get isServerProblem(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

type Listener = () => void;
const sessionExpiredListeners = new Set<Listener>();

/** Called when an API call answers 401 while we believed we were logged in. */
export function onSessionExpired(listener: Listener): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A raw body (attachments): sent as is with this content type. */
  raw?: { data: BodyInit; contentType: string };
  /** Do not treat a 401 as an expired session (the login form itself). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

/**
 * The one way the client talks to the API: same origin, the HttpOnly session cookie (no token in
 * JavaScript's reach), the user's language for error texts.
 */
export async function api<T>(path: ApiPath, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': activeLanguage() };
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['Content-Type'] = options.raw.contentType;
    body = options.raw.data;
  } else if (options.body !== undefined || (options.method ?? 'GET') !== 'GET') {
    // Every state change is JSON, even without a body (`{}`): the server refuses cookie-authenticated
    // writes of any other type as possible cross-site request forgery (403 `csrf`).
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = text; }
  }
  if (!response.ok) {
    const errorBody = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
    const message = Array.isArray(errorBody.message) ? errorBody.message.join('; ') : String(errorBody.message ?? response.statusText);
    if (response.status === 401 && !options.anonymous) for (const listener of sessionExpiredListeners) listener();
    throw new ApiError(response.status, typeof errorBody.code === 'string' ? errorBody.code : undefined, message, errorBody);
  }
  return parsed as T;
}

/** Downloads binary data (attachments), with progress. */
export async function download(path: ApiPath, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept-Language': activeLanguage() } });
  if (!response.ok || !response.body) {
    if (response.status === 401) for (const listener of sessionExpiredListeners) listener();
    throw new ApiError(response.status, undefined, response.statusText);
  }
  const total = Number(response.headers.get('Content-Length') ?? 0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
}
