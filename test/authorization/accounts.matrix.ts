import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/**
 * Disabling and enabling accounts (issue 17): the foreign account belongs to another support team,
 * so the matrix team's coordinator gets 404; an administrator manages every organisation's accounts
 * and finds any account, a parent's too, by its address (nobody else may).
 */
export const accountsMatrix: MatrixModule = {
  name: 'accounts',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Matrix ander team');
    const account = await t.factories.user('counsellor', { organisationId: team.id });
    const parent = await t.factories.user('parent');
    return { accountOrganisationId: team.id, accountId: account.id, parentEmail: parent.email };
  },
  routes: [
    { method: 'GET', path: '/api/organisations/:id/accounts', access: Permission.AccountManage, params: (f) => ({ id: f.accountOrganisationId }), sharedWith: ['admin'] },
    // Finding by address is the administrators' alone: coordinators have their own organisation's list.
    { method: 'GET', path: '/api/accounts', access: Permission.AccountFind, query: (f) => ({ email: f.parentEmail }), sharedWith: ['admin'] },
    { method: 'POST', path: '/api/accounts/:id/disable', access: Permission.AccountManage, params: (f) => ({ id: f.accountId }), body: () => ({ reason: 'Matrix' }), sharedWith: ['admin'] },
    { method: 'POST', path: '/api/accounts/:id/enable', access: Permission.AccountManage, params: (f) => ({ id: f.accountId }), sharedWith: ['admin'] },
  ],
};
