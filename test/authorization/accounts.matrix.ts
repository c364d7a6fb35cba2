import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/**
 * Disabling and enabling accounts (issue 17): the foreign account belongs to another support team,
 * so the matrix team's coordinator gets 404; an administrator manages every organisation's accounts.
 */
export const accountsMatrix: MatrixModule = {
  name: 'accounts',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Matrix ander team');
    const account = await t.factories.user('counsellor', { organisationId: team.id });
    return { accountOrganisationId: team.id, accountId: account.id };
  },
  routes: [
    { method: 'GET', path: '/api/organisations/:id/accounts', access: Permission.AccountManage, params: (f) => ({ id: f.accountOrganisationId }), sharedWith: ['admin'] },
    { method: 'POST', path: '/api/accounts/:id/disable', access: Permission.AccountManage, params: (f) => ({ id: f.accountId }), body: () => ({ reason: 'Matrix' }), sharedWith: ['admin'] },
    { method: 'POST', path: '/api/accounts/:id/enable', access: Permission.AccountManage, params: (f) => ({ id: f.accountId }), sharedWith: ['admin'] },
  ],
};
