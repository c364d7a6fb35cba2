import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { RequestContext } from '../common/request-context.js';
import { CommonErrors } from '../common/domain-error.js';
import { AuthErrors } from './auth.errors.js';
import type { AuthUser } from './auth-user.js';
import { PERMISSION_KEY, PUBLIC_KEY, WITHOUT_SECOND_FACTOR_KEY } from './decorators.js';
import { type Permission, roleHas } from './permission.js';

/**
 * The global guard. Deny by default: a route runs only when it is `@Public()`, or the caller is
 * logged in, has passed the second factor where their role needs one, and their role holds the
 * route's `@RequirePermission(...)`. A route with neither declaration is refused for everyone.
 */
@Injectable()
export class AccessGuard extends AuthGuard('session') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate in their gateway
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);

    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    RequestContext.setUser(user);

    if (!permission) throw CommonErrors.forbidden();
    if (!user.secondFactor && !this.reflector.getAllAndOverride<boolean>(WITHOUT_SECOND_FACTOR_KEY, targets)) {
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
