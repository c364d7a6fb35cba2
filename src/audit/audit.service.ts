import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { RequestContext } from '../common/request-context.js';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  caseId?: string | null;
  /** Never personal data, message bodies, keys or tokens: ids, field names and codes only. */
  details?: Record<string, unknown>;
  /** Set when the actor is not the logged-in caller (e.g. a failed login for a known account). */
  actorUserId?: string | null;
  actorRole?: string | null;
}

/**
 * Appends to the hash-chained audit log. Inside a `@Transactional()` method the event joins the
 * caller's transaction, so a change and its audit event commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(private readonly txHost: TransactionHost) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.recordMany([entry]);
  }

  async recordMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const { user, requestId, ip } = RequestContext.current() ?? {};
    const values: unknown[] = [];
    const rows = entries.map((entry) => {
      const base = values.length;
      values.push(
        entry.actorUserId !== undefined ? entry.actorUserId : user?.id ?? null,
        entry.actorRole !== undefined ? entry.actorRole : user?.role ?? null,
        entry.action, entry.subjectType, entry.subjectId ?? null, entry.caseId ?? null,
        requestId ?? null, ip ?? null, JSON.stringify(entry.details ?? {}),
      );
      return `(${Array.from({ length: 9 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await this.txHost.tx.query(
      `INSERT INTO audit_event (actor_user_id, actor_role, action, subject_type, subject_id, case_id, request_id, origin, details)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }
}
