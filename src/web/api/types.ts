/** Types of the API's answers, written to ../shared/api.md (the contract) and the OpenAPI document. */

export type Role = 'admin' | 'coordinator' | 'counsellor' | 'partner' | 'foster_parent' | 'expert' | 'parent' | 'child';
export const PROFESSIONAL_ROLES: readonly Role[] = ['admin', 'coordinator', 'counsellor', 'partner', 'expert'];

export interface Organisation { id: string; name: string; kind: string; mailDomains?: string[] }
export interface Invitation {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  caseId: string | null;
  caseRole: string | null;
  expiresAt: string;
  lastSentAt: string;
  status: 'sent' | 'accepted' | 'expired';
}
export interface InvitationPreview {
  email: string;
  displayName: string;
  role: Role;
  invitedBy: string;
  organisationName: string | null;
  intoCase: boolean;
  accountExists: boolean;
  expiresAt: string;
}
export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: Organisation | null;
  totpEnabled: boolean;
  /** `GET /api/me`: this session still has to give its TOTP code (a provider login without a second factor). */
  secondFactorPending?: boolean;
  /** `GET /api/me`: the organisation whose identity provider opened this session. */
  signedInWithOrganisationId?: string | null;
}
export interface IdentityProviderLookup { organisationId: string; name: string; startUrl: string }
export interface IdentityProvider { organisationId: string; issuer: string; clientId: string; mfaSatisfiedBy: string[]; redirectUri: string; postLogoutRedirectUri: string; updatedAt: string }
export interface LoginResponse { token: string; user: User; totpSetupRequired: boolean }
export interface TotpSetupResponse { secret: string; otpauthUrl: string }

export interface Page<T> { items: T[]; nextCursor: string | null }

export type CaseStatus = 'intake' | 'active' | 'dormant' | 'closed' | 'not_started' | 'out_of_scope';
export interface PersonRef { id: string; displayName: string }
export interface CaseSummary {
  id: string;
  reference: string;
  title: string;
  status: CaseStatus;
  teamId: string;
  leadCounsellor: PersonRef | null;
  /** The caller's role in the case; null for a coordinator who sees it through the team. */
  myRole: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface CaseAccess { side: 'team' | 'parent' | 'partner'; story: boolean; updates: boolean; children: boolean }
export interface CaseFile extends CaseSummary {
  regionCodes?: string[];
  householdComposition?: string | null;
  registrantHasCustody?: boolean | null;
  placementReasons?: string[];
  desiredSituation?: string[];
  supportRequests?: string[];
  access: CaseAccess;
}
export interface Participant {
  userId: string;
  displayName: string;
  accountRole: Role;
  role: string;
  organisation: { id: string; name: string; kind: string } | null;
  isLead: boolean;
  addedAt: string;
}

export interface StorySection { key: string; title: string; text: string }
export interface Story {
  /** 0 while nothing has been written. */
  version: number;
  sections: StorySection[];
  updatedAt: string | null;
  updatedBy: (PersonRef & { role: string }) | null;
  writtenWithParent: boolean;
  confirmedByParentAt: string | null;
  confirmedBy: PersonRef | null;
}

export type ConsentScope = 'story' | 'updates' | 'children';
export const CONSENT_SCOPES: readonly ConsentScope[] = ['story', 'updates', 'children'];
export interface Consent {
  id: string;
  grantee: { type: 'user' | 'organisation'; id: string; name: string; organisationName?: string | null };
  scopes: ConsentScope[];
  expiresAt: string | null;
  grantedBy: PersonRef;
  recordedBy: PersonRef;
  givenInPerson: boolean;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: PersonRef | null;
  state: 'active' | 'expired' | 'revoked';
}

export interface CaseUpdate {
  id: string;
  caseId: string;
  kind: string;
  body: string;
  visibility: 'everyone' | 'professionals';
  author: (PersonRef & { role: string; organisationName: string | null }) | null;
  createdAt: string;
}

export interface AccessLogEntry {
  id?: string;
  at?: string;
  occurredAt?: string;
  createdAt?: string;
  action: string;
  actor?: { displayName?: string; organisation?: string | { name: string } | null; organisationName?: string | null; role?: string } | null;
  [key: string]: unknown;
}

export interface Thread { id: string; title: string; unreadCount?: number; caseId?: string }
export interface Message {
  id: string;
  threadId: string;
  author: { id: string; displayName: string } | null;
  body: string;
  createdAt: string;
  clientMessageId?: string;
  attachments?: { id: string }[];
}

export interface VerificationCode { code: string; verifyUrl: string; qrSvg: string; expiresAt: string }
export type VerifyResult =
  | { valid: true; counsellor: { displayName: string }; organisation: { name: string }; role: string; credentialValidUntil: string }
  | { valid: false; reason: 'unknown' | 'expired' | 'revoked' };

/** `GET /api/organisations/{id}/accounts`, `POST /api/accounts/{id}/disable|enable` (src/accounts/dto/account-status.dto.ts). */
export interface AccountSummary {
  id: string;
  displayName: string;
  email: string;
  role: Role;
  status: 'active' | 'disabled';
  disabledAt: string | null;
  disabledBy: PersonRef | null;
  disabledReason: string | null;
  totpEnabled: boolean;
  createdAt: string;
}

/** `GET /api/me/attention` (src/attention/dto/attention.dto.ts). */
export interface AttentionCase { id: string; reference: string; title: string }
export interface AttentionStory { case: AttentionCase; version: number; savedAt: string; savedBy: PersonRef }
export interface Attention {
  total: number;
  unreadMessages: {
    total: number;
    threadCount: number;
    threads: { threadId: string; title: string; case: AttentionCase; unreadCount: number; lastMessageAt: string | null }[];
  };
  storiesToConfirm: { total: number; items: AttentionStory[] };
  storyDrafts: { total: number; items: AttentionStory[] };
  overdueRegistrations: { total: number; items: { id: string; reference: string; target: 'contact' | 'welcome'; dueAt: string; caseId: string | null }[] };
  handoverRequests: { total: number; items: { id: string; case: AttentionCase; requestedBy: PersonRef; requestedAt: string }[] };
  expiredInvitations: { total: number; items: { id: string; displayName: string; role: Role; organisationId: string | null; caseId: string | null; expiredAt: string }[] };
  organisationsWithoutCoordinator: { total: number; items: { id: string; name: string }[] };
}
