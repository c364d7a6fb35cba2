import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DEFAULT_PAGE, MAX_PAGE, toPage } from '../common/pagination.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { VerificationResult } from './entities/verification-check.entity.js';
import { VerificationErrors } from './verification.errors.js';

export interface LogPage {
  limit?: number;
  /** Older than this check (the default direction: newest first). */
  before?: string;
  /** Newer than this check. */
  after?: string;
}

export interface LoggedCheck {
  id: string;
  checkedAt: Date;
  result: VerificationResult;
  counsellor: { id: string; displayName: string } | null;
  verifierOrganisation: { id: string; name: string } | null;
}

interface Row {
  id: string;
  checked_at: Date;
  result: VerificationResult;
  counsellor_id: string | null;
  counsellor_name: string | null;
  verifier_organisation_id: string | null;
  verifier_organisation_name: string | null;
}

/** The log of checks: a counsellor sees who checked them; coordinators see every check of their team. */
@Injectable()
export class VerificationLogService {
  constructor(private readonly txHost: TransactionHost) {}

  listOwn(user: AuthUser, page: LogPage): Promise<{ items: LoggedCheck[]; nextCursor: string | null }> {
    return this.list({ column: 'counsellor_id', value: user.id }, page);
  }

  listTeam(coordinator: AuthUser, page: LogPage & { counsellorId?: string }): Promise<{ items: LoggedCheck[]; nextCursor: string | null }> {
    // A coordinator without a team sees nothing; a filter on someone outside the team finds nothing.
    if (!coordinator.organisationId) return Promise.resolve({ items: [], nextCursor: null });
    return this.list({ column: 'organisation_id', value: coordinator.organisationId, counsellorId: page.counsellorId }, page);
  }

  private async list(scope: { column: 'counsellor_id' | 'organisation_id'; value: string; counsellorId?: string }, page: LogPage) {
    if (page.before && page.after) throw VerificationErrors.invalidCursor('after');
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const params: unknown[] = [scope.value];
    const where = [`v.${scope.column} = $1`];
    if (scope.counsellorId) {
      params.push(scope.counsellorId);
      where.push(`v.counsellor_id = $${params.length}`);
    }
    const cursorId = page.before ?? page.after;
    const newerFirst = !page.after;
    if (cursorId) {
      const [cursor] = await this.txHost.tx.query(`SELECT 1 FROM verification_check v WHERE v.id = $2 AND v.${scope.column} = $1`, [scope.value, cursorId]);
      if (!cursor) throw VerificationErrors.invalidCursor(page.before ? 'before' : 'after');
      params.push(cursorId);
      where.push(`(v.checked_at, v.id) ${newerFirst ? '<' : '>'} (SELECT checked_at, id FROM verification_check WHERE id = $${params.length})`);
    }
    params.push(limit + 1);
    const direction = newerFirst ? 'DESC' : 'ASC';
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT v.id, v.checked_at, v.result, v.counsellor_id, cu.display_name AS counsellor_name,
              v.verifier_organisation_id, vo.name AS verifier_organisation_name
         FROM verification_check v
         LEFT JOIN app_user cu ON cu.id = v.counsellor_id
         LEFT JOIN organisation vo ON vo.id = v.verifier_organisation_id
        WHERE ${where.join(' AND ')}
        ORDER BY v.checked_at ${direction}, v.id ${direction}
        LIMIT $${params.length}`,
      params,
    );
    const { items: pageRows, nextCursor } = toPage(rows, limit, (r) => r.id);
    if (!newerFirst) pageRows.reverse(); // always shown newest first
    return {
      items: pageRows.map((r) => ({
        id: r.id,
        checkedAt: r.checked_at,
        result: r.result,
        counsellor: r.counsellor_id ? { id: r.counsellor_id, displayName: r.counsellor_name ?? '' } : null,
        verifierOrganisation: r.verifier_organisation_id ? { id: r.verifier_organisation_id, name: r.verifier_organisation_name ?? '' } : null,
      })),
      nextCursor,
    };
  }
}
