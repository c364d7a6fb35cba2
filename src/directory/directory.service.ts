import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DEFAULT_PAGE, type Page, toPage } from '../common/pagination.js';
import { returnedRows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import type { DirectoryTheme } from '../shared/directory-vocabulary.js';
import { DirectoryErrors } from './directory.errors.js';
import type {
  CreateDirectoryServiceDto, DirectoryLocationInput, DirectoryOrganizationInput, DirectoryQueryDto, DirectoryServiceResponse, UpdateDirectoryServiceDto,
} from './dto/directory-service.dto.js';

interface ServiceRow {
  id: string; name: string; description: string; themes: DirectoryTheme[]; region_codes: string[]; eligibility: string;
  referral_needed: boolean; how_to_apply: string; is_demo: boolean;
  org_id: string; org_name: string; org_url: string | null; org_email: string | null; org_phone: string | null;
  locations: { address: string; postalCode: string; city: string }[];
}

/** The item's columns, its organization, and its addressed locations in their order. `$hits` is replaced by the rows to show. */
const SELECT_ITEMS = `
  SELECT s.id, s.name, s.description, s.themes, s.region_codes, s.eligibility, s.referral_needed, s.how_to_apply, s.is_demo,
         o.id AS org_id, o.name AS org_name, o.url AS org_url, o.email AS org_email, o.phone AS org_phone,
         COALESCE((SELECT json_agg(json_build_object('address', l.address, 'postalCode', l.postal_code, 'city', l.city) ORDER BY sl.position, l.id)
                     FROM directory_service_at_location sl JOIN directory_location l ON l.id = sl.location_id
                    WHERE sl.service_id = s.id AND l.address IS NOT NULL), '[]'::json) AS locations
    FROM directory_service s JOIN directory_organization o ON o.id = s.organization_id`;

/**
 * The public search: region (or nationwide), theme, Dutch full-text search, keyset-paged. With
 * search text the best matches come first (`ts_rank`, then the name); without, by name. A text of
 * stop words only ("de het") sets no condition. Parameters: region, theme, q, after, limit.
 * With pg's unnamed statements PostgreSQL plans each search with its values, so the conditions of
 * absent parameters fold away and the GIN indexes serve the rest (see `bench:directory`).
 * Exported for `bench:directory`, whose baseline sends the very same statement with plain pg.
 */
export const SEARCH_SQL = `WITH tsq AS (SELECT CASE WHEN $3::text IS NULL OR numnode(websearch_to_tsquery('dutch', $3::text)) = 0 THEN NULL
                                  ELSE websearch_to_tsquery('dutch', $3::text) END AS q),
     hits AS (
       SELECT s.id, lower(s.name) AS sort_name, CASE WHEN tsq.q IS NULL THEN 0 ELSE -ts_rank(s.search, tsq.q) END AS neg_rank
         FROM directory_service s, tsq
        WHERE ($1::text IS NULL OR s.region_codes @> ARRAY[$1::text] OR s.region_codes = '{}')
          AND ($2::text IS NULL OR s.themes @> ARRAY[$2::text])
          AND (tsq.q IS NULL OR s.search @@ tsq.q)
          AND ($4::uuid IS NULL OR (CASE WHEN tsq.q IS NULL THEN 0 ELSE -ts_rank(s.search, tsq.q) END, lower(s.name), s.id) >
               (SELECT CASE WHEN tsq.q IS NULL THEN 0 ELSE -ts_rank(c.search, tsq.q) END, lower(c.name), c.id FROM directory_service c WHERE c.id = $4::uuid))
        ORDER BY neg_rank, sort_name, s.id LIMIT $5)
  ${SELECT_ITEMS} JOIN hits h ON h.id = s.id ORDER BY h.neg_rank, h.sort_name, h.id`;

/**
 * The help directory's services: the public search (PostgreSQL full-text search with the Dutch
 * configuration over a generated, GIN-indexed tsvector; never LIKE) and the coordinators' edits.
 * The search text goes to `websearch_to_tsquery`, which reads any input as words, "phrases", `or`
 * and `-not` and never fails on operators or markup.
 */
@Injectable()
export class DirectoryService {
  constructor(private readonly txHost: TransactionHost, private readonly audit: AuditService) {}

  async search(query: DirectoryQueryDto): Promise<Page<DirectoryServiceResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const q = query.q?.trim() ? query.q : null;
    const rows: ServiceRow[] = await this.txHost.tx.query(
      SEARCH_SQL,
      [query.region ?? null, query.theme ?? null, q, query.after ?? null, limit + 1],
    );
    return toPage(rows.map(toResponse), limit, (s) => s.id);
  }

  async get(id: string): Promise<DirectoryServiceResponse> {
    const [row]: ServiceRow[] = await this.txHost.tx.query(`${SELECT_ITEMS} WHERE s.id = $1`, [id]);
    if (!row) throw DirectoryErrors.serviceNotFound();
    return toResponse(row);
  }

  /** Several services at once (suggestions list them), by id; missing ids are simply absent. */
  async getMany(ids: string[]): Promise<Map<string, DirectoryServiceResponse>> {
    if (!ids.length) return new Map();
    const rows: ServiceRow[] = await this.txHost.tx.query(`${SELECT_ITEMS} WHERE s.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
    return new Map(rows.map((row) => [row.id, toResponse(row)]));
  }

  /** For suggestions: the service's name, or null when it is not in the directory. */
  async nameOf(id: string): Promise<string | null> {
    const [row]: { name: string }[] = await this.txHost.tx.query(`SELECT name FROM directory_service WHERE id = $1`, [id]);
    return row?.name ?? null;
  }

  @Transactional()
  async create(dto: CreateDirectoryServiceDto, options: { isDemo?: boolean } = {}): Promise<DirectoryServiceResponse> {
    const organizationId = await this.resolveOrganization(dto.organization, options.isDemo ?? false);
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO directory_service (organization_id, name, description, themes, region_codes, eligibility, referral_needed, how_to_apply, is_demo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [organizationId, dto.name.trim(), dto.description.trim(), dto.themes, dto.regionCodes, dto.eligibility.trim(), dto.referralNeeded, dto.howToApply.trim(), options.isDemo ?? false],
    );
    await this.replaceLocations(row.id, organizationId, dto.locations);
    await this.audit.record({ action: 'directory.service.created', subjectType: 'directory_service', subjectId: row.id });
    return this.get(row.id);
  }

  @Transactional()
  async update(id: string, dto: UpdateDirectoryServiceDto): Promise<DirectoryServiceResponse> {
    const [current]: { organization_id: string }[] = await this.txHost.tx.query(`SELECT organization_id FROM directory_service WHERE id = $1 FOR UPDATE`, [id]);
    if (!current) throw DirectoryErrors.serviceNotFound();
    const organizationId = dto.organization ? await this.resolveOrganization(dto.organization, false) : current.organization_id;
    await this.txHost.tx.query(
      `UPDATE directory_service SET organization_id = $2, name = COALESCE($3, name), description = COALESCE($4, description),
              themes = COALESCE($5, themes), region_codes = COALESCE($6, region_codes), eligibility = COALESCE($7, eligibility),
              referral_needed = COALESCE($8, referral_needed), how_to_apply = COALESCE($9, how_to_apply), updated_at = now()
        WHERE id = $1`,
      [id, organizationId, dto.name?.trim() ?? null, dto.description?.trim() ?? null, dto.themes ?? null, dto.regionCodes ?? null,
        dto.eligibility?.trim() ?? null, dto.referralNeeded ?? null, dto.howToApply?.trim() ?? null],
    );
    if (dto.locations) await this.replaceLocations(id, organizationId, dto.locations);
    if (organizationId !== current.organization_id) await this.dropOrganizationIfUnused(current.organization_id);
    await this.audit.record({ action: 'directory.service.updated', subjectType: 'directory_service', subjectId: id, details: { fields: Object.keys(dto) } });
    return this.get(id);
  }

  @Transactional()
  async remove(id: string): Promise<void> {
    const [row]: { organization_id: string }[] = await this.txHost.tx.query(`SELECT organization_id FROM directory_service WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw DirectoryErrors.serviceNotFound();
    await this.dropExclusiveLocations(id);
    await this.txHost.tx.query(`DELETE FROM directory_service WHERE id = $1`, [id]);
    await this.dropOrganizationIfUnused(row.organization_id);
    await this.audit.record({ action: 'directory.service.deleted', subjectType: 'directory_service', subjectId: id });
  }

  /** With an id: that organization, its details brought up to date (they are the organization's, shared by its services). Without: a new one. */
  private async resolveOrganization(input: DirectoryOrganizationInput, isDemo: boolean): Promise<string> {
    if (input.id) {
      const updated = returnedRows<{ id: string }>(await this.txHost.tx.query(
        `UPDATE directory_organization SET name = $2, url = $3, email = $4, phone = $5, updated_at = now() WHERE id = $1 RETURNING id`,
        [input.id, input.name.trim(), input.url ?? null, input.email ?? null, input.phone ?? null],
      ));
      if (updated.length === 0) throw DirectoryErrors.unknownOrganization();
      return input.id;
    }
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO directory_organization (name, url, email, phone, is_demo) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.name.trim(), input.url ?? null, input.email ?? null, input.phone ?? null, isDemo],
    );
    return row.id;
  }

  private async replaceLocations(serviceId: string, organizationId: string, locations: DirectoryLocationInput[]): Promise<void> {
    await this.dropExclusiveLocations(serviceId);
    await this.txHost.tx.query(`DELETE FROM directory_service_at_location WHERE service_id = $1`, [serviceId]);
    // At most 20 (the DTO's limit): one insert each keeps their order plainly.
    for (const [position, l] of locations.entries()) {
      const [location]: { id: string }[] = await this.txHost.tx.query(
        `INSERT INTO directory_location (organization_id, location_type, address, postal_code, city) VALUES ($1, 'physical', $2, $3, $4) RETURNING id`,
        [organizationId, l.address.trim(), normalisePostalCode(l.postalCode), l.city.trim()],
      );
      await this.txHost.tx.query(
        `INSERT INTO directory_service_at_location (service_id, location_id, position) VALUES ($1, $2, $3)`, [serviceId, location.id, position],
      );
    }
  }

  /** The locations only this service uses go with it; shared ones stay for the others. */
  private async dropExclusiveLocations(serviceId: string): Promise<void> {
    await this.txHost.tx.query(
      `DELETE FROM directory_location l USING directory_service_at_location sl
        WHERE sl.service_id = $1 AND l.id = sl.location_id
          AND NOT EXISTS (SELECT 1 FROM directory_service_at_location o WHERE o.location_id = l.id AND o.service_id <> $1)`,
      [serviceId],
    );
  }

  private async dropOrganizationIfUnused(organizationId: string): Promise<void> {
    await this.txHost.tx.query(
      // Only when nothing points at it any more: a location of it that another service uses keeps it.
      `DELETE FROM directory_organization o WHERE o.id = $1 AND NOT EXISTS (SELECT 1 FROM directory_service s WHERE s.organization_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM directory_location l WHERE l.organization_id = o.id)`,
      [organizationId],
    );
  }
}

function normalisePostalCode(code: string): string {
  const compact = code.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, 4)} ${compact.slice(4)}`;
}

function toResponse(row: ServiceRow): DirectoryServiceResponse {
  return {
    id: row.id, name: row.name, description: row.description, themes: row.themes, regionCodes: row.region_codes,
    eligibility: row.eligibility, referralNeeded: row.referral_needed, howToApply: row.how_to_apply,
    organization: { id: row.org_id, name: row.org_name, url: row.org_url, email: row.org_email, phone: row.org_phone },
    locations: row.locations, isDemo: row.is_demo,
  };
}
