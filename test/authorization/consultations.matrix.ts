import { Permission } from '../../src/auth/permission.js';
import { foreignCase } from './foreign-case.js';
import type { MatrixModule } from './route-spec.js';

/**
 * The expert pool (issue 19). The foreign world: an expert pool with its coordinator and an expert,
 * a case of another support team, and a consultation of that team's counsellor to that expert. No
 * matrix caller is its counsellor or its expert, so every role that holds the permission gets the
 * same 404 as for an unknown id. Changing a specialism: an administrator manages every pool's
 * experts (success), a coordinator only their own pool's (404 here).
 */
export const consultationsMatrix: MatrixModule = {
  name: 'consultations',
  setup: async (t) => {
    const pool = await t.factories.organisation('expert_pool', 'Vreemde expertpool');
    const expert = await t.factories.user('expert', { organisationId: pool.id });
    await t.dataSource.query(`UPDATE app_user SET specialism = 'child_psychiatry' WHERE id = $1`, [expert.id]);
    const { caseId, counsellorId } = await foreignCase(t, 'Ander team (expertpool)', 'Vreemd dossier (expertpool)');
    const [consultation] = await t.dataSource.query(
      `INSERT INTO consultation (case_id, pseudonym, expert_id, asked_by_id, specialism, basis, question, summary)
       VALUES ($1, 'Gezin MX-101', $2, $3, 'child_psychiatry', 'professional_need', 'Een vraag', '{}') RETURNING id`,
      [caseId, expert.id, counsellorId],
    );
    return { poolExpertId: expert.id, consultationCaseId: caseId, consultationId: consultation.id };
  },
  routes: [
    // The pool is a shared directory for those who choose whom to ask: no id to hide.
    { method: 'GET', path: '/api/experts', access: Permission.ExpertRead },
    { method: 'PATCH', path: '/api/experts/:id', access: Permission.ExpertManage, params: (f) => ({ id: f.poolExpertId }), body: () => ({ specialism: 'other' }), sharedWith: ['admin'] },
    {
      method: 'POST', path: '/api/cases/:id/consultations', access: Permission.ConsultationRequest, params: (f) => ({ id: f.consultationCaseId }),
      body: (f) => ({ expertId: f.poolExpertId, question: 'Wat zou u adviseren?', basis: 'professional_need' }),
    },
    // The caller's own consultations: a foreign one never shows, there is no id to hide.
    { method: 'GET', path: '/api/consultations', access: Permission.Consultation },
    { method: 'GET', path: '/api/consultations/:id', access: Permission.Consultation, params: (f) => ({ id: f.consultationId }) },
    { method: 'POST', path: '/api/consultations/:id/messages', access: Permission.Consultation, params: (f) => ({ id: f.consultationId }), body: () => ({ body: 'Een antwoord' }) },
    { method: 'POST', path: '/api/consultations/:id/close', access: Permission.Consultation, params: (f) => ({ id: f.consultationId }) },
    { method: 'POST', path: '/api/consultations/:id/analysis-additions', access: Permission.Consultation, params: (f) => ({ id: f.consultationId }), body: () => ({ sectionKey: 'risks', text: 'Een toevoeging' }) },
  ],
};
