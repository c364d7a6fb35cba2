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

function withCaseFile(base: Record<Role, readonly Permission[]>): Record<Role, readonly Permission[]> {
  return Object.fromEntries(Object.entries(base).map(([role, permissions]) =>
    [role, [...permissions, ...CASE_FILE_PERMISSIONS[role as Role]]])) as unknown as Record<Role, readonly Permission[]>;
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = withCaseFile({
  admin: [...EVERYONE, Permission.AuditCheckpointRead, Permission.OrganisationCreate, Permission.OrganisationRead, Permission.OrganisationUpdate, Permission.InvitationCreate, Permission.AccountManage, Permission.AccountFind, Permission.UserRead, Permission.TeamCapacityConfigure],
  coordinator: [...EVERYONE, Permission.AuditCheckpointRead, ...VERIFICATION_COORDINATOR, Permission.OrganisationRead, Permission.InvitationCreate, Permission.AccountManage, Permission.UserRead, Permission.RegistrationManage, Permission.CaseloadManage, Permission.TeamCapacityConfigure, Permission.ReportRead],
  counsellor: [...EVERYONE, ...VERIFICATION_COUNSELLOR, Permission.OrganisationRead, Permission.InvitationCreate, Permission.UserRead],
  partner: [...EVERYONE],
  foster_parent: [...EVERYONE],
  expert: [...EVERYONE],
  parent: [...EVERYONE],
  child: [...EVERYONE],
});

// Privacy rights (issue 21): what coordinators hold beyond the lists above.
const PRIVACY_PERMISSIONS: Partial<Record<Role, readonly Permission[]>> = {
  coordinator: [Permission.CaseLegalHold, Permission.ErasureRequestDecide],
};
for (const [role, permissions] of Object.entries(PRIVACY_PERMISSIONS) as [Role, readonly Permission[]][]) {
  (ROLE_PERMISSIONS as Record<Role, readonly Permission[]>)[role] = [...ROLE_PERMISSIONS[role], ...permissions];
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
