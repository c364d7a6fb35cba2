import { Injectable } from '@nestjs/common';
import { type CaseAccess, sideOf } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CommonErrors } from '../common/domain-error.js';
import { DEFAULT_PAGE, type Page } from '../common/pagination.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { CaseErrors } from './cases.errors.js';
import type { StoryResponse, StorySectionDto } from './dto/story.dto.js';

interface VersionRow {
  version: number;
  sections: StorySectionDto[];
  created_at: Date;
  written_by_id: string;
  written_by_name: string;
  written_by_role: string;
  written_with_parent: boolean;
  confirmed_by_parent_at: Date | null;
  confirmed_by_id: string | null;
  confirmed_by_name: string | null;
}

const SELECT_VERSION = `
  SELECT v.version, v.sections, v.created_at, v.written_by_id, w.display_name AS written_by_name, w.role AS written_by_role,
         v.written_with_parent, v.confirmed_by_parent_at, v.confirmed_by_id, cb.display_name AS confirmed_by_name
    FROM case_story_version v
    JOIN app_user w ON w.id = v.written_by_id
    LEFT JOIN app_user cb ON cb.id = v.confirmed_by_id`;

/**
 * The parent's story, told once. Every save is a new version; nothing is overwritten. A parent
 * confirms a version as theirs; a later save needs a new confirmation.
 */
@Injectable()
export class StoryService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  /**
   * The latest version: for the team and the parents the latest draft too; for a partner (who reads
   * by the parents' consent) only the latest version a parent confirmed as theirs.
   */
  async getStory(user: AuthUser, caseId: string): Promise<StoryResponse> {
    const access = await this.access.requireCase(user, Permission.CaseStoryRead, caseId);
    const [row]: VersionRow[] = await this.txHost.tx.query(
      `${SELECT_VERSION} WHERE v.case_id = $1 ${confirmedOnly(access)} ORDER BY v.version DESC LIMIT 1`, [caseId]);
    await this.audit.record({ action: 'case.story.read', subjectType: 'story', subjectId: caseId, caseId, details: { version: row?.version ?? 0 } }, READ_AUDIT);
    return row ? toResponse(row) : emptyStory();
  }

  /** Every version, newest first; a partner sees the confirmed ones only. */
  async listVersions(user: AuthUser, caseId: string, limit = DEFAULT_PAGE, before?: number): Promise<Page<StoryResponse>> {
    const access = await this.access.requireCase(user, Permission.CaseStoryRead, caseId);
    const rows: VersionRow[] = await this.txHost.tx.query(
      `${SELECT_VERSION} WHERE v.case_id = $1 AND ($2::int IS NULL OR v.version < $2) ${confirmedOnly(access)} ORDER BY v.version DESC LIMIT $3`,
      [caseId, before ?? null, limit + 1],
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toResponse);
    await this.audit.record({ action: 'case.story.versions.read', subjectType: 'story', subjectId: caseId, caseId, details: { count: items.length } }, READ_AUDIT);
    return { items, nextCursor: more ? String(items[items.length - 1].version) : null };
  }

  @Transactional()
  async saveStory(user: AuthUser, caseId: string, sections: StorySectionDto[]): Promise<StoryResponse> {
    const access = await this.access.requireCase(user, Permission.CaseStoryWrite, caseId);
    const keys = sections.map((s) => s.key);
    if (new Set(keys).size !== keys.length) {
      throw CommonErrors.invalidField('sections', { nl: 'elke sectie heeft een eigen key.', en: 'every section needs its own key.' }, 'duplicate_section_key');
    }
    // One save at a time per case, so versions are gap-free and never collide.
    await this.txHost.tx.query(`SELECT 1 FROM case_file WHERE id = $1 FOR UPDATE`, [caseId]);
    const clean = sections.map(({ key, title, text }) => ({ key, title: title.trim(), text }));
    const [saved]: { version: number }[] = await this.txHost.tx.query(
      `INSERT INTO case_story_version (case_id, version, sections, written_by_id, written_with_parent)
       SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, $4 FROM case_story_version WHERE case_id = $1
       RETURNING version`,
      [caseId, JSON.stringify(clean), user.id, sideOf(access) !== 'parent'],
    );
    await this.audit.record({ action: 'case.story.saved', subjectType: 'story', subjectId: caseId, caseId, details: { version: saved.version, sections: clean.length } });
    const [row]: VersionRow[] = await this.txHost.tx.query(`${SELECT_VERSION} WHERE v.case_id = $1 AND v.version = $2`, [caseId, saved.version]);
    return toResponse(row);
  }

  @Transactional()
  async confirmStory(user: AuthUser, caseId: string, version?: number): Promise<StoryResponse> {
    await this.access.requireCase(user, Permission.CaseStoryConfirm, caseId);
    const [latest]: { version: number }[] = await this.txHost.tx.query(
      `SELECT version FROM case_story_version WHERE case_id = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE`,
      [caseId],
    );
    if (!latest) throw CaseErrors.noStory();
    if (version !== undefined && version !== latest.version) throw CaseErrors.storyVersionStale(latest.version);
    await this.txHost.tx.query(
      `UPDATE case_story_version SET confirmed_by_parent_at = now(), confirmed_by_id = $3 WHERE case_id = $1 AND version = $2`,
      [caseId, latest.version, user.id],
    );
    await this.audit.record({ action: 'case.story.confirmed', subjectType: 'story', subjectId: caseId, caseId, details: { version: latest.version } });
    const [row]: VersionRow[] = await this.txHost.tx.query(`${SELECT_VERSION} WHERE v.case_id = $1 AND v.version = $2`, [caseId, latest.version]);
    return toResponse(row);
  }
}

/** A partner never reads a draft the parents have not confirmed as their story. */
function confirmedOnly(access: CaseAccess): string {
  return sideOf(access) === 'partner' ? 'AND v.confirmed_by_parent_at IS NOT NULL' : '';
}

function emptyStory(): StoryResponse {
  return { version: 0, sections: [], updatedAt: null, updatedBy: null, writtenWithParent: false, confirmedByParentAt: null, confirmedBy: null };
}

function toResponse(row: VersionRow): StoryResponse {
  return {
    version: row.version,
    sections: row.sections,
    updatedAt: row.created_at.toISOString(),
    updatedBy: { id: row.written_by_id, displayName: row.written_by_name, role: row.written_by_role },
    writtenWithParent: row.written_with_parent,
    confirmedByParentAt: row.confirmed_by_parent_at?.toISOString() ?? null,
    confirmedBy: row.confirmed_by_id ? { id: row.confirmed_by_id, displayName: row.confirmed_by_name ?? '' } : null,
  };
}
