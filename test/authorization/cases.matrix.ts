import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/**
 * The case file's routes. The foreign world is a case of ANOTHER support team, with a parent, a
 * story, a consent, a child, an update and a result: no matrix caller takes part in it, so every
 * role that holds the permission must get the same 404 as for an unknown id.
 */
export const casesMatrix: MatrixModule = {
  name: 'cases',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Ander team');
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    const parent = await t.factories.user('parent');
    const db = t.dataSource;
    const c = await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Vreemd dossier' });
    await t.factories.participant(c.id, counsellor.id, 'counsellor');
    await t.factories.participant(c.id, parent.id, 'parent');
    const consent = { id: await t.factories.consent(c.id, { granteeOrganisationId: team.id, scopes: ['story'], grantedById: parent.id }) };
    const [child] = await db.query(
      `INSERT INTO case_child (case_id, birth_year, placement, protection_measure) VALUES ($1, 2015, 'foster_family', 'guardianship') RETURNING id`,
      [c.id],
    );
    return { caseId: c.id, consentId: consent.id, childId: child.id, parentId: parent.id, counsellorId: counsellor.id };
  },
  routes: [
    { method: 'GET', path: '/api/regions', access: 'public' },
    // The case list is the caller's own: a foreign case never shows, there is no id to hide.
    { method: 'GET', path: '/api/cases', access: Permission.CaseRead },
    { method: 'POST', path: '/api/cases', access: Permission.CaseCreate, body: () => ({ title: 'Matrix dossier' }) },
    { method: 'GET', path: '/api/cases/:id', access: Permission.CaseRead, params: (f) => ({ id: f.caseId }) },
    { method: 'PATCH', path: '/api/cases/:id', access: Permission.CaseUpdate, params: (f) => ({ id: f.caseId }), body: () => ({ title: 'Gewijzigd' }) },
    { method: 'GET', path: '/api/cases/:id/status-history', access: Permission.CaseResultRead, params: (f) => ({ id: f.caseId }) },
    { method: 'GET', path: '/api/cases/:id/participants', access: Permission.CaseRead, params: (f) => ({ id: f.caseId }) },
    { method: 'POST', path: '/api/cases/:id/participants', access: Permission.CaseParticipantManage, params: (f) => ({ id: f.caseId }), body: (f) => ({ userId: f.parentId, role: 'parent' }) },
    { method: 'DELETE', path: '/api/cases/:id/participants/:userId', access: Permission.CaseParticipantManage, params: (f) => ({ id: f.caseId, userId: f.parentId }) },
    { method: 'GET', path: '/api/cases/:id/story', access: Permission.CaseStoryRead, params: (f) => ({ id: f.caseId }) },
    { method: 'PUT', path: '/api/cases/:id/story', access: Permission.CaseStoryWrite, params: (f) => ({ id: f.caseId }), body: () => ({ sections: [{ key: 'een', title: 'Een', text: 'Tekst' }] }) },
    { method: 'GET', path: '/api/cases/:id/story/versions', access: Permission.CaseStoryRead, params: (f) => ({ id: f.caseId }) },
    { method: 'POST', path: '/api/cases/:id/story/confirm', access: Permission.CaseStoryConfirm, params: (f) => ({ id: f.caseId }), body: () => ({}) },
    { method: 'POST', path: '/api/cases/:id/consents', access: Permission.CaseConsentManage, params: (f) => ({ id: f.caseId }), body: (f) => ({ granteeUserId: f.counsellorId, scopes: ['story'] }) },
    { method: 'GET', path: '/api/cases/:id/consents', access: Permission.CaseConsentRead, params: (f) => ({ id: f.caseId }) },
    { method: 'DELETE', path: '/api/cases/:id/consents/:consentId', access: Permission.CaseConsentManage, params: (f) => ({ id: f.caseId, consentId: f.consentId }) },
    { method: 'POST', path: '/api/cases/:id/updates', access: Permission.CaseUpdatePost, params: (f) => ({ id: f.caseId }), body: () => ({ body: 'Nieuws', visibility: 'everyone' }) },
    { method: 'GET', path: '/api/cases/:id/updates', access: Permission.CaseUpdateRead, params: (f) => ({ id: f.caseId }) },
    { method: 'POST', path: '/api/cases/:id/children', access: Permission.CaseChildWrite, params: (f) => ({ id: f.caseId }), body: () => ({ birthYear: 2015, placement: 'home', protectionMeasure: 'none' }) },
    { method: 'GET', path: '/api/cases/:id/children', access: Permission.CaseChildRead, params: (f) => ({ id: f.caseId }) },
    { method: 'GET', path: '/api/cases/:id/children/:childId', access: Permission.CaseChildRead, params: (f) => ({ id: f.caseId, childId: f.childId }) },
    { method: 'PATCH', path: '/api/cases/:id/children/:childId', access: Permission.CaseChildWrite, params: (f) => ({ id: f.caseId, childId: f.childId }), body: () => ({ placement: 'home' }) },
    { method: 'POST', path: '/api/cases/:id/results', access: Permission.CaseResultWrite, params: (f) => ({ id: f.caseId }), body: () => ({ kind: 'therapy', date: '2026-01-01' }) },
    { method: 'GET', path: '/api/cases/:id/results', access: Permission.CaseResultRead, params: (f) => ({ id: f.caseId }) },
    { method: 'GET', path: '/api/cases/:id/access-log', access: Permission.CaseAccessLogRead, params: (f) => ({ id: f.caseId }) },
    { method: 'POST', path: '/api/cases/:id/handover', access: Permission.CaseHandoverPerform, params: (f) => ({ id: f.caseId }), body: (f) => ({ toCounsellorId: f.counsellorId, reason: 'Matrix' }) },
    { method: 'POST', path: '/api/cases/:id/handover-requests', access: Permission.CaseHandoverRequest, params: (f) => ({ id: f.caseId }), body: () => ({ reason: 'Matrix' }) },
    { method: 'GET', path: '/api/cases/:id/handover-requests', access: Permission.CaseUpdate, params: (f) => ({ id: f.caseId }) },
    // The caller's own team's open requests: a foreign team's never show, there is no id to hide.
    { method: 'GET', path: '/api/handover-requests', access: Permission.CaseHandoverPerform },
  ],
};
