import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';


/**
 * helmet's headers, computed once by helmet itself and then set in one pass per response. With our
 * options (no nonces, no per-request functions) every response gets the very same headers, and
 * running helmet's chain of a dozen middlewares per request cost ~20% of a cached-session request.
 */
export function securityHeaders(options: HelmetOptions): (res: ServerResponse) => void {
  // A directive computed per request (a nonce function) would make this shortcut send stale headers.
  if (hasFunction(options)) throw new Error('securityHeaders: helmet options with functions depend on the request; use helmet() itself');
  const headers = new Map<string, string>();
  const removed = new Set<string>();
  const probe = {
    setHeader(name: string, value: unknown) {
      headers.set(name, String(value));
    },
    removeHeader(name: string) {
      removed.add(name);
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, probe as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('securityHeaders: helmet did not finish synchronously');
  return (res) => {
    res.setHeaders(headers);
    for (const name of removed) res.removeHeader(name);
  };
}

function hasFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(hasFunction);
}
