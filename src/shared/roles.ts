/**
 * Account roles and organisation kinds: the same codes on the server and in the web client (both
 * import this module; keep it free of server-only imports).
 */
export const ROLES = ['admin', 'coordinator', 'counsellor', 'partner', 'foster_parent', 'expert', 'parent', 'child'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that hold a professional account and must use a second factor. */
export const PROFESSIONAL_ROLES: readonly Role[] = ['admin', 'coordinator', 'counsellor', 'partner', 'expert'];

export function isProfessional(role: Role): boolean {
  return PROFESSIONAL_ROLES.includes(role);
}

/** What an expert of the expert pool is consulted for; only experts carry one. */
export const SPECIALISMS = ['child_psychiatry', 'youth_protection_law', 'custom_solutions', 'behavioural_science', 'other'] as const;
export type Specialism = (typeof SPECIALISMS)[number];

export const ORGANISATION_KINDS = [
  'support_team', 'youth_protection', 'child_protection_board', 'foster_care', 'municipality',
  'care_provider', 'expert_pool', 'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The case roles an invitation can bring its person into (the team joins cases as colleagues, not by invitation). */
export const INVITATION_CASE_ROLES = ['parent', 'child', 'foster_parent', 'guardian', 'board', 'expert', 'other'] as const;
export type InvitationCaseRole = (typeof INVITATION_CASE_ROLES)[number];

/** Which organisation kinds an account of each role can belong to; `null` in the list: no organisation. */
export const ROLE_ORGANISATION_KINDS: Record<Role, readonly (OrganisationKind | null)[]> = {
  admin: [null],
  coordinator: ORGANISATION_KINDS,
  counsellor: ['support_team'],
  partner: ['youth_protection', 'child_protection_board', 'municipality', 'care_provider', 'foster_care', 'other'],
  expert: ['expert_pool'],
  foster_parent: [null, 'foster_care'],
  parent: [null],
  child: [null],
};
