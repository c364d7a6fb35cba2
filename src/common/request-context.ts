import type { ClsStore } from 'nestjs-cls';
import type { AuthUser } from '../auth/auth-user.js';

/** What every layer may know about the request it serves, without threading it through signatures. */
export interface RequestContext extends ClsStore {
  requestId?: string;
  ip?: string;
  user?: AuthUser;
}
