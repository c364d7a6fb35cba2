import { randomUUID } from 'node:crypto';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ROLES, type Role } from '../src/accounts/roles.js';
import { PERMISSION_KEY, PUBLIC_KEY } from '../src/auth/decorators.js';
import { roleHas, type Permission } from '../src/auth/permission.js';
import { matrixModules } from './authorization/index.js';
import type { ForeignIds, Method, RouteSpec } from './authorization/route-spec.js';
import type { TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

interface DeclaredRoute { method: Method; path: string; access: 'public' | Permission | 'undeclared' }

/** Every route Nest registered, with what its decorators declare. */
function declaredRoutes(t: TestApp): DeclaredRoute[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
    if (!controller) continue;
    const base = [reflector.get<string | string[]>(PATH_METADATA, controller) ?? ''].flat()[0];
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, (...a: unknown[]) => unknown>)[name];
      const path = reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[reflector.get<RequestMethod>(METHOD_METADATA, handler)] as Method;
      const full = `/${[base, [path].flat()[0]].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, controller]);
      const permission = reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [handler, controller]);
      routes.push({ method, path: full, access: isPublic ? 'public' : permission ?? 'undeclared' });
    }
  }
  return routes;
}

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const specs: RouteSpec[] = matrixModules.flatMap((m) => m.routes);

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`matrix spec for ${path} gives no value for :${name}`);
    return encodeURIComponent(params[name]);
  });
}

describe('authorization matrix: every route × every role (e2e)', () => {
  let t: TestApp;
  let foreign: ForeignIds = {};
  const callers = new Map<Role, TestUser>();

  beforeAll(async () => {
    t = await createTestApp();
    for (const module of matrixModules) {
      if (module.setup) foreign = { ...foreign, ...(await module.setup(t, foreign)) };
    }
    // The callers belong to their own team and take part in nothing of the foreign world.
    const team = await t.factories.organisation('support_team', 'Matrix team');
    const partnerOrg = await t.factories.organisation('youth_protection', 'Matrix partner');
    for (const role of ROLES) {
      const organisationId = role === 'coordinator' || role === 'counsellor' ? team.id
        : role === 'partner' || role === 'expert' ? partnerOrg.id : null;
      callers.set(role, await t.factories.user(role, { organisationId }));
    }
  }, 60_000);
  afterAll(() => t.close());

  it('declares every registered route as @Public() or with a permission, and lists it here', () => {
    const declared = declaredRoutes(t);
    expect(declared.length).toBeGreaterThan(5);
    const undeclared = declared.filter((r) => r.access === 'undeclared').map(key);
    expect(undeclared).toEqual([]);
    const specByKey = new Map(specs.map((s) => [key(s), s]));
    const missing = declared.filter((r) => !specByKey.has(key(r))).map(key);
    expect(missing).toEqual([]);
    const mismatched = declared.filter((r) => specByKey.get(key(r))?.access !== r.access).map((r) => `${key(r)} declares ${r.access}`);
    expect(mismatched).toEqual([]);
    const stale = specs.filter((s) => !declared.some((r) => key(r) === key(s))).map(key);
    expect(stale).toEqual([]);
  });

  const send = (spec: RouteSpec, url: string, token?: string, role?: Role) => {
    const method = spec.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let req = t.http()[method](url);
    if (spec.query) req = req.query(spec.query(foreign));
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    if (spec.raw) return req.set('Content-Type', spec.raw.contentType).send(spec.raw.data);
    return spec.body ? req.send(spec.body(foreign, role) as object) : req;
  };

  for (const spec of specs.filter((s) => s.access !== 'public')) {
    describe(key(spec), () => {
      it('answers 401 without a session', async () => {
        const url = fill(spec.path, spec.params?.(foreign) ?? {});
        await send(spec, url).expect(401);
      });

      it.each(ROLES)('as %s: 403 without the permission, otherwise 404 for foreign and unknown ids', async (role) => {
        const caller = callers.get(role)!;
        const token = await t.factories.session(caller.id);
        const allowed = roleHas(role, spec.access as Permission);
        const foreignUrl = fill(spec.path, spec.params?.(foreign) ?? {});
        const res = await send(spec, foreignUrl, token, role);
        if (!allowed) {
          expect({ status: res.status, body: res.body }).toMatchObject({ status: 403 });
          return;
        }
        if (spec.sharedWith?.includes(role)) {
          const success = res.status >= 200 && res.status < 300;
          expect({ status: success ? 'success' : res.status, body: res.body }).toMatchObject({ status: 'success' });
        } else if (spec.params && !spec.shared) {
          expect({ status: res.status, body: res.body }).toMatchObject({ status: 404 });
        } else {
          expect([401, 403]).not.toContain(res.status);
          expect(res.status).toBeLessThan(500);
        }
        if (spec.params) {
          const unknown = Object.fromEntries(Object.keys(spec.params(foreign)).map((name) => [name, randomUUID()]));
          const again = await send(spec, fill(spec.path, unknown), await t.factories.session(caller.id), role);
          expect({ status: again.status, body: again.body }).toMatchObject({ status: 404 });
        }
      });
    });
  }
});
