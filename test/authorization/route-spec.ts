import type { Role } from '../../src/accounts/roles.js';
import type { Permission } from '../../src/auth/permission.js';
import type { TestApp } from '../helpers/test-app.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Ids of resources that exist but belong to another team's world: no matrix caller may see them. */
export type ForeignIds = Record<string, string>;

export interface RouteSpec {
  method: Method;
  /** The path as Nest registers it, e.g. `/api/cases/:id`. */
  path: string;
  /** `public` for `@Public()` routes; otherwise the `@RequirePermission(...)` the route declares. */
  access: 'public' | Permission;
  /** Path parameters pointing at a FOREIGN resource (see `setup`). Omit for routes without ids. */
  params?: (foreign: ForeignIds) => Record<string, string>;
  /** A valid query string (a route whose input is only a query), so that a refusal comes from authorization. */
  query?: (foreign: ForeignIds) => Record<string, string>;
  /** A valid body, so that a refusal can only come from authorization, never from validation (per caller role where the rules differ). */
  body?: (foreign: ForeignIds, role?: Role) => unknown;
  /** Raw body and content type, for routes that do not take JSON. */
  raw?: { contentType: string; data: Buffer | string };
  /**
   * The resource behind `params` is a shared directory entry (e.g. an organisation), visible to every
   * role that holds the permission: expect success instead of 404. Unknown ids still answer 404.
   */
  shared?: boolean;
  /**
   * Roles for which the resource behind `params` is not foreign at all (an administrator manages
   * every organisation's accounts): expect success for them, and 404 for every other role that
   * holds the permission. Unknown ids still answer 404.
   */
  sharedWith?: readonly Role[];
}

export interface MatrixModule {
  name: string;
  routes: RouteSpec[];
  /** Creates the module's foreign resources (in a world the matrix callers do not belong to). */
  setup?: (t: TestApp, foreign: ForeignIds) => Promise<ForeignIds>;
}
