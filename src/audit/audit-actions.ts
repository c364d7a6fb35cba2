/**
 * Every action the audit log records, per module, as types: a new action must be named here, and
 * an action that may be recorded with a case id (and so shows in the parents' access log) must have
 * a phrase in plain words (`access-log.phrases.ts` is a Record over these), or nothing compiles.
 */

/** Actions recorded with the case they concern: the parents' access log shows them. */
export const CASE_LOG_ACTIONS = {
  accounts: ['invitation.created', 'invitation.resent', 'invitation.accepted'],
  cases: [
    'case.created', 'case.read', 'case.updated', 'case.status_changed', 'case.status_history.read',
    'case.participants.read', 'case.participant.added', 'case.participant.removed',
    'case.story.read', 'case.story.versions.read', 'case.story.saved', 'case.story.confirmed',
    'case.consent.granted', 'case.consent.changed', 'case.consent.revoked', 'case.consents.read',
    'case.updates.read', 'case.update.posted',
    'case.children.read', 'case.child.read', 'case.child.added', 'case.child.updated',
    'case.results.read', 'case.result.added', 'case.access_log.read',
    'case.handover', 'case.handover.requested', 'case.handover_requests.read',
  ],
  intake: ['registration.converted', 'registration.read', 'registration.updated'],
  /** Issue 18: one family, one plan. */
  plan: [
    'case.plan.read', 'case.plan.pdf', 'case.plan.goal.added', 'case.plan.goal.changed', 'case.plan.goal.dropped',
    'case.plan.action.added', 'case.plan.action.changed',
  ],
  /** Issue 18: the shared explanatory analysis. */
  analysis: ['case.analysis.read', 'case.analysis.versions.read', 'case.analysis.saved', 'case.analysis.position.added', 'case.analysis.signed_off'],
  messaging: ['thread.create', 'thread.list', 'thread.member.add', 'thread.member.remove', 'message.create', 'message.list', 'message.read'],
  attachments: [
    'attachment.upload', 'attachment.download', 'attachment.read', 'attachment.share', 'attachment.recipients.read',
    'attachment.list', 'attachment.access.requested',
  ],
  consultations: ['consultation.requested', 'consultation.read', 'consultation.message.posted', 'consultation.answered', 'consultation.closed'],
  /** Issue 20: a child record linked to (or unlinked from) the child's own account. */
  children: ['case.child.account_linked', 'case.child.account_unlinked'],
  /** The help directory (issue 20): help suggested to the parents of a case. */
  directory: ['case.service.suggested', 'case.service_suggestions.read'],
} as const;

/** Actions about accounts, teams and the system: never in a parent's access log. */
export const OTHER_AUDIT_ACTIONS = {
  accounts: [
    'user.created', 'organisation.created', 'organisation.updated', 'organisation.identity_provider_configured', 'organisation.identity_provider_updated',
    'account.disabled', 'account.enabled', 'accounts.listed', 'account.looked_up',
    'expert.specialism_changed',
  ],
  /** The start page's "needs your attention": counts and titles of the caller's own cases, never a read of one case. */
  attention: ['attention.read'],
  auth: [
    'auth.login', 'auth.login_failed', 'auth.logout', 'auth.oidc_login_failed', 'auth.password_change_failed', 'auth.password_changed',
    'auth.second_factor_passed', 'auth.totp_enabled', 'auth.totp_setup_started',
  ],
  cases: ['case.listed', 'case.participant.lookup_failed'],
  intake: [
    'registration.created', 'registration.discarded', 'registration.listed',
    'registration.suggestions_read', 'caseload.read', 'counsellor_profile.updated', 'team_capacity.updated', 'handover_requests.team.read',
  ],
  messaging: ['notification.preference.update'],
  attachments: ['user_key.set', 'user_key.refresh'],
  reports: ['report.monthly.read'],
  /** Peer groups (issue 19): ids and codes only, never a message body, a reason or a pseudonym. */
  groups: [
    'group.created', 'group.listed', 'group.read', 'group.members.read', 'group.join_requested', 'group.member.added',
    'group.member.accepted', 'group.member.updated', 'group.member.left', 'group.member.removed', 'group.request.declined', 'group.member.muted',
    'group.messages.read', 'group.message.posted', 'group.message.hidden', 'group.message.reported', 'group.reports.read',
    'group.report.resolved', 'group.reports.escalated.read',
    /** Issue 21: a person's own group data read for their export (counts only). */
    'group.own_data.read',
  ],
  consultations: ['consultation.listed', 'consultation.handed_over'],
  /**
   * Issue 20: the child's voice, written and read. Recorded with the child record as subject and
   * WITHOUT a case id (and never with the text): the parents' access log must not tell parents the
   * child has a voice when the child did not choose them as readers.
   */
  children: ['child_voice.saved', 'child_voice.read', 'child_records.read'],
  /** The help directory (issue 20): the coordinators' edits, a parent's start page reading their suggestions; reading the public directory is not audited. */
  directory: ['directory.service.created', 'directory.service.updated', 'directory.service.deleted', 'directory.hsds.imported', 'directory.suggestions.own_read'],
  /** Privacy rights (issue 21): every step of an export, retention's erasures, legal holds, erasure requests. */
  privacy: [
    'privacy.export.requested', 'privacy.export.started', 'privacy.export.section_written', 'privacy.export.ready', 'privacy.export.failed',
    'privacy.export.read', 'privacy.export.downloaded', 'privacy.retention.erased', 'privacy.legal_hold.placed', 'privacy.legal_hold.lifted',
    'privacy.legal_hold.read', 'privacy.erasure.requested', 'privacy.erasure.granted', 'privacy.erasure.refused', 'privacy.erasure_requests.listed',
  ],
  verification: [
    'credential.issued', 'credential.revoked', 'verification_code.issued',
    'organisation_key.created', 'organisation_key.passphrase_changed', 'organisation_key.revoked', 'organisation_key.rotated',
  ],
} as const;

type Values<T> = T[keyof T] extends readonly (infer U)[] ? U : never;
export type CaseLogAction = Values<typeof CASE_LOG_ACTIONS>;
export type AuditAction = CaseLogAction | Values<typeof OTHER_AUDIT_ACTIONS>;

export const ALL_CASE_LOG_ACTIONS: readonly CaseLogAction[] = Object.values(CASE_LOG_ACTIONS).flat();
export const ALL_AUDIT_ACTIONS: readonly AuditAction[] = [...ALL_CASE_LOG_ACTIONS, ...Object.values(OTHER_AUDIT_ACTIONS).flat()];
