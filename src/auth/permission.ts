import type { Role } from '../accounts/roles.js';

/**
 * Every permission a route can demand. A role holds a permission when it may use the route at all;
 * whether it may touch a particular case, thread or attachment is the resource's access policy's call.
 */
export enum Permission {
  /** Own account: profile, password, second factor, logout. */
  Self = 'self',
  OrganisationCreate = 'organisation.create',
  OrganisationRead = 'organisation.read',
  InvitationCreate = 'invitation.create',
  UserRead = 'user.read',
}

const EVERYONE = [Permission.Self];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...EVERYONE, Permission.OrganisationCreate, Permission.OrganisationRead, Permission.InvitationCreate, Permission.UserRead],
  coordinator: [...EVERYONE, Permission.OrganisationRead, Permission.InvitationCreate, Permission.UserRead],
  counsellor: [...EVERYONE, Permission.OrganisationRead, Permission.UserRead],
  partner: [...EVERYONE],
  foster_parent: [...EVERYONE],
  expert: [...EVERYONE],
  parent: [...EVERYONE],
  child: [...EVERYONE],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
