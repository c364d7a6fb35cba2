export const CASE_STATUSES = ['intake', 'active', 'dormant', 'closed', 'not_started', 'out_of_scope'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ROLES = ['counsellor', 'parent', 'child', 'guardian', 'board', 'foster_parent', 'expert', 'coordinator', 'other'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

export const HOUSEHOLD_COMPOSITIONS = ['single_parent', 'two_parents', 'blended', 'other', 'unknown'] as const;
export type HouseholdComposition = (typeof HOUSEHOLD_COMPOSITIONS)[number];

export const PLACEMENT_REASONS = ['financial', 'unsafe_home', 'housing', 'substance_use', 'inability_to_care', 'partner_actions', 'complex_divorce', 'possible_offences', 'other'] as const;
export type PlacementReason = (typeof PLACEMENT_REASONS)[number];

export const DESIRED_SITUATIONS = ['contact_restoration', 'reverse_placement', 'family_restoration', 'other'] as const;
export type DesiredSituation = (typeof DESIRED_SITUATIONS)[number];

export const SUPPORT_REQUESTS = ['recognition', 'personal_recovery', 'family_recovery', 'return_of_children', 'new_investigation', 'other'] as const;
export type SupportRequest = (typeof SUPPORT_REQUESTS)[number];
