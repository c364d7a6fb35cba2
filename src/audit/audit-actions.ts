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
  messaging: ['thread.create', 'thread.list', 'thread.member.add', 'thread.member.remove', 'message.create', 'message.list', 'message.read'],
  attachments: [
    'attachment.upload', 'attachment.download', 'attachment.read', 'attachment.share', 'attachment.recipients.read',
    'attachment.list', 'attachment.access.requested',
  ],
} as const;

/** Actions about accounts, teams and the system: never in a parent's access log. */
export const OTHER_AUDIT_ACTIONS = {
  accounts: [
    'user.created', 'organisation.created', 'organisation.updated', 'organisation.identity_provider_configured', 'organisation.identity_provider_updated',
    'account.disabled', 'account.enabled', 'accounts.listed', 'account.looked_up',
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
