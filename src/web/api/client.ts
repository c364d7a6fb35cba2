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
  if (!response.ok) throw refusal(response.status, response.statusText, parsed, options.anonymous);
  return parsed as T;
}

/** An error answer as an ApiError; a 401 tells the session it ended. */
function refusal(status: number, statusText: string, parsed: unknown, anonymous?: boolean): ApiError {
  const errorBody = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const message = Array.isArray(errorBody.message) ? errorBody.message.join('; ') : String(errorBody.message ?? statusText);
  if (status === 401 && !anonymous) for (const listener of sessionExpiredListeners) listener();
  return new ApiError(status, typeof errorBody.code === 'string' ? errorBody.code : undefined, message, errorBody);
}

export interface UploadOptions {
  contentType: string;
  headers?: Record<string, string>;
  /** Bytes sent so far of the total. */
  onProgress?: (sent: number, total: number) => void;
  /** Aborting stops the upload; the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/**
 * Sends a raw body with upload progress (attachments). XMLHttpRequest, because fetch cannot report
 * how much of a request body has left; same origin, cookie and language as `api`.
 */
export function upload<T>(path: ApiPath, body: Blob, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) { reject(new DOMException('Aborted', 'AbortError')); return; }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', activeLanguage());
    xhr.setRequestHeader('Content-Type', options.contentType);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : body.size);
    const abort = () => xhr.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', abort);
    xhr.onabort = () => { done(); reject(new DOMException('Aborted', 'AbortError')); };
    xhr.onerror = () => { done(); reject(new ApiError(0, 'network', 'network error')); };
    xhr.onload = () => {
      done();
      let parsed: unknown = undefined;
      if (xhr.responseText) {
        try { parsed = JSON.parse(xhr.responseText); } catch { parsed = xhr.responseText; }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(refusal(xhr.status, xhr.statusText, parsed));
    };
    xhr.send(body);
  });
}

/** Downloads binary data (attachments), with progress. */
export async function download(path: ApiPath, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept-Language': activeLanguage() } });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    let parsed: unknown = undefined;
    try { parsed = JSON.parse(text); } catch { /* not JSON: the status text says it */ }
    throw refusal(response.status, response.statusText, parsed);
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
