/** Why a counsellor may put a case to an expert: the parents' consent, or professional need (recorded either way). */
export const CONSULTATION_BASES = ['parent_consent', 'professional_need'] as const;
export type ConsultationBasis = (typeof CONSULTATION_BASES)[number];

/** `requested` → `answered` (the expert's first message) → `closed` (either party); `requested` → `closed` too. */
export const CONSULTATION_STATUSES = ['requested', 'answered', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** The consent scopes a `parent_consent` basis needs: what the summary shows (the case's details, the children). */
export const CONSULTATION_CONSENT_SCOPES = ['story', 'children'] as const;
