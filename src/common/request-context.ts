import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthUser } from '../auth/auth-user.js';

/** What every layer may know about the request it serves, without threading it through signatures. */
export interface RequestContextStore {
  requestId?: string;
  ip?: string;
  user?: AuthUser;
}

/**
 * Per-request context on Node's AsyncLocalStorage. (nestjs-cls would do this, but it is CommonJS and
 * cannot load the ESM-only NestJS 12 under jest on Node 20; see the README's decisions.)
 */
export class RequestContext {
  private static readonly storage = new AsyncLocalStorage<RequestContextStore>();

  static run<T>(store: RequestContextStore, fn: () => T): T {
    return RequestContext.storage.run(store, fn);
  }

  static current(): RequestContextStore | undefined {
    return RequestContext.storage.getStore();
  }

  static setUser(user: AuthUser): void {
    const store = RequestContext.storage.getStore();
    if (store) store.user = user;
  }
}
