import { Permission } from '../../src/auth/permission.js';
import { foreignCase } from './foreign-case.js';
import type { MatrixModule } from './route-spec.js';

/**
 * The plan's routes (issue 18). The foreign world is a case of ANOTHER support team with a goal and
 * an action: no matrix caller takes part in it, so every role that holds the permission gets 404.
 */
export const planMatrix: MatrixModule = {
  name: 'plan',
  setup: async (t) => {
    const { caseId, counsellorId } = await foreignCase(t, 'Ander team (plan)', 'Vreemd plan');
    const [goal] = await t.dataSource.query(
      `INSERT INTO plan_goal (case_id, title, owner, created_by_id) VALUES ($1, 'Vreemd doel', 'family', $2) RETURNING id`, [caseId, counsellorId]);
    const [action] = await t.dataSource.query(
      `INSERT INTO plan_action (goal_id, case_id, title, created_by_id) VALUES ($1, $2, 'Vreemde actie', $3) RETURNING id`, [goal.id, caseId, counsellorId]);
    return { planCaseId: caseId, planGoalId: goal.id, planActionId: action.id };
  },
  routes: [
    { method: 'GET', path: '/api/cases/:id/plan', access: Permission.CasePlanRead, params: (f) => ({ id: f.planCaseId }) },
    { method: 'GET', path: '/api/cases/:id/plan.pdf', access: Permission.CasePlanRead, params: (f) => ({ id: f.planCaseId }) },
    { method: 'POST', path: '/api/cases/:id/plan/goals', access: Permission.CasePlanWrite, params: (f) => ({ id: f.planCaseId }), body: () => ({ title: 'Matrix doel', owner: 'family' }) },
    {
      method: 'PATCH', path: '/api/cases/:id/plan/goals/:goalId', access: Permission.CasePlanWrite,
      params: (f) => ({ id: f.planCaseId, goalId: f.planGoalId }), body: () => ({ status: 'in_progress' }),
    },
    {
      method: 'POST', path: '/api/cases/:id/plan/goals/:goalId/actions', access: Permission.CasePlanWrite,
      params: (f) => ({ id: f.planCaseId, goalId: f.planGoalId }), body: () => ({ title: 'Matrix actie', recurrence: 'weekly' }),
    },
    {
      method: 'PATCH', path: '/api/cases/:id/plan/goals/:goalId/actions/:actionId', access: Permission.CasePlanActionUpdate,
      params: (f) => ({ id: f.planCaseId, goalId: f.planGoalId, actionId: f.planActionId }), body: () => ({ status: 'done' }),
    },
  ],
};
