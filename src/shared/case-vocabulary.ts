/**
 * The case file's vocabulary: the same codes on the server (validation, storage, reports) and in the
 * web client (forms, labels). Both import this module; keep it free of server-only imports.
 */
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

export const PLACEMENTS = ['home', 'foster_family', 'family_home', 'residential', 'other', 'unknown'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export const PROTECTION_MEASURES = ['none', 'supervision_order', 'guardianship', 'other', 'unknown'] as const;
export type ProtectionMeasure = (typeof PROTECTION_MEASURES)[number];

export const RESULT_KINDS = ['file_inspection', 'relation_improved', 'care_arranged', 'visiting_arrangement', 'contact_restored', 'court_documents', 'board_talk_prepared', 'housing', 'therapy', 'case_handler', 'returned_home', 'other'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/** What a parent's consent opens to a partner. Without any, a partner sees only that the case exists, its participants and their own threads. */
export const CONSENT_SCOPES = ['story', 'updates', 'children', 'plan', 'analysis'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const UPDATE_VISIBILITIES = ['everyone', 'professionals'] as const;
export type UpdateVisibility = (typeof UPDATE_VISIBILITIES)[number];
