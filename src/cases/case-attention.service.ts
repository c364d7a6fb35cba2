import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionHost } from '../database/transaction-host.js';

export interface CaseLabel {
  caseId: string;
  reference: string;
  title: string;
}

/** The latest story version of a case, not yet confirmed by a parent. */
export interface StoryAwaiting extends CaseLabel {
  version: number;
  savedAt: string;
  savedBy: { id: string; displayName: string };
}

/**
 * What of the case file waits for the caller, for the start page: the caller's own cases only, as
 * counts, references and titles — never a case's content, so nothing here is a read of one case
 * (and nothing lands in a parent's access log). Each answer is one statement.
 */
@Injectable()
export class CaseAttentionService {
  constructor(private readonly txHost: TransactionHost) {}

  /**
   * Cases whose latest story version no parent has confirmed: for a parent (`side: 'parent'`), to
   * read and confirm; for the counsellors and coordinators taking part (`team`), a draft the
   * partners cannot read yet. Closed cases are left out.
   */
  async storiesAwaitingConfirmation(userId: string, side: 'parent' | 'team', limit: number): Promise<{ items: StoryAwaiting[]; total: number }> {
    const rows: {
      case_id: string; reference: string; title: string; version: number; created_at: Date;
      written_by_id: string; written_by_name: string; total: number;
    }[] = await this.txHost.tx.query(
      `SELECT c.id AS case_id, c.reference, c.title, v.version, v.created_at, v.written_by_id,
              w.display_name AS written_by_name, count(*) OVER ()::int AS total
         FROM case_participant p
         JOIN case_file c ON c.id = p.case_id
         CROSS JOIN LATERAL (
           SELECT s.version, s.created_at, s.written_by_id, s.confirmed_by_parent_at FROM case_story_version s
            WHERE s.case_id = c.id ORDER BY s.version DESC LIMIT 1) v
         JOIN app_user w ON w.id = v.written_by_id
        WHERE p.user_id = $1 AND p.role = ANY($2::text[])
          AND v.confirmed_by_parent_at IS NULL AND c.status <> 'closed'
        ORDER BY v.created_at DESC, c.id
        LIMIT $3`,
      [userId, side === 'parent' ? ['parent'] : ['counsellor', 'coordinator'], limit],
    );
    return {
      items: rows.map((r) => ({
        caseId: r.case_id, reference: r.reference, title: r.title,
        version: r.version, savedAt: r.created_at.toISOString(),
        savedBy: { id: r.written_by_id, displayName: r.written_by_name },
      })),
      total: rows[0]?.total ?? 0,
    };
  }

  /** Reference and title of those of `caseIds` the user takes part in (others are left out). */
  async labels(userId: string, caseIds: string[]): Promise<Map<string, CaseLabel>> {
    if (caseIds.length === 0) return new Map();
    const rows: { id: string; reference: string; title: string }[] = await this.txHost.tx.query(
      `SELECT c.id, c.reference, c.title FROM case_file c
        WHERE c.id = ANY($1::uuid[]) AND EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = c.id AND p.user_id = $2)`,
      [[...new Set(caseIds)], userId],
    );
    return new Map(rows.map((r) => [r.id, { caseId: r.id, reference: r.reference, title: r.title }]));
  }
}
