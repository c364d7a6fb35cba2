/**
 * Which module owns which table: only the owner writes it; other modules ask the owner's exported
 * service. `test/table-ownership.int-spec.ts` checks that every table has an owner and that no
 * module writes another's table, except the few writes listed there with their reason.
 * Readers are freer: the access layer and `reports` (a declared read model) read many tables.
 */
export const TABLE_OWNERS = {
  accounts: ['app_user', 'organisation', 'invitation'],
  auth: ['user_session', 'rate_limit', 'oidc_login_attempt', 'organisation_identity_provider'],
  audit: ['audit_event', 'audit_seal', 'audit_checkpoint'],
  cases: [
    'case_file', 'case_participant', 'case_child', 'case_consent', 'case_handover', 'case_handover_request', 'case_reference_counter',
    'case_result', 'case_status_history', 'case_story_version', 'case_update',
  ],
  messaging: [
    'message_thread', 'thread_member', 'message', 'message_attachment', 'notification_outbox', 'notification_mail_log',
    'notification_preference', 'socket_io_attachments',
  ],
  attachments: ['attachment', 'attachment_recipient', 'attachment_access_request', 'user_key'],
  verification: ['organisation_key', 'counsellor_credential', 'verification_code', 'verification_check'],
  intake: ['registration', 'registration_status_history', 'registration_reference_counter', 'counsellor_profile', 'team_capacity'],
  groups: ['peer_group', 'peer_group_member', 'peer_group_message', 'peer_group_report'],
  consultations: ['consultation', 'consultation_message'],
  /** Issue 18: one family, one plan. */
  plan: ['plan_goal', 'plan_action'],
  /** Issue 18: the shared explanatory analysis. */
  analysis: ['analysis_version', 'analysis_position'],
  children: ['child_voice'],
  directory: ['directory_organization', 'directory_service', 'directory_location', 'directory_service_at_location', 'directory_service_suggestion'],
  /** Privacy rights (issue 21): exports, legal holds, erasure requests, retention's tombstones and runs. */
  privacy: ['privacy_export', 'privacy_legal_hold', 'privacy_erasure_request', 'privacy_tombstone', 'privacy_retention_run'],
  database: ['migrations'],
} as const;

export type OwningModule = keyof typeof TABLE_OWNERS;

export function ownerOf(table: string): OwningModule | undefined {
  return (Object.keys(TABLE_OWNERS) as OwningModule[]).find((module) => (TABLE_OWNERS[module] as readonly string[]).includes(table));
}
