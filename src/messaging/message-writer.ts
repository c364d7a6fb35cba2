import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RequestContext, type RequestContextStore } from '../common/request-context.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { ATTACHMENT_LINKS, type AttachmentLinks } from './attachment-links.js';
import type { MessageResponse, SendMessageDto } from './dto/message.dto.js';
import { MessagingErrors } from './messaging.errors.js';
import { RealtimeService } from './realtime/realtime.service.js';

export interface MessageRow {
  id: string;
  thread_id: string;
  seq: string;
  author_id: string;
  author_name: string;
  body: string;
  client_message_id: string;
  created_at: Date;
  attachment_ids: string[] | null;
}

export const MESSAGE_COLUMNS = `msg.id, msg.thread_id, msg.seq, msg.author_id, u.display_name AS author_name, msg.body,
  msg.client_message_id, msg.created_at,
  (SELECT array_agg(a.attachment_id ORDER BY a.position) FROM message_attachment a WHERE a.message_id = msg.id) AS attachment_ids`;

export function toMessageResponse(row: MessageRow): MessageResponse {
  return {
    id: row.id,
    threadId: row.thread_id,
    seq: Number(row.seq),
    author: { id: row.author_id, displayName: row.author_name },
    body: row.body,
    clientMessageId: row.client_message_id,
    createdAt: new Date(row.created_at).toISOString(),
    attachments: (row.attachment_ids ?? []).map((id) => ({ id })),
  };
}

export interface SendResult {
  message: MessageResponse;
  /** False when the same clientMessageId was sent before: the first message is returned. */
  created: boolean;
}

interface PendingSend {
  user: AuthUser;
  threadId: string;
  dto: SendMessageDto;
  context: RequestContextStore | undefined;
  resolve: (result: SendResult) => void;
  reject: (error: unknown) => void;
}

/** At most this many messages share one transaction. */
const MAX_BATCH = 100;

/**
 * Writes messages in small batches: while one transaction commits, the next sends wait and then
 * share one transaction, one fsync and one cross-process publish. Each send is still checked on its
 * own (access, idempotency, attachments), refused on its own, and answered only after the commit.
 * Why: on PostgreSQL every commit waits for the disk, and the audit chain and NOTIFY each take a
 * lock until commit, so one transaction per message caps throughput at the disk's fsync rate.
 */
@Injectable()
export class MessageWriter {
  private readonly queue: PendingSend[] = [];
  private draining = false;

  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
    private readonly moduleRef: ModuleRef,
  ) {}

  write(user: AuthUser, threadId: string, dto: SendMessageDto): Promise<SendResult> {
    return new Promise<SendResult>((resolve, reject) => {
      const pending: PendingSend = { user, threadId, dto, context: RequestContext.current(), resolve, reject };
      // Inside someone's transaction (e.g. the demo): write in it, so it sees that transaction's rows.
      if (this.txHost.isTransactionActive) {
        this.writeBatch([pending]).catch(reject);
        return;
      }
      this.queue.push(pending);
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.writeBatch(batch).catch((error: unknown) => {
          for (const p of batch) p.reject(error);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  private async writeBatch(batch: PendingSend[]): Promise<void> {
    const answers = new Map<PendingSend, SendResult>();
    const refusals = new Map<PendingSend, unknown>();
    const published: { threadId: string; message: MessageResponse }[] = [];
    await this.storeBatch(batch, answers, refusals, published);
    // Committed: now answer.
    for (const p of batch) {
      const answer = answers.get(p);
      if (answer) p.resolve(answer);
      else p.reject(refusals.get(p) ?? new Error('message was neither stored nor refused'));
    }
  }

  /** One transaction for the whole batch; fills `answers`, `refusals` and `published`, which the caller uses once it committed. */
  @Transactional()
  private async storeBatch(batch: PendingSend[], answers: Map<PendingSend, SendResult>, refusals: Map<PendingSend, unknown>, published: { threadId: string; message: MessageResponse }[]): Promise<void> {
    const tx = this.txHost.tx;
    // Access: a member of the thread who still takes part in its case, for every send at once.
    const allowed = await rows<{ thread_id: string; user_id: string; case_id: string }>(tx,
      `SELECT x.thread_id, x.user_id, t.case_id
         FROM unnest($1::uuid[], $2::uuid[]) AS x(thread_id, user_id)
         JOIN message_thread t ON t.id = x.thread_id
         JOIN thread_member m ON m.thread_id = t.id AND m.user_id = x.user_id
         JOIN case_participant p ON p.case_id = t.case_id AND p.user_id = x.user_id`,
      [batch.map((p) => p.threadId), batch.map((p) => p.user.id)],
    );
    const caseOf = new Map(allowed.map((r) => [`${r.thread_id}|${r.user_id}`, r.case_id]));
    let live = batch.filter((p) => {
      if (caseOf.has(`${p.threadId}|${p.user.id}`)) return true;
      refusals.set(p, MessagingErrors.threadNotFound());
      return false;
    });
    if (live.length === 0) return;
    // Lock the threads in a fixed order (no deadlocks between processes): sequence order is commit order.
    const threadIds = [...new Set(live.map((p) => p.threadId))].sort();
    await tx.query(`SELECT id FROM message_thread WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [threadIds]);
    // Idempotency, checked under the locks so a committed twin is visible.
    const earlier: MessageRow[] = await tx.query(
      `SELECT ${MESSAGE_COLUMNS}
         FROM unnest($1::uuid[], $2::text[]) AS x(author_id, client_message_id)
         JOIN message msg ON msg.author_id = x.author_id AND msg.client_message_id = x.client_message_id
         JOIN app_user u ON u.id = msg.author_id`,
      [live.map((p) => p.user.id), live.map((p) => p.dto.clientMessageId)],
    );
    const earlierByKey = new Map(earlier.map((r) => [`${r.author_id}|${r.client_message_id}`, r]));
    const firstInBatch = new Map<string, PendingSend>();
    const duplicates: [PendingSend, PendingSend][] = [];
    live = live.filter((p) => {
      const key = `${p.user.id}|${p.dto.clientMessageId}`;
      const row = earlierByKey.get(key);
      if (row) {
        if (row.thread_id !== p.threadId) refusals.set(p, MessagingErrors.clientMessageIdReused());
        else answers.set(p, { message: toMessageResponse(row), created: false });
        return false;
      }
      const first = firstInBatch.get(key);
      if (first) {
        duplicates.push([p, first]);
        return false;
      }
      firstInBatch.set(key, p);
      return true;
    });
    const checked: PendingSend[] = [];
    for (const p of live) {
      const attachmentIds = [...new Set(p.dto.attachmentIds ?? [])];
      try {
        if (attachmentIds.length) await this.requireAttachments(p.threadId, attachmentIds);
        checked.push(p);
      } catch (error) {
        refusals.set(p, error);
      }
    }
    if (checked.length) {
      // Sequence numbers: each thread's counter moves by its number of new messages.
      const perThread = new Map<string, number>();
      for (const p of checked) perThread.set(p.threadId, (perThread.get(p.threadId) ?? 0) + 1);
      const counters = await rows<{ id: string; last_seq: string }>(tx,
        `UPDATE message_thread t SET last_seq = t.last_seq + c.n, last_message_at = now()
           FROM unnest($1::uuid[], $2::int[]) AS c(id, n) WHERE t.id = c.id RETURNING t.id, t.last_seq`,
        [[...perThread.keys()], [...perThread.values()]],
      );
      const next = new Map(counters.map((c) => [c.id, BigInt(c.last_seq) - BigInt(perThread.get(c.id)!) + 1n]));
      const seqs = checked.map((p) => {
        const seq = next.get(p.threadId)!;
        next.set(p.threadId, seq + 1n);
        return seq.toString();
      });
      const inserted: { id: string; author_id: string; client_message_id: string }[] = await tx.query(
        `INSERT INTO message (thread_id, seq, author_id, body, client_message_id)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[], $5::text[])
         ON CONFLICT (author_id, client_message_id) DO NOTHING
         RETURNING id, author_id, client_message_id`,
        [checked.map((p) => p.threadId), seqs, checked.map((p) => p.user.id), checked.map((p) => p.dto.body), checked.map((p) => p.dto.clientMessageId)],
      );
      const idByKey = new Map(inserted.map((r) => [`${r.author_id}|${r.client_message_id}`, r.id]));
      const stored = checked.filter((p) => {
        if (idByKey.has(`${p.user.id}|${p.dto.clientMessageId}`)) return true;
        // The same id was used by a concurrent send to another thread.
        refusals.set(p, MessagingErrors.clientMessageIdReused());
        return false;
      });
      const messageIds = stored.map((p) => idByKey.get(`${p.user.id}|${p.dto.clientMessageId}`)!);
      for (const [i, p] of stored.entries()) {
        const attachmentIds = [...new Set(p.dto.attachmentIds ?? [])];
        if (attachmentIds.length) {
          await tx.query(
            `INSERT INTO message_attachment (message_id, attachment_id, position)
             SELECT $1, id, ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS a(id, ord)`,
            [messageIds[i], attachmentIds],
          );
        }
      }
      if (stored.length) {
        // The outbox for "you have a new message" mails: one row per waiting user, no content.
        await tx.query(
          `INSERT INTO notification_outbox (user_id)
           SELECT DISTINCT m.user_id
             FROM unnest($1::uuid[], $2::uuid[]) AS x(thread_id, author_id)
             JOIN thread_member m ON m.thread_id = x.thread_id AND m.user_id <> x.author_id
             LEFT JOIN notification_preference np ON np.user_id = m.user_id
            WHERE coalesce(np.email, true)
           ON CONFLICT (user_id) DO NOTHING`,
          [stored.map((p) => p.threadId), stored.map((p) => p.user.id)],
        );
        // Last: the audit chain's head lock is held from the first of these until commit.
        for (const [i, p] of stored.entries()) {
          await RequestContext.run({ ...p.context, user: p.user }, () => this.audit.record({
            action: 'message.create', subjectType: 'message', subjectId: messageIds[i], caseId: caseOf.get(`${p.threadId}|${p.user.id}`),
            details: { threadId: p.threadId, attachmentIds: [...new Set(p.dto.attachmentIds ?? [])] },
          }));
        }
        const full: MessageRow[] = await tx.query(
          `SELECT ${MESSAGE_COLUMNS} FROM message msg JOIN app_user u ON u.id = msg.author_id
            WHERE msg.id = ANY($1::uuid[]) ORDER BY msg.thread_id, msg.seq`,
          [messageIds],
        );
        const byId = new Map(full.map((r) => [r.id, toMessageResponse(r)]));
        for (const [i, p] of stored.entries()) answers.set(p, { message: byId.get(messageIds[i])!, created: true });
        for (const row of full) published.push({ threadId: row.thread_id, message: byId.get(row.id)! });
      }
    }
    for (const [p, first] of duplicates) {
      const firstAnswer = answers.get(first);
      if (firstAnswer && first.threadId === p.threadId) answers.set(p, { message: firstAnswer.message, created: false });
      else refusals.set(p, refusals.get(first) ?? MessagingErrors.clientMessageIdReused());
    }
    if (published.length) this.txHost.afterCommit(() => this.realtime.publishMessages(published));
  }

  /** Every attachment id must have been uploaded to this thread (the attachments module answers). */
  private async requireAttachments(threadId: string, attachmentIds: string[]): Promise<void> {
    const missing = await this.moduleRef.get<AttachmentLinks>(ATTACHMENT_LINKS, { strict: false }).notInThread(threadId, attachmentIds);
    if (missing.length) throw MessagingErrors.unknownAttachments(missing);
  }

}
