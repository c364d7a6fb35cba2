import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SessionsInvalidated, SessionsRevoked } from '../auth/auth.events.js';
import { CaseAccessChanged, CaseUpdatePosted, HandoverMoving, ParticipantRemoved, ParticipantRemoving } from '../cases/cases.events.js';
import { afterCommit } from '../database/after-commit.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost } from '../database/transaction-host.js';
import { RealtimeService } from './realtime/realtime.service.js';
import { ThreadsService } from './threads.service.js';

/**
 * What messaging does when the case file or the sessions change. In-transaction hooks write with
 * `txHost.tx` (they commit or roll back with the case change) and let errors through so a failure
 * aborts the whole change; after-commit notifications only touch sockets.
 */
@Injectable()
export class MessagingListeners {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly threads: ThreadsService,
    private readonly realtime: RealtimeService,
  ) {}

  @OnEvent(ParticipantRemoving.event, { suppressErrors: false })
  async dropMemberships(event: ParticipantRemoving): Promise<void> {
    const tx = this.txHost.tx;
    const removed = await rows<{ thread_id: string }>(tx,
      `DELETE FROM thread_member m USING message_thread t
        WHERE t.id = m.thread_id AND t.case_id = $1 AND m.user_id = $2
        RETURNING m.thread_id`,
      [event.caseId, event.userId],
    );
    const threadIds = removed.map((r) => r.thread_id);
    if (threadIds.length) afterCommit(tx, () => this.threads.closeLiveAccess(event.userId, event.caseId, threadIds));
  }

  /** Belt and braces: whatever thread of the case their sockets are still in, they leave it. */
  @OnEvent(ParticipantRemoved.event)
  async leaveCaseRooms(event: ParticipantRemoved): Promise<void> {
    const rows: { id: string }[] = await this.txHost.tx.query(`SELECT id FROM message_thread WHERE case_id = $1`, [event.caseId]);
    this.realtime.leaveThreads(event.userId, rows.map((r) => r.id));
  }

  @OnEvent(HandoverMoving.event, { suppressErrors: false })
  async moveMemberships(event: HandoverMoving): Promise<void> {
    if (!event.fromUserId || event.fromUserId === event.toUserId) return;
    const tx = this.txHost.tx;
    const moved = await rows<{ thread_id: string; history_from_seq: string }>(tx,
      `DELETE FROM thread_member m USING message_thread t
        WHERE t.id = m.thread_id AND t.case_id = $1 AND m.user_id = $2
        RETURNING m.thread_id, m.added_by_id, m.history_from_seq`,
      [event.caseId, event.fromUserId],
    );
    const threadIds = moved.map((r) => r.thread_id);
    if (threadIds.length === 0) return;
    // The successor reads what the predecessor could read: no more of the history, no less.
    await tx.query(
      `INSERT INTO thread_member (thread_id, user_id, added_by_id, history_from_seq)
       SELECT x.thread_id, $3, $4, x.history_from_seq FROM unnest($1::uuid[], $2::bigint[]) AS x(thread_id, history_from_seq)
       ON CONFLICT (thread_id, user_id) DO NOTHING`,
      [threadIds, moved.map((r) => r.history_from_seq), event.toUserId, event.fromUserId],
    );
    const threads = await Promise.all(threadIds.map((id) => this.threads.describe(id, event.toUserId).catch(() => null)));
    const fromUserId = event.fromUserId;
    afterCommit(tx, () => {
      this.threads.closeLiveAccess(fromUserId, event.caseId, threadIds);
      this.realtime.joinThreads(event.toUserId, threadIds);
      for (const thread of threads) if (thread) this.realtime.toUsers([event.toUserId], 'thread:added', { thread });
    });
  }

  /** A consent changed: its grantees' open case screens reload what they may see, after commit. */
  @OnEvent(CaseAccessChanged.event)
  pushAccessChanged(event: CaseAccessChanged): void {
    afterCommit(this.txHost.tx, () => this.realtime.toUsers(event.userIds, 'case:access', { caseId: event.caseId }));
  }

  @OnEvent(CaseUpdatePosted.event)
  pushCaseUpdate(event: CaseUpdatePosted): void {
    this.realtime.toUsers(event.audience, 'case:update', { caseId: event.caseId, update: event.update });
  }

  @OnEvent(SessionsRevoked.event)
  closeRevokedSessions(event: SessionsRevoked): void {
    this.realtime.disconnectSessions(event.sessionIds);
  }

  /** Sessions or users another node invalidated over the session bus (a disabled user, a new role …). */
  @OnEvent(SessionsInvalidated.event)
  closeInvalidatedSessions(event: SessionsInvalidated): void {
    this.realtime.disconnectLocally(event.sessionIds, event.userIds);
  }
}
