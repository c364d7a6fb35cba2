import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from './auth-user.js';
import type { Permission } from './permission.js';

export const PUBLIC_KEY = 'eenverhaal:public';
export const PERMISSION_KEY = 'eenverhaal:permission';
export const WITHOUT_SECOND_FACTOR_KEY = 'eenverhaal:without-second-factor';

/** Anyone may call this route, logged in or not. Every other route must name a permission. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller must be logged in with a role that holds this permission. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** A professional who has not enrolled a second factor yet may still use this route (to enrol, see themselves, log out). */
export const AllowWithoutSecondFactor = () => SetMetadata(WITHOUT_SECOND_FACTOR_KEY, true);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});
