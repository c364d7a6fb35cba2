import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CommonErrors } from '../common/domain-error.js';
import { returnedRows } from '../database/returned-rows.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { todayInNetherlands } from '../shared/dates.js';
import type { Placement, ProtectionMeasure, ResultKind } from './case-vocabulary.js';
import { CaseErrors } from './cases.errors.js';
import { ChildAccountsService } from './child-accounts.service.js';
import type { ChildResponse, CreateChildDto, CreateResultDto, ResultResponse, UpdateChildDto } from './dto/child.dto.js';

/** The oldest a "child" in youth care can be (the Jeugdwet reaches to 18, extended care to 23 and beyond). */
export const MAX_CHILD_AGE = 27;

interface ChildRow {
  id: string;
  case_id: string;
  first_name: string | null;
  birth_year: number;
  placement: Placement;
  protection_measure: ProtectionMeasure;
  placed_since: string | null;
  user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_CHILD = `SELECT id, case_id, first_name, birth_year, placement, protection_measure, placed_since::text AS placed_since, user_id, created_at, updated_at FROM case_child`;

/** The children of the case, and the results (small steps that count). */
@Injectable()
export class ChildrenService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly childAccounts: ChildAccountsService,
  ) {}

  async listChildren(user: AuthUser, caseId: string): Promise<ChildResponse[]> {
    await this.access.requireCase(user, Permission.CaseChildRead, caseId);
    const rows: ChildRow[] = await this.txHost.tx.query(`${SELECT_CHILD} WHERE case_id = $1 ORDER BY birth_year, created_at`, [caseId]);
    await this.audit.record({ action: 'case.children.read', subjectType: 'child', caseId, details: { count: rows.length } }, READ_AUDIT);
    return rows.map(childResponse);
  }

  async getChild(user: AuthUser, caseId: string, childId: string): Promise<ChildResponse> {
    await this.access.requireCase(user, Permission.CaseChildRead, caseId);
    const [row]: ChildRow[] = await this.txHost.tx.query(`${SELECT_CHILD} WHERE case_id = $1 AND id = $2`, [caseId, childId]);
    if (!row) throw CommonErrors.notFound('child');
    await this.audit.record({ action: 'case.child.read', subjectType: 'child', subjectId: childId, caseId }, READ_AUDIT);
    return childResponse(row);
  }

  @Transactional()
  async addChild(user: AuthUser, caseId: string, dto: CreateChildDto): Promise<ChildResponse> {
    await this.access.requireCase(user, Permission.CaseChildWrite, caseId);
    assertChild(dto.birthYear, dto.placedSince ?? null);
    const [row]: ChildRow[] = await this.txHost.tx.query(
      `INSERT INTO case_child (case_id, first_name, birth_year, placement, protection_measure, placed_since, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, case_id, first_name, birth_year, placement, protection_measure, placed_since::text AS placed_since, user_id, created_at, updated_at`,
      [caseId, dto.firstName?.trim() || null, dto.birthYear, dto.placement, dto.protectionMeasure, dto.placedSince ?? null, user.id],
    );
    await this.audit.record({ action: 'case.child.added', subjectType: 'child', subjectId: row.id, caseId, details: { placement: dto.placement, protectionMeasure: dto.protectionMeasure } });
    return childResponse(row);
  }

  @Transactional()
  async updateChild(user: AuthUser, caseId: string, childId: string, dto: UpdateChildDto): Promise<ChildResponse> {
    await this.access.requireCase(user, Permission.CaseChildWrite, caseId);
    // Issue 20: `userId` links the record to the child's own account (the team only).
    if (dto.userId !== undefined) await this.childAccounts.linkByTeam(user, caseId, childId, dto.userId);
    const { userId: _link, ...fields } = dto;
    if (_link !== undefined && Object.keys(fields).length === 0) return this.childAfterLink(caseId, childId);
    const [current]: ChildRow[] = await this.txHost.tx.query(`${SELECT_CHILD} WHERE case_id = $1 AND id = $2 FOR UPDATE`, [caseId, childId]);
    if (!current) throw CommonErrors.notFound('child');
    const next = {
      firstName: dto.firstName !== undefined ? dto.firstName?.trim() || null : current.first_name,
      birthYear: dto.birthYear ?? current.birth_year,
      placement: dto.placement ?? current.placement,
      protectionMeasure: dto.protectionMeasure ?? current.protection_measure,
      placedSince: dto.placedSince !== undefined ? dto.placedSince : current.placed_since,
    };
    assertChild(next.birthYear, next.placedSince);
    const [row] = returnedRows<ChildRow>(await this.txHost.tx.query(
      `UPDATE case_child SET first_name = $3, birth_year = $4, placement = $5, protection_measure = $6, placed_since = $7, updated_at = now()
        WHERE case_id = $1 AND id = $2
       RETURNING id, case_id, first_name, birth_year, placement, protection_measure, placed_since::text AS placed_since, user_id, created_at, updated_at`,
      [caseId, childId, next.firstName, next.birthYear, next.placement, next.protectionMeasure, next.placedSince],
    ));
    await this.audit.record({ action: 'case.child.updated', subjectType: 'child', subjectId: childId, caseId, details: { fields: Object.keys(fields) } });
    return childResponse(row);
  }

  private async childAfterLink(caseId: string, childId: string): Promise<ChildResponse> {
    const [row]: ChildRow[] = await this.txHost.tx.query(`${SELECT_CHILD} WHERE case_id = $1 AND id = $2`, [caseId, childId]);
    return childResponse(row);
  }

  async listResults(user: AuthUser, caseId: string): Promise<ResultResponse[]> {
    await this.access.requireCase(user, Permission.CaseResultRead, caseId);
    const rows: { id: string; case_id: string; kind: ResultKind; note: string | null; date: string; goal_id: string | null; created_at: Date }[] = await this.txHost.tx.query(
      `SELECT id, case_id, kind, note, date::text AS date, goal_id, created_at FROM case_result WHERE case_id = $1 ORDER BY date DESC, created_at DESC`,
      [caseId],
    );
    await this.audit.record({ action: 'case.results.read', subjectType: 'result', caseId, details: { count: rows.length } }, READ_AUDIT);
    return rows.map((r) => ({ id: r.id, caseId: r.case_id, kind: r.kind, note: r.note, date: r.date, goalId: r.goal_id, createdAt: r.created_at.toISOString() }));
  }

  @Transactional()
  async addResult(user: AuthUser, caseId: string, dto: CreateResultDto): Promise<ResultResponse> {
    await this.access.requireCase(user, Permission.CaseResultWrite, caseId);
    if (dto.date > todayInNetherlands()) throw CaseErrors.dateInFuture('date');
    const goalId = dto.goalId?.toLowerCase() ?? null;
    // The database refuses a goal of another case (composite foreign key to the plan's goals), so
    // this module never reads the plan's tables; a refusal rolls the whole result back.
    const [r]: { id: string; created_at: Date }[] = await this.txHost.tx.query(
      `INSERT INTO case_result (case_id, kind, date, note, created_by_id, goal_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
      [caseId, dto.kind, dto.date, dto.note?.trim() || null, user.id, goalId],
    ).catch((error: unknown) => {
      if ((error as { constraint?: string }).constraint === 'case_result_goal_fk') throw CaseErrors.unknownGoal();
      throw error;
    });
    await this.audit.record({ action: 'case.result.added', subjectType: 'result', subjectId: r.id, caseId, details: { kind: dto.kind, goalId } });
    return { id: r.id, caseId, kind: dto.kind, note: dto.note?.trim() || null, date: dto.date, goalId, createdAt: r.created_at.toISOString() };
  }
}

function assertChild(birthYear: number, placedSince: string | null): void {
  const thisYear = Number(todayInNetherlands().slice(0, 4));
  if (!Number.isInteger(birthYear) || birthYear > thisYear || birthYear < thisYear - MAX_CHILD_AGE) throw CaseErrors.impossibleBirthYear();
  if (placedSince !== null) {
    if (placedSince > todayInNetherlands()) throw CaseErrors.dateInFuture('placedSince');
    if (Number(placedSince.slice(0, 4)) < birthYear) throw CaseErrors.placedBeforeBirth();
  }
}

function childResponse(row: ChildRow): ChildResponse {
  return {
    id: row.id,
    caseId: row.case_id,
    firstName: row.first_name,
    birthYear: row.birth_year,
    placement: row.placement,
    protectionMeasure: row.protection_measure,
    placedSince: row.placed_since,
    userId: row.user_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
