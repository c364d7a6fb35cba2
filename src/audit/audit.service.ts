import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { RequestContext } from '../common/request-context.js';
import type { AuditAction, CaseLogAction } from './audit-actions.js';

interface AuditFields {
  subjectType: string;
  subjectId?: string | null;
  /** Never personal data, message bodies, keys or tokens: ids, field names and codes only. */
  details?: Record<string, unknown>;
  /** Set when the actor is not the logged-in caller (e.g. a failed login for a known account). */
  actorUserId?: string | null;
  actorRole?: string | null;
}

/**
 * One event. Only an action of `CASE_LOG_ACTIONS` may carry a case id: those are the events a
 * parent reads in the access log, and each has its phrase (the compiler checks both).
 */
export type AuditEntry = AuditFields & (
  | { action: CaseLogAction; caseId?: string | null }
  | { action: Exclude<AuditAction, CaseLogAction>; caseId?: null }
);

export interface AuditOptions {
  /**
   * `relaxed`: for events that record a READ, written outside any transaction. The insert commits
   * with `synchronous_commit = off` (for that one transaction only), so a read does not wait for a
   * WAL flush; a crash of the database server itself may lose the last fraction of a second of read
   * events. Writes, and any event inside a transaction, stay durable.
   */
  durability?: 'durable' | 'relaxed';
}

/** The options of every audit event that records a read. */
export const READ_AUDIT = { durability: 'relaxed' } as const satisfies AuditOptions;

/**
 * Appends to the audit log. Inside a `@Transactional()` method the event joins the caller's
 * transaction, so a change and its audit event commit or roll back together. The insert takes no
 * shared lock: the sealer (AuditSealer) chains committed events with keyed hashes moments later.
 */
@Injectable()
export class AuditService {
  constructor(private readonly txHost: TransactionHost) {}

  async record(entry: AuditEntry, options?: AuditOptions): Promise<void> {
    await this.recordMany([entry], options);
  }

  async recordMany(entries: AuditEntry[], options?: AuditOptions): Promise<void> {
    const { user, requestId, ip } = RequestContext.current() ?? {};
    // A read outside any transaction may commit without waiting for the WAL flush (see AuditOptions).
    const relaxed = options?.durability === 'relaxed' && !this.txHost.isTransactionActive;
    const context = { userId: user?.id, role: user?.role, requestId, origin: ip };
    if (entries.length === 1) {
      // The common case, on every audited request: one prepared statement.
      const { text, values } = auditInsert(entries, context, relaxed);
      await this.txHost.prepared(relaxed ? 'ev_audit_insert_relaxed' : 'ev_audit_insert', text, values);
      return;
    }
    await appendAuditEvents(this.txHost.tx, entries, context, relaxed);
  }
}

/** Who and where, for events whose entry does not name its actor. */
export interface AuditContext {
  userId?: string | null;
  role?: string | null;
  requestId?: string | null;
  origin?: string | null;
}

/**
 * The one INSERT every audit event goes through, on `db` (a transaction or a connection), for code
 * that runs outside a request too (command-line tools). A trigger stamps its place (seq, xid); the
 * sealer of a running app node seals it later.
 * `relaxed`: commit without waiting for the WAL flush (only for a read event in its own transaction).
 */
export async function appendAuditEvents(
  db: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, entries: AuditEntry[], context: AuditContext = {}, relaxed = false,
): Promise<void> {
  if (entries.length === 0) return;
  const { text, values } = auditInsert(entries, context, relaxed);
  await db.query(text, values);
}

/** The INSERT statement for `entries` (the same text for the same number of entries). */
function auditInsert(entries: AuditEntry[], context: AuditContext, relaxed: boolean): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows = entries.map((entry) => {
    const base = values.length;
    values.push(
      entry.actorUserId !== undefined ? entry.actorUserId : context.userId ?? null,
      entry.actorRole !== undefined ? entry.actorRole : context.role ?? null,
      entry.action, entry.subjectType, entry.subjectId ?? null, entry.caseId ?? null,
      context.requestId ?? null, context.origin ?? null, JSON.stringify(entry.details ?? {}),
    );
    return `(${Array.from({ length: 9 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  return {
    text: `INSERT INTO audit_event (actor_user_id, actor_role, action, subject_type, subject_id, case_id, request_id, origin, details)
     VALUES ${rows.join(', ')}${relaxed ? ` RETURNING set_config('synchronous_commit', 'off', true)` : ''}`,
    values,
  };
}
