export const ROLES = ['admin', 'coordinator', 'counsellor', 'partner', 'foster_parent', 'expert', 'parent', 'child'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that hold a professional account and must use a second factor. */
export const PROFESSIONAL_ROLES: readonly Role[] = ['admin', 'coordinator', 'counsellor', 'partner', 'expert'];

export function isProfessional(role: Role): boolean {
  return PROFESSIONAL_ROLES.includes(role);
}

export const ORGANISATION_KINDS = [
  'support_team', 'youth_protection', 'child_protection_board', 'foster_care', 'municipality',
  'care_provider', 'expert_pool', 'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
