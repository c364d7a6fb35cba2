import type { CaseUpdateResponse } from './dto/update.dto.js';

/**
 * Events the case file publishes for other modules (messaging, attachments, realtime).
 *
 * Two kinds:
 * - IN-TRANSACTION hooks, emitted with `await emitInTransaction(events, ...)` inside the writing transaction:
 *   listeners run in the same AsyncLocalStorage context, so their `txHost.tx` writes commit or roll
 *   back together with the case change (e.g. moving thread memberships during a handover).
 * - AFTER-COMMIT notifications, emitted with `events.emit(...)` once the transaction has committed:
 *   for pushing to sockets. Never emitted for a change that rolled back.
 */

/** In-transaction: a participant is being removed from a case; drop their thread memberships too. */
export class ParticipantRemoving {
  static readonly event = 'case.participant.removing';
  constructor(readonly caseId: string, readonly userId: string) {}
}

/** After commit: a participant was removed; close their live access (leave rooms). */
export class ParticipantRemoved {
  static readonly event = 'case.participant.removed';
  constructor(readonly caseId: string, readonly userId: string) {}
}

/** In-transaction: the lead moves from one counsellor to another; move every thread membership with it. */
export class HandoverMoving {
  static readonly event = 'case.handover.moving';
  constructor(readonly caseId: string, readonly fromUserId: string | null, readonly toUserId: string) {}
}

/** After commit: a shared update was posted; `audience` are the user ids allowed to see it. */
export class CaseUpdatePosted {
  static readonly event = 'case.update.posted';
  constructor(readonly caseId: string, readonly update: CaseUpdateResponse, readonly audience: string[]) {}
}

/**
 * A parent's consent changed (granted, changed, revoked): these users may now see more or less of
 * the case. Emitted inside the consent's transaction; the realtime side tells them after commit.
 */
export class CaseAccessChanged {
  static readonly event = 'case.access.changed';
  constructor(readonly caseId: string, readonly userIds: string[]) {}
}
