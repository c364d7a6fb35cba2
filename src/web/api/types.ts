/**
 * The API's answers under the names the screens use. Every type here is the server's own response
 * DTO, read from the OpenAPI document (./openapi.gen.ts, written by `npm run api:types`; a test
 * fails when it differs from what the server serves). Do not write a shape by hand: add the
 * response DTO and its `@ApiOkResponse({ type })` on the server, run the script, alias it here.
 */
import type { components } from './openapi.gen.js';

/** Every schema of the OpenAPI document by its DTO name, e.g. `Schemas['MessageResponse']`. */
export type Schemas = components['schemas'];

export { PROFESSIONAL_ROLES, type Role } from '../../shared/roles.js';
export { CASE_STATUSES, CONSENT_SCOPES, type CaseStatus, type ConsentScope } from '../../shared/case-vocabulary.js';

/** A page of a list (`?cursor=`): every paged answer has this shape. */
export interface Page<T> { items: T[]; nextCursor: string | null }

export type Organisation = Schemas['OrganisationResponse'];
export type Invitation = Schemas['InvitationResponse'];
export type InvitationPreview = Schemas['InvitationPreview'];
export type User = Schemas['UserResponse'];
export type IdentityProviderLookup = Schemas['IdentityProviderLookupResponse'];
export type IdentityProvider = Schemas['IdentityProviderResponse'];
export type LoginResponse = Schemas['LoginResponse'];
export type TotpSetupResponse = Schemas['TotpSetupResponse'];

export type PersonRef = Schemas['PersonRef'];
export type CaseSummary = Schemas['CaseSummaryResponse'];
export type CaseAccess = Schemas['CaseAccessSummary'];
export type CaseFile = Schemas['CaseResponse'];
export type Participant = Schemas['ParticipantResponse'];

export type StorySection = Schemas['StorySectionDto'];
export type Story = Schemas['StoryResponse'];
export type Consent = Schemas['ConsentResponse'];
export type CaseUpdate = Schemas['CaseUpdateResponse'];
export type AccessLogEntry = Schemas['AccessLogEntry'];
export type Child = Schemas['ChildResponse'];
// The expert pool (issue 19).
export type Expert = Schemas['ExpertResponse'];
export type ConsultationCreated = Schemas['ConsultationCreatedResponse'];
export type ConsultationListItem = Schemas['ConsultationListItem'];
export type Consultation = Schemas['ConsultationResponse'];
export type ConsultationMessage = Schemas['ConsultationMessageResponse'];
export type CaseResult = Schemas['ResultResponse'];
export type Handover = Schemas['HandoverResponse'];
export type HandoverRequest = Schemas['HandoverRequestResponse'];
export type TeamHandoverRequest = Schemas['TeamHandoverRequestResponse'];
export type Region = Schemas['RegionResponse'];

export type RegistrationSummary = Schemas['RegistrationSummary'];
export type Registration = Schemas['RegistrationResponse'];
export type AssignmentSuggestion = Schemas['AssignmentSuggestion'];
export type Conversion = Schemas['ConversionResponse'];
export type Caseload = Schemas['CaseloadResponse'];
export type CounsellorLoad = Schemas['CounsellorLoad'];
export type CapacityWarning = Schemas['CapacityWarning'];
export type MonthlyReport = Schemas['MonthlyReportResponse'];
export type SupportContact = Schemas['SupportContactResponse'];

export type Thread = Schemas['ThreadResponse'];
export type Message = Schemas['MessageResponse'];
export type Recipients = Schemas['RecipientsResponse'];
export type AttachmentPerson = Schemas['AttachmentPersonResponse'];
export type ThreadAttachment = Schemas['ThreadAttachmentResponse'];
export type ThreadAttachmentList = Schemas['ThreadAttachmentsResponse'];

export type VerificationCode = Schemas['VerificationCodeResponse'];
export type VerificationCheck = Schemas['VerificationCheckResponse'];
export type Credential = Schemas['CredentialResponse'];
export type VerifyResult = Schemas['ValidVerifyResponse'] | Schemas['InvalidVerifyResponse'];

/** `GET /api/organisations/{id}/accounts`, `POST /api/accounts/{id}/disable|enable`. */
export type AccountSummary = Schemas['AccountSummary'];
/** `GET /api/accounts?email=` (administrators): the one account with that address, or `items: []`. */
export type AccountLookup = Schemas['AccountLookupResponse'];

/** `GET /api/me/attention`. */
export type Attention = Schemas['AttentionResponse'];
export type AttentionCase = Schemas['AttentionCase'];
export type AttentionStory = Schemas['StoryList']['items'][number];

/** Peer groups (issue 19): members by handle and pseudonym only. */
export type Group = Schemas['GroupResponse'];
export type GroupPage = Schemas['GroupPageResponse'];
export type GroupMember = Schemas['GroupMemberResponse'];
export type GroupMembership = Schemas['GroupMembershipResponse'];
export type GroupMessage = Schemas['GroupMessageResponse'];
export type GroupMessagePage = Schemas['GroupMessagePageResponse'];
export type GroupReport = Schemas['GroupReportResponse'];
export type GroupReportPage = Schemas['GroupReportPageResponse'];
// Issue 18: one family, one plan, and the shared explanatory analysis.
export type Plan = Schemas['PlanResponse'];
export type PlanGoal = Schemas['PlanGoalResponse'];
export type PlanAction = Schemas['PlanActionResponse'];
export type Analysis = Schemas['AnalysisResponse'];
export type AnalysisPosition = Schemas['AnalysisPositionResponse'];
export type AnalysisVersionList = Schemas['AnalysisVersionListResponse'];
export {
  ANALYSIS_SECTIONS, GOAL_OWNERS, GOAL_STATUSES, ACTION_STATUSES, RECURRENCES, STANCES, FAMILY_GOAL_OWNERS,
  type AnalysisSection, type GoalOwner, type GoalStatus, type ActionStatus, type Recurrence, type Stance,
} from '../../shared/plan-vocabulary.js';
// Children's own place (issue 20).
export type ChildVoice = Schemas['ChildVoiceResponse'];
export type MyChildRecords = Schemas['MyChildRecordsResponse'];
export type MyChildRecord = Schemas['MyChildRecordResponse'];
export type ChildChecklist = Schemas['ChecklistResponse'];
export type Helpline = Schemas['HelplineResponse'];
/** The help directory (issue 20). */
export type DirectoryService = Schemas['DirectoryServiceResponse'];
export type DirectoryServiceList = Schemas['DirectoryServiceListResponse'];
export type DirectoryServiceInput = Schemas['CreateDirectoryServiceDto'];
export type ServiceSuggestion = Schemas['ServiceSuggestionResponse'];
export type ServiceSuggestionList = Schemas['ServiceSuggestionListResponse'];
