import type { InvitationCaseRole } from './roles.js';

/**
 * In-transaction hook, emitted with `emitInTransaction` while an invitation is being redeemed: listeners
 * write in the same transaction, so the new account and, say, its case participation commit together.
 */
export class InvitationAccepted {
  static readonly event = 'account.invitation.accepted';
  constructor(
    readonly invitationId: string,
    readonly userId: string,
    readonly invitedById: string,
    /** The case the invitation brings the new user into, with their case role. */
    readonly caseId: string | null,
    readonly caseRole: InvitationCaseRole | null,
    /** Issue 20: the child record (of `caseId`) the new account is linked to, for an invitation as `child`. */
    readonly childId: string | null = null,
  ) {}
}

/**
 * In-transaction hook, emitted with `emitInTransaction` while an account is being disabled: the auth module
 * ends the account's sessions in the same transaction (so enabling it later revives none of them)
 * and closes its sockets once the change has committed.
 */
export class AccountDisabled {
  static readonly event = 'account.disabled';
  constructor(readonly userId: string) {}
}
