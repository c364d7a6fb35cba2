import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { RequestContext } from '../common/request-context.js';
import { CommonErrors } from '../common/domain-error.js';
import { AuthErrors } from './auth.errors.js';
import type { AuthUser } from './auth-user.js';
import { PERMISSION_KEY, PUBLIC_KEY, WITHOUT_SECOND_FACTOR_KEY } from './decorators.js';
import { type Permission, roleHas } from './permission.js';

interface RouteAccess { isPublic: boolean; permission: Permission | undefined; withoutSecondFactor: boolean }

/**
 * The global guard. Deny by default: a route runs only when it is `@Public()`, or the caller is
 * logged in, has passed the second factor where their role needs one, and their role holds the
 * route's `@RequirePermission(...)`. A route with neither declaration is refused for everyone.
 */
@Injectable()
export class AccessGuard extends AuthGuard('session') {
  /** Each route's declarations, read once: they cannot change while the application runs. */
  private readonly routes = new WeakMap<object, RouteAccess>();

  constructor(private readonly reflector: Reflector) {
    super();
  }

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

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate in their gateway
    const { isPublic, permission, withoutSecondFactor } = this.routeAccess(context);
    if (isPublic) return true;

    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    RequestContext.setUser(user);

    if (!permission) throw CommonErrors.forbidden();
    if (!user.secondFactor && !withoutSecondFactor) {
      // Enrolled but not yet passed (a provider login without a second factor in its ID token): give the code first.
      throw user.totpEnabled ? AuthErrors.secondFactorRequired() : AuthErrors.totpSetupRequired();
    }
    if (!roleHas(user.role, permission)) throw CommonErrors.forbidden();
    return true;
  }

  override handleRequest<T = AuthUser>(error: unknown, user: T | false): T {
    if (error) throw error;
    if (!user) throw CommonErrors.notAuthenticated();
    return user;
  }
}
