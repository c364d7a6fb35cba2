import { Injectable } from '@nestjs/common';
import { type CaseAccess, seesCaseDetails, seesScope, sideOf } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { DEFAULT_PAGE, type Page, toPage } from '../common/pagination.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { canTransition, CASE_STATUS_TRANSITIONS } from './case-status.js';
import {
  CASE_STATUSES, DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, SUPPORT_REQUESTS,
  type CaseRole, type CaseStatus, type DesiredSituation, type HouseholdComposition, type PlacementReason, type SupportRequest,
} from './case-vocabulary.js';
import { CaseErrors } from './cases.errors.js';
import type { CaseListQueryDto, CaseResponse, CaseSummaryResponse, StatusChangeResponse, UpdateCaseDto } from './dto/case.dto.js';
import { ParticipantsService } from './participants.service.js';
import { isRegionCode } from './regions.js';

/** What another module (intake) passes to open a case; validated here as strictly as over HTTP. */
export interface CreateCaseInput {
  title: string;
  regionCodes?: string[];
  leadCounsellorId?: string | null;
  status?: CaseStatus;
  householdComposition?: HouseholdComposition;
  registrantHasCustody?: boolean | null;
  placementReasons?: PlacementReason[];
  desiredSituation?: DesiredSituation[];
  supportRequests?: SupportRequest[];
  /** More participants to add at once (e.g. the registering parent). */
  participants?: { userId: string; role: CaseRole }[];
}

export interface CreatedCase {
  id: string;
  reference: string;
  status: CaseStatus;
}

interface CaseRow {
  id: string;
  reference: string;
  title: string;
  status: CaseStatus;
  team_id: string;
  lead_counsellor_id: string | null;
  lead_name: string | null;
  my_role: CaseRole | null;
  region_codes: string[];
  household_composition: HouseholdComposition;
  registrant_has_custody: boolean | null;
  placement_reasons: PlacementReason[];
  desired_situation: DesiredSituation[];
  support_requests: SupportRequest[];
  created_at: Date;
  updated_at: Date;
}

function assertSubset(field: string, values: readonly string[] | undefined, allowed: readonly string[]): void {
  if (values === undefined) return;
  if (!Array.isArray(values) || values.some((v) => !allowed.includes(v))) throw CaseErrors.invalidVocabulary(field, allowed);
}

@Injectable()
export class CasesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly participants: ParticipantsService,
  ) {}

  /**
   * Opens a case for the caller's support team, in the caller's transaction (or a new one):
   * a reference `EV-<year>-<seq>` from the per-year counter, the creator (a counsellor) and the
   * lead counsellor as participants, the first status in the history, and the audit event.
   */
  @Transactional()
  async createCase(actor: AuthUser, input: CreateCaseInput, options: { startedAt?: Date } = {}): Promise<CreatedCase> {
    if (actor.role !== 'coordinator' && actor.role !== 'counsellor') throw CaseErrors.notTeamMember();
    const teamId = actor.organisationId;
    if (!teamId || !(await this.isSupportTeam(teamId))) throw CaseErrors.notTeamMember();
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (title.length < 1 || title.length > 200) throw CaseErrors.invalidTitle();
    this.assertFields(input);
    const status = input.status ?? 'intake';
    if (!CASE_STATUSES.includes(status)) throw CaseErrors.invalidVocabulary('status', CASE_STATUSES);
    const leadCounsellorId = input.leadCounsellorId ?? (actor.role === 'counsellor' ? actor.id : null);
    if (leadCounsellorId && !(await this.isTeamCounsellor(teamId, leadCounsellorId))) throw CaseErrors.leadNotTeamCounsellor();

    const year = new Date().getUTCFullYear();
    const [counter]: { last_value: number }[] = await this.txHost.tx.query(
      `INSERT INTO case_reference_counter (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = case_reference_counter.last_value + 1
       RETURNING last_value`,
      [year],
    );
    const reference = `EV-${year}-${String(counter.last_value).padStart(4, '0')}`;
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO case_file (reference, title, team_id, status, lead_counsellor_id, region_codes, household_composition,
                              registrant_has_custody, placement_reasons, desired_situation, support_requests, created_by_id, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, COALESCE($13, now())) RETURNING id`,
      [reference, title, teamId, status, leadCounsellorId, input.regionCodes ?? [], input.householdComposition ?? 'unknown',
        input.registrantHasCustody ?? null, input.placementReasons ?? [], input.desiredSituation ?? [], input.supportRequests ?? [], actor.id,
        options.startedAt ?? null],
    );
    await this.txHost.tx.query(
      `INSERT INTO case_status_history (case_id, from_status, to_status, changed_by_id) VALUES ($1, NULL, $2, $3)`,
      [row.id, status, actor.id],
    );
    await this.audit.record({ action: 'case.created', subjectType: 'case', subjectId: row.id, caseId: row.id, details: { reference, status } });

    const counsellors = new Set<string>();
    if (actor.role === 'counsellor') counsellors.add(actor.id);
    if (leadCounsellorId) counsellors.add(leadCounsellorId);
    for (const userId of counsellors) await this.participants.insertParticipant(row.id, userId, 'counsellor', actor.id);
    for (const participant of input.participants ?? []) {
      if (counsellors.has(participant.userId)) continue;
      await this.participants.addParticipant(actor, row.id, participant);
    }
    return { id: row.id, reference, status };
  }

  /** The cases the caller takes part in; a coordinator sees all of their team's. Newest first. */
  async listCases(user: AuthUser, query: CaseListQueryDto): Promise<Page<CaseSummaryResponse>> {
    if (user.role === 'admin') return { items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_PAGE;
    const params: unknown[] = [user.id, limit + 1, query.status ?? null, query.before ?? null];
    const teamView = user.role === 'coordinator' && user.organisationId;
    if (teamView) params.push(user.organisationId);
    // The cursor must be a case the caller sees: a foreign id must not reveal where it sorts.
    const cursor = `($4::uuid IS NULL OR (c.created_at, c.id) < (
      SELECT cf.created_at, cf.id FROM case_file cf WHERE cf.id = $4::uuid
         AND ${teamView ? 'cf.team_id = $5' : 'EXISTS (SELECT 1 FROM case_participant x WHERE x.case_id = cf.id AND x.user_id = $1)'}))`;
    const rows: CaseRow[] = await this.txHost.tx.query(
      teamView
        ? `SELECT c.id, c.reference, c.title, c.status, c.team_id, c.lead_counsellor_id, lc.display_name AS lead_name,
                  p.role AS my_role, c.created_at, c.updated_at
             FROM case_file c
             LEFT JOIN case_participant p ON p.case_id = c.id AND p.user_id = $1
             LEFT JOIN app_user lc ON lc.id = c.lead_counsellor_id
            WHERE c.team_id = $5 AND ($3::text IS NULL OR c.status = $3) AND ${cursor}
            ORDER BY c.created_at DESC, c.id DESC LIMIT $2`
        : `SELECT c.id, c.reference, c.title, c.status, c.team_id, c.lead_counsellor_id, lc.display_name AS lead_name,
                  p.role AS my_role, c.created_at, c.updated_at
             FROM case_participant p
             JOIN case_file c ON c.id = p.case_id
             LEFT JOIN app_user lc ON lc.id = c.lead_counsellor_id
            WHERE p.user_id = $1 AND ($3::text IS NULL OR c.status = $3) AND ${cursor}
            ORDER BY c.created_at DESC, c.id DESC LIMIT $2`,
      params,
    );
    const page = toPage(rows.map((r) => this.summary(r)), limit, (c) => c.id);
    await this.audit.record({ action: 'case.listed', subjectType: 'case', details: { count: page.items.length } }, READ_AUDIT);
    return page;
  }

  async getCase(user: AuthUser, caseId: string): Promise<CaseResponse> {
    const access = await this.access.requireCase(user, Permission.CaseRead, caseId);
    const response = await this.describe(access);
    await this.audit.record({ action: 'case.read', subjectType: 'case', subjectId: caseId, caseId }, READ_AUDIT);
    return response;
  }

  /** Changes the structured fields and the status (only along the allowed transitions), with history. */
  @Transactional()
  async updateCase(user: AuthUser, caseId: string, dto: UpdateCaseDto): Promise<CaseResponse> {
    const access = await this.access.requireCase(user, Permission.CaseUpdate, caseId);
    this.assertFields(dto);
    const [current]: { status: CaseStatus }[] = await this.txHost.tx.query(`SELECT status FROM case_file WHERE id = $1 FOR UPDATE`, [caseId]);
    const sets: string[] = [];
    const values: unknown[] = [];
    const changed: string[] = [];
    const set = (column: string, field: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length + 1}`);
      changed.push(field);
    };
    if (dto.title !== undefined) {
      if (dto.title.trim().length === 0) throw CaseErrors.invalidTitle();
      set('title', 'title', dto.title.trim());
    }
    if (dto.regionCodes !== undefined) set('region_codes', 'regionCodes', dto.regionCodes);
    if (dto.householdComposition !== undefined) set('household_composition', 'householdComposition', dto.householdComposition);
    if (dto.registrantHasCustody !== undefined) set('registrant_has_custody', 'registrantHasCustody', dto.registrantHasCustody);
    if (dto.placementReasons !== undefined) set('placement_reasons', 'placementReasons', dto.placementReasons);
    if (dto.desiredSituation !== undefined) set('desired_situation', 'desiredSituation', dto.desiredSituation);
    if (dto.supportRequests !== undefined) set('support_requests', 'supportRequests', dto.supportRequests);
    const statusChange = dto.status !== undefined && dto.status !== current.status;
    if (statusChange) {
      if (!canTransition(current.status, dto.status!)) {
        throw CaseErrors.transitionNotAllowed(current.status, dto.status!, CASE_STATUS_TRANSITIONS[current.status]);
      }
      set('status', 'status', dto.status);
    }
    if (sets.length > 0) {
      await this.txHost.tx.query(`UPDATE case_file SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [caseId, ...values]);
      await this.audit.record({ action: 'case.updated', subjectType: 'case', subjectId: caseId, caseId, details: { fields: changed } });
    }
    if (statusChange) {
      await this.txHost.tx.query(
        `INSERT INTO case_status_history (case_id, from_status, to_status, changed_by_id) VALUES ($1, $2, $3, $4)`,
        [caseId, current.status, dto.status, user.id],
      );
      await this.audit.record({ action: 'case.status_changed', subjectType: 'case', subjectId: caseId, caseId, details: { from: current.status, to: dto.status } });
    }
    return this.describe({ ...access, status: dto.status ?? access.status });
  }

  async statusHistory(user: AuthUser, caseId: string): Promise<StatusChangeResponse[]> {
    await this.access.requireCase(user, Permission.CaseResultRead, caseId);
    const rows: { from_status: CaseStatus | null; to_status: CaseStatus; changed_by_id: string | null; display_name: string | null; changed_at: Date }[] =
      await this.txHost.tx.query(
        `SELECT h.from_status, h.to_status, h.changed_by_id, u.display_name, h.changed_at
           FROM case_status_history h LEFT JOIN app_user u ON u.id = h.changed_by_id
          WHERE h.case_id = $1 ORDER BY h.changed_at DESC`,
        [caseId],
      );
    await this.audit.record({ action: 'case.status_history.read', subjectType: 'case', subjectId: caseId, caseId }, READ_AUDIT);
    return rows.map((r) => ({
      from: r.from_status,
      to: r.to_status,
      changedBy: r.changed_by_id ? { id: r.changed_by_id, displayName: r.display_name ?? '' } : null,
      changedAt: r.changed_at.toISOString(),
    }));
  }

  private async describe(access: CaseAccess): Promise<CaseResponse> {
    const [row]: CaseRow[] = await this.txHost.tx.query(
      `SELECT c.*, lc.display_name AS lead_name, NULL AS my_role
         FROM case_file c LEFT JOIN app_user lc ON lc.id = c.lead_counsellor_id
        WHERE c.id = $1`,
      [access.caseId],
    );
    const response: CaseResponse = {
      ...this.summary({ ...row, my_role: access.participantRole }),
      access: {
        side: sideOf(access),
        story: seesScope(access, 'story'),
        updates: seesScope(access, 'updates'),
        children: seesScope(access, 'children'),
      },
    };
    if (seesCaseDetails(access)) {
      Object.assign(response, {
        regionCodes: row.region_codes,
        householdComposition: row.household_composition,
        registrantHasCustody: row.registrant_has_custody,
        placementReasons: row.placement_reasons,
        desiredSituation: row.desired_situation,
        supportRequests: row.support_requests,
      });
    }
    return response;
  }

  private summary(row: Pick<CaseRow, 'id' | 'reference' | 'title' | 'status' | 'team_id' | 'lead_counsellor_id' | 'lead_name' | 'my_role' | 'created_at' | 'updated_at'>): CaseSummaryResponse {
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      status: row.status,
      teamId: row.team_id,
      leadCounsellor: row.lead_counsellor_id ? { id: row.lead_counsellor_id, displayName: row.lead_name ?? '' } : null,
      myRole: row.my_role,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** The vocabularies, checked again for programmatic callers that bypass the HTTP DTOs. */
  private assertFields(input: Partial<CreateCaseInput>): void {
    if (input.regionCodes !== undefined && (!Array.isArray(input.regionCodes) || !input.regionCodes.every(isRegionCode))) {
      throw CaseErrors.invalidRegion('regionCodes');
    }
    if (input.householdComposition !== undefined && !HOUSEHOLD_COMPOSITIONS.includes(input.householdComposition)) {
      throw CaseErrors.invalidVocabulary('householdComposition', HOUSEHOLD_COMPOSITIONS);
    }
    if (input.registrantHasCustody !== undefined && input.registrantHasCustody !== null && typeof input.registrantHasCustody !== 'boolean') {
      throw CaseErrors.invalidVocabulary('registrantHasCustody', ['true', 'false', 'null']);
    }
    assertSubset('placementReasons', input.placementReasons, PLACEMENT_REASONS);
    assertSubset('desiredSituation', input.desiredSituation, DESIRED_SITUATIONS);
    assertSubset('supportRequests', input.supportRequests, SUPPORT_REQUESTS);
  }

  private async isSupportTeam(organisationId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(`SELECT 1 FROM organisation WHERE id = $1 AND kind = 'support_team'`, [organisationId]);
    return rows.length > 0;
  }

  async isTeamCounsellor(teamId: string, userId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `SELECT 1 FROM app_user WHERE id = $1 AND role = 'counsellor' AND organisation_id = $2 AND disabled_at IS NULL`,
      [userId, teamId],
    );
    return rows.length > 0;
  }
}
