import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from '../common/request-context.js';
import { CommonErrors } from '../common/domain-error.js';
import { AuthErrors } from './auth.errors.js';
import type { AuthUser } from './auth-user.js';
import { PERMISSION_KEY, PUBLIC_KEY, WITHOUT_SECOND_FACTOR_KEY } from './decorators.js';
import { type Permission, roleHas } from './permission.js';
import { presentedToken } from './session-token.js';
import { SessionsService } from './sessions.service.js';

interface RouteAccess { isPublic: boolean; permission: Permission | undefined; withoutSecondFactor: boolean }

/**
 * The global guard. Deny by default: a route runs only when it is `@Public()`, or the caller is
 * logged in, has passed the second factor where their role needs one, and their role holds the
 * route's `@RequirePermission(...)`. A route with neither declaration is refused for everyone.
 *
 * The caller is the session their token names (`SessionsService.resolve`: the node's cache, else
 * one prepared query), looked up here rather than through a passport strategy: passport's
 * per-request machinery (a strategy object, its callbacks and promises around one function call)
 * was ~7 µs of an authenticated request's ~44 µs (issue 15), for a look-up that needs none of
 * what passport is for (redirects, login sessions, several strategies).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** Each route's declarations, read once: they cannot change while the application runs. */
  private readonly routes = new WeakMap<object, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  private routeAccess(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.routes.get(handler);
    if (!access) {
      const targets = [handler, context.getClass()];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        permission: this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets),
        withoutSecondFactor: this.reflector.getAllAndOverride<boolean>(WITHOUT_SECOND_FACTOR_KEY, targets) === true,
      };
      this.routes.set(handler, access);
    }
    return access;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate in their gateway
    const { isPublic, permission, withoutSecondFactor } = this.routeAccess(context);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const user = await this.sessions.resolve(presentedToken(request.headers, request.cookies));
    if (!user) throw CommonErrors.notAuthenticated();
    request.user = user;
    RequestContext.setUser(user);

    if (!permission) throw CommonErrors.forbidden();
    if (!user.secondFactor && !withoutSecondFactor) {
      // Enrolled but not yet passed (a provider login without a second factor in its ID token): give the code first.
      throw user.totpEnabled ? AuthErrors.secondFactorRequired() : AuthErrors.totpSetupRequired();
    }
    if (!roleHas(user.role, permission)) throw CommonErrors.forbidden();
    return true;
  }
}
