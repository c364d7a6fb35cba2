// Every migration, in order. Listed explicitly so the same list works compiled and under jest (ESM).
import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { CasesCore1764000001000 } from './1764000001000-cases-core.js';
import { InvitationCase1764000001500 } from './1764000001500-invitation-case.js';
import { CaseFile1764000002000 } from './1764000002000-case-file.js';
import { Messaging1764000003000 } from './1764000003000-messaging.js';
import { Intake1764000004000 } from './1764000004000-intake.js';
import { Verification1764000005000 } from './1764000005000-verification.js';
import { Attachments1764000006000 } from './1764000006000-attachments.js';
import { Reports1764000007000 } from './1764000007000-reports.js';
import { OrganisationKeyRevocation1764000008000 } from './1764000008000-organisation-key-revocation.js';
import { CaseStartedAt1764000009000 } from './1764000009000-case-started-at.js';
import { InvitationsByMail1765000000000 } from './1765000000000-invitations-by-mail.js';
import { ThreadHistoryAndCodeChecks1765200000000 } from './1765200000000-thread-history-and-code-checks.js';
import { OidcLogin1765300000000 } from './1765300000000-oidc-login.js';
import { AuditSealing1765400000000 } from './1765400000000-audit-sealing.js';
import { SessionInvalidation1765400001000 } from './1765400001000-session-invalidation.js';
import { AttachmentMetadataAndAccessRequests1765500000000 } from './1765500000000-attachment-metadata-and-access-requests.js';
import { AccountDisabling1765500001000 } from './1765500001000-account-disabling.js';
import { AuditSealWithoutForeignKey1765600000000 } from './1765600000000-audit-seal-without-foreign-key.js';
import { PlanAnalysisAndSpecialisms1765700000000 } from './1765700000000-plan-analysis-and-specialisms.js';
import { PlanAndAnalysis1765710000000 } from './1765710000000-plan-and-analysis.js';
import { ExpertPoolConsultations1765720000000 } from './1765720000000-expert-pool-consultations.js';
import { PeerGroups1765730000000 } from './1765730000000-peer-groups.js';
import { HelpDirectory1765740000000 } from './1765740000000-help-directory.js';
import { ChildrenOwnPlace1765750000000 } from './1765750000000-children-own-place.js';
import { PrivacyRights1765760000000 } from './1765760000000-privacy-rights.js';

export const migrations = [
  Foundation1764000000000,
  CasesCore1764000001000,
  InvitationCase1764000001500,
  CaseFile1764000002000,
  Messaging1764000003000,
  Intake1764000004000,
  Verification1764000005000,
  Attachments1764000006000,
  Reports1764000007000,
  OrganisationKeyRevocation1764000008000,
  CaseStartedAt1764000009000,
  InvitationsByMail1765000000000,
  ThreadHistoryAndCodeChecks1765200000000,
  OidcLogin1765300000000,
  AuditSealing1765400000000,
  SessionInvalidation1765400001000,
  AttachmentMetadataAndAccessRequests1765500000000,
  AccountDisabling1765500001000,
  AuditSealWithoutForeignKey1765600000000,
  PlanAnalysisAndSpecialisms1765700000000,
  PlanAndAnalysis1765710000000,
  ExpertPoolConsultations1765720000000,
  PeerGroups1765730000000,
  HelpDirectory1765740000000,
  ChildrenOwnPlace1765750000000,
  PrivacyRights1765760000000,
];
