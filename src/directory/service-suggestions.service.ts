import { Injectable } from '@nestjs/common';
import { decideServiceSuggestion, type ServiceSuggestionPermission } from '../access/directory.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import { CasesService } from '../cases/cases.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { DEFAULT_PAGE, type Page, type PageQueryDto, toPage } from '../common/pagination.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { DirectoryErrors } from './directory.errors.js';
import { DirectoryService } from './directory.service.js';
import type { ServiceSuggestionResponse, SuggestServiceDto } from './dto/service-suggestion.dto.js';

interface SuggestionRow {
  id: string; case_id: string; service_id: string | null; service_name: string; note: string | null;
  author_id: string | null; author_name: string | null; created_at: Date;
}

/** A suggestion's columns with its author's name; the caller adds WHERE, ORDER BY and LIMIT. */
const SELECT_SUGGESTIONS = `
  SELECT g.id, g.case_id, g.service_id, g.service_name, g.note, g.suggested_by_id AS author_id, a.display_name AS author_name, g.created_at
    FROM directory_service_suggestion g LEFT JOIN app_user a ON a.id = g.suggested_by_id`;

/**
 * From a case, the team suggests help from the directory to the parents; the parents see it on
 * their start page. Both the suggestion and every reading of the list are in the case's access log.
 */
@Injectable()
export class ServiceSuggestionsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly cases: CasesService,
  ) {}

  private async requireCase(user: AuthUser, permission: ServiceSuggestionPermission, caseId: string): Promise<void> {
    const access = await this.access.requireCase(user, Permission.CaseRead, caseId);
    const refusal = decideServiceSuggestion(permission, access);
    if (refusal) throw refusal;
  }

  @Transactional()
  async suggest(user: AuthUser, caseId: string, dto: SuggestServiceDto): Promise<ServiceSuggestionResponse> {
    await this.requireCase(user, Permission.ServiceSuggestionCreate, caseId);
    const serviceName = await this.directory.nameOf(dto.serviceId);
    if (serviceName === null) throw DirectoryErrors.unknownService();
    const note = dto.note?.trim() ? dto.note.trim() : null;
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO directory_service_suggestion (case_id, service_id, service_name, note, suggested_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [caseId, dto.serviceId, serviceName, note, user.id],
    );
    await this.audit.record({ action: 'case.service.suggested', subjectType: 'directory_service', subjectId: dto.serviceId, caseId, details: { suggestionId: row.id } });
    const [full] = await this.toResponses(await this.rows(caseId, { id: row.id, limit: 1 }));
    return full;
  }

  async list(user: AuthUser, caseId: string, query: PageQueryDto): Promise<Page<ServiceSuggestionResponse>> {
    await this.requireCase(user, Permission.ServiceSuggestionRead, caseId);
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.rows(caseId, { before: query.before ?? null, limit: limit + 1 });
    const page = toPage(await this.toResponses(rows), limit, (s) => s.id);
    await this.audit.record({ action: 'case.service_suggestions.read', subjectType: 'directory_service', caseId, details: { count: page.items.length } }, READ_AUDIT);
    return page;
  }

  /**
   * The parent's start page: what was suggested in the cases where the caller is a parent, newest
   * first (at most 50). Like the rest of the start page it writes nothing into a case's access log
   * (the suggestion itself is there); it is audited as the caller's own read.
   */
  async forParent(user: AuthUser): Promise<Page<ServiceSuggestionResponse>> {
    const mine = (await this.cases.listCases(user, { limit: 200 })).items.filter((c) => c.myRole === 'parent').map((c) => c.id);
    const allowed = mine.length
      ? (await this.access.checkCases(user, Permission.CaseRead, mine)).filter((a) => decideServiceSuggestion(Permission.ServiceSuggestionRead, a) === null).map((a) => a.caseId)
      : [];
    if (!allowed.length) return { items: [], nextCursor: null };
    const rows: SuggestionRow[] = await this.txHost.tx.query(
      `${SELECT_SUGGESTIONS}
        WHERE g.case_id = ANY($1::uuid[]) ORDER BY g.created_at DESC, g.id DESC LIMIT 50`,
      [allowed],
    );
    const items = await this.toResponses(rows);
    await this.audit.record({ action: 'directory.suggestions.own_read', subjectType: 'directory_service', details: { count: items.length } }, READ_AUDIT);
    return { items, nextCursor: null };
  }

  private async rows(caseId: string, options: { id?: string; before?: string | null; limit: number }): Promise<SuggestionRow[]> {
    return this.txHost.tx.query(
      `${SELECT_SUGGESTIONS}
        WHERE g.case_id = $1 AND ($2::uuid IS NULL OR g.id = $2::uuid)
          AND ($3::uuid IS NULL OR (g.created_at, g.id) < (SELECT created_at, id FROM directory_service_suggestion WHERE id = $3::uuid AND case_id = $1))
        ORDER BY g.created_at DESC, g.id DESC LIMIT $4`,
      [caseId, options.id ?? null, options.before ?? null, options.limit],
    );
  }

  /** The suggestions with their services as the directory shows them now, in one query. */
  private async toResponses(rows: SuggestionRow[]): Promise<ServiceSuggestionResponse[]> {
    const services = await this.directory.getMany(rows.flatMap((r) => (r.service_id ? [r.service_id] : [])));
    return rows.map((row) => ({
      id: row.id, caseId: row.case_id, serviceName: row.service_name, service: (row.service_id && services.get(row.service_id)) || null, note: row.note,
      suggestedBy: row.author_id ? { id: row.author_id, displayName: row.author_name ?? '' } : null,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
