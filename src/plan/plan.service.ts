import { Injectable } from '@nestjs/common';
import { type CaseAccess, decideCase, sideOf } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import { type ActionStatus, type GoalOwner, type GoalStatus, isFamilyGoal, type Recurrence } from '../shared/plan-vocabulary.js';
import type {
  CreateActionDto, CreateGoalDto, PlanActionResponse, PlanGoalResponse, PlanResponse, UpdateActionDto, UpdateGoalDto,
} from './dto/plan.dto.js';
import { PlanErrors } from './plan.errors.js';

interface GoalRow {
  id: string;
  case_id: string;
  title: string;
  description: string | null;
  owner: GoalOwner;
  owner_user_id: string | null;
  owner_name: string | null;
  status: GoalStatus;
  dropped_by_id: string | null;
  dropped_by_name: string | null;
  dropped_by_role: string | null;
  dropped_reason: string | null;
  created_by_id: string;
  created_by_name: string;
  created_by_role: string;
  created_at: Date;
  updated_at: Date;
}

interface ActionRow {
  id: string;
  goal_id: string;
  title: string;
  owner_user_id: string | null;
  owner_name: string | null;
  due_date: string | null;
  recurrence: Recurrence;
  status: ActionStatus;
  done_at: Date | null;
  updated_at: Date;
}

const SELECT_GOAL = `
  SELECT g.id, g.case_id, g.title, g.description, g.owner, g.owner_user_id, o.display_name AS owner_name, g.status,
         g.dropped_by_id, d.display_name AS dropped_by_name, d.role AS dropped_by_role, g.dropped_reason,
         g.created_by_id, c.display_name AS created_by_name, c.role AS created_by_role, g.created_at, g.updated_at
    FROM plan_goal g
    JOIN app_user c ON c.id = g.created_by_id
    LEFT JOIN app_user o ON o.id = g.owner_user_id
    LEFT JOIN app_user d ON d.id = g.dropped_by_id`;

const SELECT_ACTION = `
  SELECT a.id, a.goal_id, a.title, a.owner_user_id, o.display_name AS owner_name, a.due_date::text AS due_date, a.recurrence,
         a.status, a.done_at, a.updated_at
    FROM plan_action a
    LEFT JOIN app_user o ON o.id = a.owner_user_id`;

/**
 * One family, one plan (1 gezin 1 plan): the goals of the parents' side stand beside the
 * professionals' goals. Every change is audited in its transaction and pushed after commit as
 * `plan:update { caseId }` to everyone who may read the plan at that moment.
 */
@Injectable()
export class PlanService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly realtime: RealtimeService,
  ) {}

  async getPlan(user: AuthUser, caseId: string): Promise<PlanResponse> {
    await this.access.requireCase(user, Permission.CasePlanRead, caseId);
    const plan = await this.loadPlan(caseId);
    await this.audit.record({ action: 'case.plan.read', subjectType: 'plan', subjectId: caseId, caseId, details: { goals: plan.goals.length } }, READ_AUDIT);
    return plan;
  }

  /** The plan for its PDF (audited as a PDF made, which is a read). */
  async planForPdf(user: AuthUser, caseId: string): Promise<PlanResponse> {
    await this.access.requireCase(user, Permission.CasePlanRead, caseId);
    const plan = await this.loadPlan(caseId);
    await this.audit.record({ action: 'case.plan.pdf', subjectType: 'plan', subjectId: caseId, caseId, details: { goals: plan.goals.length } }, READ_AUDIT);
    return plan;
  }

  @Transactional()
  async addGoal(user: AuthUser, caseId: string, dto: CreateGoalDto): Promise<PlanGoalResponse> {
    await this.access.requireCase(user, Permission.CasePlanWrite, caseId, { goalOwners: [dto.owner] });
    const ownerUserId = dto.ownerUserId ?? null;
    if (ownerUserId) await this.assertInCase(caseId, ownerUserId, 'ownerUserId');
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO plan_goal (case_id, title, description, owner, owner_user_id, created_by_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [caseId, cleanTitle(dto.title), dto.description?.trim() || null, dto.owner, ownerUserId, user.id],
    );
    await this.audit.record({ action: 'case.plan.goal.added', subjectType: 'plan_goal', subjectId: row.id, caseId, details: { owner: dto.owner } });
    await this.announce(caseId);
    return (await this.loadPlan(caseId, row.id)).goals[0];
  }

  @Transactional()
  async updateGoal(user: AuthUser, caseId: string, goalId: string, dto: UpdateGoalDto): Promise<PlanGoalResponse> {
    const access = await this.access.requireCase(user, Permission.CasePlanWrite, caseId);
    const goal = await this.lockGoal(caseId, goalId);
    const owner = dto.owner ?? goal.owner;
    refuse(decideCase(Permission.CasePlanWrite, access, { goalOwners: [goal.owner, owner] }));
    const status = dto.status ?? goal.status;
    const dropping = status === 'dropped' && goal.status !== 'dropped';
    const reason = dto.reason?.trim() || null;
    if (dto.reason !== undefined && !dropping) throw PlanErrors.reasonWithoutDrop();
    // A professional who stops a goal of the parents' side says why; the parent sees who and why.
    if (dropping && isProfessionalSide(access) && isFamilyGoal(goal.owner) && !reason) throw PlanErrors.reasonRequired();
    const ownerUserId = dto.ownerUserId === undefined ? goal.owner_user_id : dto.ownerUserId;
    if (ownerUserId && ownerUserId !== goal.owner_user_id) await this.assertInCase(caseId, ownerUserId, 'ownerUserId');
    const droppedBy = status !== 'dropped' ? null : dropping ? user.id : goal.dropped_by_id;
    const droppedReason = status !== 'dropped' ? null : dropping ? reason : goal.dropped_reason;
    await this.txHost.tx.query(
      `UPDATE plan_goal SET title = $3, description = $4, owner = $5, owner_user_id = $6, status = $7, dropped_by_id = $8, dropped_reason = $9, updated_at = clock_timestamp()
        WHERE case_id = $1 AND id = $2`,
      [caseId, goalId, dto.title === undefined ? goal.title : cleanTitle(dto.title), dto.description === undefined ? goal.description : dto.description?.trim() || null,
        owner, ownerUserId, status, droppedBy, droppedReason],
    );
    const fields = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined && k !== 'reason');
    await this.audit.record({
      action: dropping ? 'case.plan.goal.dropped' : 'case.plan.goal.changed', subjectType: 'plan_goal', subjectId: goalId, caseId,
      details: { fields, status, owner },
    });
    await this.announce(caseId);
    return (await this.loadPlan(caseId, goalId)).goals[0];
  }

  @Transactional()
  async addAction(user: AuthUser, caseId: string, goalId: string, dto: CreateActionDto): Promise<PlanActionResponse> {
    const access = await this.access.requireCase(user, Permission.CasePlanWrite, caseId);
    const goal = await this.lockGoal(caseId, goalId);
    refuse(decideCase(Permission.CasePlanWrite, access, { goalOwners: [goal.owner] }));
    const ownerUserId = dto.ownerUserId ?? null;
    if (ownerUserId) await this.assertInCase(caseId, ownerUserId, 'ownerUserId');
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO plan_action (goal_id, case_id, title, owner_user_id, due_date, recurrence, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [goalId, caseId, cleanTitle(dto.title), ownerUserId, dto.dueDate ?? null, dto.recurrence ?? 'none', user.id],
    );
    await this.txHost.tx.query(`UPDATE plan_goal SET updated_at = clock_timestamp() WHERE id = $1`, [goalId]);
    await this.audit.record({ action: 'case.plan.action.added', subjectType: 'plan_action', subjectId: row.id, caseId, details: { goalId } });
    await this.announce(caseId);
    return this.loadAction(row.id);
  }

  @Transactional()
  async updateAction(user: AuthUser, caseId: string, goalId: string, actionId: string, dto: UpdateActionDto): Promise<PlanActionResponse> {
    // Everyone who reads the plan may get this far; the action itself decides the rest.
    const access = await this.access.requireCase(user, Permission.CasePlanRead, caseId);
    const goal = await this.lockGoal(caseId, goalId);
    const [action]: (ActionRow & { done_at: Date | null })[] = await this.txHost.tx.query(
      `${SELECT_ACTION} WHERE a.case_id = $1 AND a.goal_id = $2 AND a.id = $3 FOR UPDATE OF a`, [caseId, goalId, actionId]);
    if (!action) throw PlanErrors.actionNotFound();
    const fields = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
    refuse(decideCase(Permission.CasePlanActionUpdate, access, {
      goalOwners: [goal.owner],
      action: { ownerUserId: action.owner_user_id, statusOnly: fields.every((f) => f === 'status') },
    }));
    const ownerUserId = dto.ownerUserId === undefined ? action.owner_user_id : dto.ownerUserId;
    if (ownerUserId && ownerUserId !== action.owner_user_id) await this.assertInCase(caseId, ownerUserId, 'ownerUserId');
    const status = dto.status ?? action.status;
    await this.txHost.tx.query(
      `UPDATE plan_action SET title = $2, owner_user_id = $3, due_date = $4, recurrence = $5, status = $6,
              done_at = CASE WHEN $6 = 'done' THEN coalesce(done_at, clock_timestamp()) ELSE NULL END, updated_at = clock_timestamp()
        WHERE id = $1`,
      [actionId, dto.title === undefined ? action.title : cleanTitle(dto.title), ownerUserId, dto.dueDate === undefined ? action.due_date : dto.dueDate,
        dto.recurrence ?? action.recurrence, status],
    );
    await this.txHost.tx.query(`UPDATE plan_goal SET updated_at = clock_timestamp() WHERE id = $1`, [goalId]);
    await this.audit.record({ action: 'case.plan.action.changed', subjectType: 'plan_action', subjectId: actionId, caseId, details: { goalId, fields, status } });
    await this.announce(caseId);
    return this.loadAction(actionId);
  }

  /** Who may read the plan now (inside the change's transaction); they hear of it once it committed. */
  private async announce(caseId: string): Promise<void> {
    const readers = await this.access.caseAudience(caseId, Permission.CasePlanRead);
    this.txHost.afterCommit(() => this.realtime.toUsers(readers, 'plan:update', { caseId }));
  }

  private async assertInCase(caseId: string, userId: string, field: string): Promise<void> {
    if (!(await this.access.caseAudience(caseId, Permission.CaseRead)).includes(userId)) throw PlanErrors.notInCase(field);
  }

  private async lockGoal(caseId: string, goalId: string): Promise<GoalRow> {
    const [goal]: GoalRow[] = await this.txHost.tx.query(`${SELECT_GOAL} WHERE g.case_id = $1 AND g.id = $2 FOR UPDATE OF g`, [caseId, goalId]);
    if (!goal) throw PlanErrors.goalNotFound();
    return goal;
  }

  private async loadAction(actionId: string): Promise<PlanActionResponse> {
    const [row]: ActionRow[] = await this.txHost.tx.query(`${SELECT_ACTION} WHERE a.id = $1`, [actionId]);
    return actionResponse(row);
  }

  /** The plan of a case (or the one goal `goalId`), goals and actions oldest first. */
  private async loadPlan(caseId: string, goalId?: string): Promise<PlanResponse> {
    const goals: GoalRow[] = await this.txHost.tx.query(
      `${SELECT_GOAL} WHERE g.case_id = $1 AND ($2::uuid IS NULL OR g.id = $2::uuid) ORDER BY g.created_at, g.id`, [caseId, goalId ?? null]);
    const actions: ActionRow[] = await this.txHost.tx.query(
      `${SELECT_ACTION} WHERE a.case_id = $1 AND ($2::uuid IS NULL OR a.goal_id = $2::uuid) ORDER BY a.created_at, a.id`, [caseId, goalId ?? null]);
    const byGoal = new Map<string, PlanActionResponse[]>();
    for (const a of actions) byGoal.set(a.goal_id, [...(byGoal.get(a.goal_id) ?? []), actionResponse(a)]);
    const items = goals.map((g) => goalResponse(g, byGoal.get(g.id) ?? []));
    const times = [...goals.map((g) => g.updated_at.getTime()), ...actions.map((a) => a.updated_at.getTime())];
    return { caseId, goals: items, updatedAt: times.length ? new Date(Math.max(...times)).toISOString() : null };
  }
}

/** The team's side (counsellors, coordinators): professionals who must say why they stop a family's goal. */
function isProfessionalSide(access: CaseAccess): boolean {
  return sideOf(access) === 'team';
}

function cleanTitle(title: string): string {
  const clean = title.trim();
  if (!clean) throw PlanErrors.emptyTitle();
  return clean;
}

function refuse(error: ReturnType<typeof decideCase>): void {
  if (error) throw error;
}

function actionResponse(a: ActionRow): PlanActionResponse {
  return {
    id: a.id, goalId: a.goal_id, title: a.title, ownerUserId: a.owner_user_id, ownerDisplayName: a.owner_name,
    dueDate: a.due_date, recurrence: a.recurrence, status: a.status, doneAt: a.done_at?.toISOString() ?? null,
    updatedAt: a.updated_at.toISOString(),
  };
}

function goalResponse(g: GoalRow, actions: PlanActionResponse[]): PlanGoalResponse {
  return {
    id: g.id, title: g.title, description: g.description, owner: g.owner, ownerUserId: g.owner_user_id, ownerDisplayName: g.owner_name,
    status: g.status, createdBy: g.created_by_id,
    createdByPerson: { id: g.created_by_id, displayName: g.created_by_name, role: g.created_by_role },
    droppedBy: g.dropped_by_id ? { id: g.dropped_by_id, displayName: g.dropped_by_name ?? '', role: g.dropped_by_role ?? '' } : null,
    droppedReason: g.dropped_reason,
    createdAt: g.created_at.toISOString(), updatedAt: g.updated_at.toISOString(), actions,
  };
}
