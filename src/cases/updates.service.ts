import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { visibleUpdates } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { DEFAULT_PAGE, type Page, type PageQueryDto, toPage } from '../common/pagination.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import type { UpdateVisibility } from './case-vocabulary.js';
import { CaseUpdatePosted } from './cases.events.js';
import type { CaseUpdateResponse, PostUpdateDto } from './dto/update.dto.js';

interface UpdateRow {
  id: string;
  case_id: string;
  kind: string;
  body: string;
  visibility: UpdateVisibility;
  author_id: string | null;
  author_name: string | null;
  author_role: string | null;
  author_org: string | null;
  created_at: Date;
}

const SELECT_UPDATE = `
  SELECT n.id, n.case_id, n.kind, n.body, n.visibility, n.author_id, a.display_name AS author_name, a.role AS author_role,
         o.name AS author_org, n.created_at
    FROM case_update n
    LEFT JOIN app_user a ON a.id = n.author_id
    LEFT JOIN organisation o ON o.id = a.organisation_id`;

/** Shared updates: short news on the case, for everyone in it or for the professionals only. */
@Injectable()
export class UpdatesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly events: EventEmitter2,
  ) {}

  async listUpdates(user: AuthUser, caseId: string, query: PageQueryDto): Promise<Page<CaseUpdateResponse>> {
    const visibilities = visibleUpdates(await this.access.requireCase(user, Permission.CaseUpdateRead, caseId));
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows: UpdateRow[] = await this.txHost.tx.query(
      `${SELECT_UPDATE}
        WHERE n.case_id = $1 AND n.visibility = ANY($2::text[])
          AND ($3::uuid IS NULL OR (n.created_at, n.id) < (SELECT created_at, id FROM case_update WHERE id = $3::uuid AND case_id = $1))
        ORDER BY n.created_at DESC, n.id DESC LIMIT $4`,
      [caseId, visibilities, query.before ?? null, limit + 1],
    );
    const page = toPage(rows.map(toResponse), limit, (u) => u.id);
    await this.audit.record({ action: 'case.updates.read', subjectType: 'update', caseId, details: { count: page.items.length } }, READ_AUDIT);
    return page;
  }

  @Transactional()
  async postUpdate(user: AuthUser, caseId: string, dto: PostUpdateDto): Promise<CaseUpdateResponse> {
    await this.access.requireCase(user, Permission.CaseUpdatePost, caseId, { visibility: dto.visibility });
    return (await this.insertUpdate(caseId, user.id, 'note', dto.body, dto.visibility)).update;
  }

  /**
   * Inside the caller's transaction: the update, its audit event, and who may see it; the
   * `CaseUpdatePosted` notification goes out once the outermost transaction has committed.
   */
  async insertUpdate(caseId: string, authorId: string | null, kind: 'note' | 'handover', body: string, visibility: UpdateVisibility): Promise<{ update: CaseUpdateResponse; audience: string[] }> {
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO case_update (case_id, author_id, kind, body, visibility) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [caseId, authorId, kind, body, visibility],
    );
    await this.audit.record({ action: 'case.update.posted', subjectType: 'update', subjectId: row.id, caseId, details: { visibility, kind } });
    const [full]: UpdateRow[] = await this.txHost.tx.query(`${SELECT_UPDATE} WHERE n.id = $1`, [row.id]);
    const update = toResponse(full);
    const audience = await this.audienceOf(caseId, visibility);
    this.txHost.afterCommit(() => this.events.emit(CaseUpdatePosted.event, new CaseUpdatePosted(caseId, update, audience)));
    return { update, audience };
  }

  /** Every user who may read an update of this visibility: the same rule as the read policy, applied to everyone in the case. */
  audienceOf(caseId: string, visibility: UpdateVisibility): Promise<string[]> {
    return this.access.caseAudience(caseId, (access) => visibleUpdates(access).includes(visibility));
  }
}

function toResponse(row: UpdateRow): CaseUpdateResponse {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind,
    body: row.body,
    visibility: row.visibility,
    author: row.author_id ? { id: row.author_id, displayName: row.author_name ?? '', role: row.author_role ?? '', organisationName: row.author_org } : null,
    createdAt: row.created_at.toISOString(),
  };
}
