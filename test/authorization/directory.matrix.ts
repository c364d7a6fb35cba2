import { Permission } from '../../src/auth/permission.js';
import { bearer } from '../helpers/factories.js';
import type { MatrixModule } from './route-spec.js';

export const directoryServiceBody = () => ({
  name: 'Matrix hulp', description: 'Wat de hulp biedt.', themes: ['housing'], regionCodes: ['twente'], eligibility: 'Voor ouders.',
  referralNeeded: false, howToApply: 'Bel ons.', organization: { name: 'Matrix organisatie' }, locations: [],
});

/**
 * The help directory (issue 20). The directory is shared by every team: a service is no team's
 * resource, so a coordinator of any team may change one (`shared`). Suggestions belong to a case
 * of another team (foreign: 404).
 */
export const directoryMatrix: MatrixModule = {
  name: 'directory',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Matrix directory: ander team');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    const service = await t.http().post('/api/directory/services').set(bearer(coordinator)).send(directoryServiceBody());
    if (service.status !== 201) throw new Error(`directory matrix setup: ${service.status} ${JSON.stringify(service.body)}`);
    const other = await t.http().post('/api/directory/services').set(bearer(coordinator)).send({ ...directoryServiceBody(), name: 'Matrix hulp 2' });
    const { id: caseId } = await t.factories.case({ createdById: counsellor.id, teamId: team.id, leadId: counsellor.id });
    await t.factories.participant(caseId, counsellor.id, 'counsellor');
    return { directoryServiceId: service.body.id, directoryServiceId2: other.body.id, directoryCaseId: caseId };
  },
  routes: [
    { method: 'GET', path: '/api/directory/services', access: 'public' },
    { method: 'GET', path: '/api/directory/services/:id', access: 'public' },
    { method: 'GET', path: '/api/directory/hsds', access: 'public' },
    { method: 'POST', path: '/api/directory/services', access: Permission.DirectoryManage, body: () => directoryServiceBody() },
    { method: 'PATCH', path: '/api/directory/services/:id', access: Permission.DirectoryManage, shared: true,
      params: (f) => ({ id: f.directoryServiceId }), body: () => ({ description: 'Bijgewerkt.' }) },
    { method: 'DELETE', path: '/api/directory/services/:id', access: Permission.DirectoryManage, shared: true, params: (f) => ({ id: f.directoryServiceId2 }) },
    { method: 'POST', path: '/api/directory/hsds', access: Permission.DirectoryManage,
      body: () => ({ organizations: [], services: [], locations: [], service_at_locations: [] }) },
    { method: 'POST', path: '/api/cases/:id/service-suggestions', access: Permission.ServiceSuggestionCreate,
      params: (f) => ({ id: f.directoryCaseId }), body: (f) => ({ serviceId: f.directoryServiceId, note: 'Misschien iets voor u.' }) },
    { method: 'GET', path: '/api/cases/:id/service-suggestions', access: Permission.ServiceSuggestionRead, params: (f) => ({ id: f.directoryCaseId }) },
    { method: 'GET', path: '/api/me/service-suggestions', access: Permission.ServiceSuggestionRead },
  ],
};
