import { Permission } from '../../src/auth/permission.js';
import { bearer } from '../helpers/factories.js';
import type { MatrixModule } from './route-spec.js';

/** Foreign world: another support team with its coordinator, a counsellor and a registration. */
export const intakeMatrix: MatrixModule = {
  name: 'intake',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Matrix intake: ander team');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    const res = await t.http().post('/api/registrations').set(bearer(coordinator)).send({
      route: 'parent', registrantType: 'mother', name: 'Matrix Moeder', message: 'Matrix', consentToContact: true, channel: 'phone',
    });
    if (res.status !== 201) throw new Error(`intake matrix setup: ${res.status} ${JSON.stringify(res.body)}`);
    return { registrationId: res.body.id, intakeCounsellorId: counsellor.id };
  },
  routes: [
    { method: 'POST', path: '/api/registrations', access: 'public' },
    { method: 'GET', path: '/api/registrations/form-token', access: 'public' },
    { method: 'GET', path: '/api/support-contact', access: 'public' },
    { method: 'GET', path: '/api/registrations', access: Permission.RegistrationManage },
    { method: 'GET', path: '/api/registrations/:id', access: Permission.RegistrationManage, params: (f) => ({ id: f.registrationId }) },
    { method: 'PATCH', path: '/api/registrations/:id', access: Permission.RegistrationManage, params: (f) => ({ id: f.registrationId }), body: () => ({ outOfScopeReason: 'Matrix' }) },
    { method: 'GET', path: '/api/registrations/:id/suggestions', access: Permission.RegistrationManage, params: (f) => ({ id: f.registrationId }) },
    { method: 'POST', path: '/api/registrations/:id/case', access: Permission.RegistrationManage, params: (f) => ({ id: f.registrationId }), body: () => ({}) },
    { method: 'GET', path: '/api/caseload', access: Permission.CaseloadManage },
    { method: 'PUT', path: '/api/team/capacity', access: Permission.TeamCapacityConfigure, body: () => ({ capacity: 120 }) },
    { method: 'PUT', path: '/api/counsellors/:id/profile', access: Permission.CaseloadManage, params: (f) => ({ id: f.intakeCounsellorId }), body: () => ({ capacity: 5, regionCodes: ['twente'] }) },
  ],
};
