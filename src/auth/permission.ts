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
  /** An organisation's name and verified mail domains (admins). */
  OrganisationUpdate = 'organisation.update',
  InvitationCreate = 'invitation.create',
  /** Accounts of an organisation: list, disable, enable (admins: any; coordinators: their own organisation's, never an admin). */
  AccountManage = 'account.manage',
  /**
   * Find any account by its exact e-mail address (admins only): parents, children and foster parents
   * belong to no organisation, so they are in no organisation's list. Coordinators use their own list.
   */
  AccountFind = 'account.find',
  UserRead = 'user.read',
  /** Verified identity: issue and revoke counsellors' credentials (coordinators, for their own team). */
  CredentialManage = 'credential.manage',
  /** Verified identity: read a credential (coordinators: their team's; counsellors: their own). */
  CredentialRead = 'credential.read',
  /** Verified identity: rotate the own support team's organisation key. */
  OrganisationKeyRotate = 'organisation_key.rotate',
  /** Verified identity: get a short-lived verification code (counsellors with a valid credential). */
  VerificationCodeCreate = 'verification_code.create',
  /** Verified identity: the checks made of one's own codes. */
  VerificationHistoryRead = 'verification_history.read',
  /** Verified identity: every check of the team's counsellors (coordinators). */
  VerificationLogRead = 'verification_log.read',
  // Case file (issue 3). Whether the caller may touch a particular case is the case's access policy's call.
  CaseCreate = 'case.create',
  CaseRead = 'case.read',
  CaseUpdate = 'case.update',
  CaseParticipantManage = 'case.participant.manage',
  CaseStoryRead = 'case.story.read',
  CaseStoryWrite = 'case.story.write',
  CaseStoryConfirm = 'case.story.confirm',
  CaseConsentRead = 'case.consent.read',
  CaseConsentManage = 'case.consent.manage',
  CaseUpdateRead = 'case.update.read',
  CaseUpdatePost = 'case.update.post',
  CaseChildRead = 'case.child.read',
  CaseChildWrite = 'case.child.write',
  CaseResultRead = 'case.result.read',
  CaseResultWrite = 'case.result.write',
  CaseAccessLogRead = 'case.access_log.read',
  CaseHandoverPerform = 'case.handover.perform',
  CaseHandoverRequest = 'case.handover.request',
  /** Intake: see, enter, update and convert the team's registrations. */
  RegistrationManage = 'registration.manage',
  /** Intake: the team's caseload, counsellor profiles (capacity, regions). */
  CaseloadManage = 'caseload.manage',
  /** Intake: a team's capacity (coordinators for their own team; admins for any team, as configuration). */
  TeamCapacityConfigure = 'team_capacity.configure',
  /** The monthly monitor of the own team (coordinators). */
  ReportRead = 'report.read',
  /** Case threads and messages (issue 4); which thread is the thread access policy's call. */
  Messaging = 'messaging',
  /** The audit log's signed checkpoints (issue 15). */
  AuditCheckpointRead = 'audit_checkpoint.read',
  /** Another user's published OpenPGP keys: one's own, or someone one shares a case with. */
  UserKeyRead = 'user_key.read',
  // Decided per resource only (no route declares these; src/access/access.rules.ts decides them):
  /** Start a conversation in a case: someone who takes part in it. */
  ThreadCreate = 'thread.create',
  /** Add someone to a conversation: the case's team and parents. */
  ThreadMemberAdd = 'thread.member.add',
  /** Take someone else out of a conversation: whoever started it, the case's team. */
  ThreadModerate = 'thread.moderate',
  // Peer groups (lotgenotengroepen, issue 19): which group, and what the caller is in it, is
  // src/access/groups.rules.ts's call.
  /** See groups: parents the open ones and their own, counsellors those they moderate, coordinators their team's. */
  GroupRead = 'group.read',
  /** Start a group (coordinators, for their own team). */
  GroupCreate = 'group.create',
  /** Ask to join a group under a pseudonym (parents). */
  GroupJoin = 'group.join',
  /** Write in a group and report a message (its members and moderators). */
  GroupTakePart = 'group.take_part',
  /** Accept, remove and mute members, hide messages, handle reports (the group's moderators, the team's coordinators), or leave a group oneself. */
  GroupModerate = 'group.moderate',
  /** Reports that went past the group's moderators: urgent, or 24 hours unanswered (coordinators). */
  GroupEscalationRead = 'group.escalation.read',
  // The expert pool, consulted without names (issue 19). Which consultation is the consultations
  // module's call (src/access/consultation.rules.ts); which case, `decideCase`.
  /** The pool's experts with their specialism (counsellors and coordinators, to choose whom to ask). */
  ExpertRead = 'expert.read',
  /** Change an expert's specialism: the pool's own coordinator, or an administrator. */
  ExpertManage = 'expert.manage',
  /** Put a question about a case to an expert: a counsellor of that case. */
  ConsultationRequest = 'consultation.request',
  /** Read and write in a consultation, close it: the counsellor who asked it and the expert asked. */
  Consultation = 'consultation',
  // One family, one plan, and the shared explanatory analysis (issue 18). Which case, and which goal
  // or action in it, is decided by decideCase (src/access/access.rules.ts).
  /** Read a case's plan (`plan.pdf` too): the team, the parents, partners with `plan` consent. */
  CasePlanRead = 'case.plan.read',
  /** Add and change goals and actions: the team all; the parents those of the parents' side. */
  CasePlanWrite = 'case.plan.write',
  /** Change an action: as CasePlanWrite, and a partner the status of an action they own. */
  CasePlanActionUpdate = 'case.plan.action.update',
  /** Read the analysis: the team, the parents, experts of the case, partners with `analysis` consent. */
  CaseAnalysisRead = 'case.analysis.read',
  /** Record a position on the analysis: everyone who reads it. */
  CaseAnalysisPosition = 'case.analysis.position',
  /** Write a new version of the analysis: the team and the case's experts. */
  CaseAnalysisWrite = 'case.analysis.write',
  /** Sign the analysis off (tegenspraak): an expert of the case in behavioural science. */
  CaseAnalysisSignOff = 'case.analysis.sign_off',
  // Children's own place (issue 20). Which child record and which voice is src/access/children.rules.ts's call.
  /** Read a child's voice: the linked child, the team always, parents and guardians only when the child chose them. */
  ChildVoiceRead = 'child_voice.read',
  /** Write one's own voice and see one's own child records (child accounts only). */
  ChildVoiceWrite = 'child_voice.write',
  // The help directory (issue 20). Reading the directory is public (no permission); these are the rest.
  /** Keep the directory up to date: add, change and remove services, import HSDS (coordinators). */
  DirectoryManage = 'directory.manage',
  /** Suggest a directory service to the parents of a case (the case's team; src/access/directory.rules.ts decides per case). */
  ServiceSuggestionCreate = 'service_suggestion.create',
  /** Read the services suggested in a case (the case's team and parents) and one's own (parents, on the start page). */
  ServiceSuggestionRead = 'service_suggestion.read',
  // Privacy rights (issue 21). One's own export and erasure request need only `Self`.
  /** Put a case under legal hold and lift it (a coordinator of the case's team; access.rules decides). */
  CaseLegalHold = 'case.legal_hold',
  /** The team's erasure requests: list and decide (coordinators). */
  ErasureRequestDecide = 'erasure_request.decide',
}

const EVERYONE = [Permission.Self, Permission.UserKeyRead];

/** Verified counsellor identity (issue 6). */
const VERIFICATION_COORDINATOR = [Permission.CredentialManage, Permission.CredentialRead, Permission.OrganisationKeyRotate, Permission.VerificationLogRead];
const VERIFICATION_COUNSELLOR = [Permission.CredentialRead, Permission.VerificationCodeCreate, Permission.VerificationHistoryRead];

/** The case file's permissions per role; admins hold none of them: they never read case content. */
const CASE_FILE_PERMISSIONS: Record<Role, readonly Permission[]> = (() => {
  const P = Permission;
  const anyParticipant = [P.CaseRead, P.CaseStoryRead, P.CaseConsentRead, P.CaseUpdateRead, P.CaseChildRead, P.Messaging];
  const team = [...anyParticipant, P.CaseCreate, P.CaseUpdate, P.CaseParticipantManage, P.CaseUpdatePost, P.CaseChildWrite,
    P.CaseResultRead, P.CaseResultWrite, P.CaseAccessLogRead];
  return {
    admin: [],
    coordinator: [...team, P.CaseHandoverPerform],
    counsellor: [...team, P.CaseStoryWrite, P.CaseConsentManage, P.CaseHandoverRequest],
    partner: [...anyParticipant, P.CaseUpdatePost],
    expert: [...anyParticipant, P.CaseUpdatePost],
    foster_parent: [...anyParticipant],
    parent: [...anyParticipant, P.CaseStoryWrite, P.CaseStoryConfirm, P.CaseConsentManage, P.CaseUpdatePost, P.CaseChildWrite,
      P.CaseResultRead, P.CaseAccessLogRead],
    child: [...anyParticipant],
  };
})();

/** Peer groups (issue 19): parents meet there, counsellors and trusted parents moderate, coordinators start and oversee them. */
const PEER_GROUP_PERMISSIONS: Partial<Record<Role, readonly Permission[]>> = {
  coordinator: [Permission.GroupRead, Permission.GroupCreate, Permission.GroupModerate, Permission.GroupEscalationRead],
  counsellor: [Permission.GroupRead, Permission.GroupTakePart, Permission.GroupModerate],
  parent: [Permission.GroupRead, Permission.GroupJoin, Permission.GroupTakePart, Permission.GroupModerate],
};

/** The expert pool (issue 19). */
const EXPERT_POOL_PERMISSIONS: Partial<Record<Role, readonly Permission[]>> = {
  admin: [Permission.ExpertManage],
  coordinator: [Permission.ExpertRead, Permission.ExpertManage],
  counsellor: [Permission.ExpertRead, Permission.ConsultationRequest, Permission.Consultation],
  expert: [Permission.Consultation],
};

/** Each feature's permissions per role, added to what the roles hold of their own. */
function withFeatures(base: Record<Role, readonly Permission[]>, ...features: Partial<Record<Role, readonly Permission[]>>[]): Record<Role, readonly Permission[]> {
  return Object.fromEntries(Object.entries(base).map(([role, permissions]) =>
    [role, [...permissions, ...features.flatMap((feature) => feature[role as Role] ?? [])]])) as unknown as Record<Role, readonly Permission[]>;
}

/** One family, one plan, and the shared explanatory analysis (issue 18), per role; admins none. */
const PLAN_ANALYSIS_PERMISSIONS: Record<Role, readonly Permission[]> = (() => {
  const P = Permission;
  const reader = [P.CasePlanRead, P.CasePlanActionUpdate, P.CaseAnalysisRead, P.CaseAnalysisPosition];
  return {
    admin: [],
    coordinator: [...reader, P.CasePlanWrite, P.CaseAnalysisWrite],
    counsellor: [...reader, P.CasePlanWrite, P.CaseAnalysisWrite],
    partner: reader,
    expert: [...reader, P.CaseAnalysisWrite, P.CaseAnalysisSignOff],
    foster_parent: reader,
    parent: [...reader, P.CasePlanWrite],
    child: reader,
  };
})();

/** Children's own place (issue 20): the roles that may ask to read a voice; the child's choice decides per voice. */
const CHILD_VOICE_PERMISSIONS: Partial<Record<Role, readonly Permission[]>> = {
  coordinator: [Permission.ChildVoiceRead],
  counsellor: [Permission.ChildVoiceRead],
  parent: [Permission.ChildVoiceRead],
  partner: [Permission.ChildVoiceRead],
  child: [Permission.ChildVoiceRead, Permission.ChildVoiceWrite],
};

/** The help directory (issue 20): coordinators keep it; the team suggests services; parents read what was suggested to them. */
const DIRECTORY_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [],
  coordinator: [Permission.DirectoryManage, Permission.ServiceSuggestionCreate, Permission.ServiceSuggestionRead],
  counsellor: [Permission.ServiceSuggestionCreate, Permission.ServiceSuggestionRead],
  partner: [],
  foster_parent: [],
  expert: [],
  parent: [Permission.ServiceSuggestionRead],
  child: [],
};

/** Privacy rights (issue 21): legal hold and erasure requests (one's own export and erasure request need only `Self`). */
const PRIVACY_PERMISSIONS: Partial<Record<Role, readonly Permission[]>> = {
  coordinator: [Permission.CaseLegalHold, Permission.ErasureRequestDecide],
};

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = withFeatures({
  admin: [...EVERYONE, Permission.AuditCheckpointRead, Permission.OrganisationCreate, Permission.OrganisationRead, Permission.OrganisationUpdate, Permission.InvitationCreate, Permission.AccountManage, Permission.AccountFind, Permission.UserRead, Permission.TeamCapacityConfigure],
  coordinator: [...EVERYONE, Permission.AuditCheckpointRead, ...VERIFICATION_COORDINATOR, Permission.OrganisationRead, Permission.InvitationCreate, Permission.AccountManage, Permission.UserRead, Permission.RegistrationManage, Permission.CaseloadManage, Permission.TeamCapacityConfigure, Permission.ReportRead],
  counsellor: [...EVERYONE, ...VERIFICATION_COUNSELLOR, Permission.OrganisationRead, Permission.InvitationCreate, Permission.UserRead],
  partner: [...EVERYONE],
  foster_parent: [...EVERYONE],
  expert: [...EVERYONE],
  parent: [...EVERYONE],
  child: [...EVERYONE],
}, CASE_FILE_PERMISSIONS, PLAN_ANALYSIS_PERMISSIONS, PEER_GROUP_PERMISSIONS, EXPERT_POOL_PERMISSIONS, CHILD_VOICE_PERMISSIONS, DIRECTORY_PERMISSIONS, PRIVACY_PERMISSIONS);

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
