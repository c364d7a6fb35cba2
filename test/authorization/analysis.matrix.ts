import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/**
 * The shared explanatory analysis's routes (issue 18). The foreign world is a case of ANOTHER
 * support team with a draft analysis: no matrix caller takes part in it or is consulted on it.
 */
export const analysisMatrix: MatrixModule = {
  name: 'analysis',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Ander team (analyse)');
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    const c = await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Vreemde analyse' });
    await t.factories.participant(c.id, counsellor.id, 'counsellor');
    await t.dataSource.query(
      `INSERT INTO analysis_version (case_id, version, sections, written_by_id) VALUES ($1, 1, '[{"key":"situation","text":"Vreemd"}]', $2)`, [c.id, counsellor.id]);
    return { analysisCaseId: c.id };
  },
  routes: [
    { method: 'GET', path: '/api/cases/:id/analysis', access: Permission.CaseAnalysisRead, params: (f) => ({ id: f.analysisCaseId }) },
    {
      method: 'PUT', path: '/api/cases/:id/analysis', access: Permission.CaseAnalysisWrite, params: (f) => ({ id: f.analysisCaseId }),
      body: () => ({ sections: [{ key: 'situation', text: 'Matrix' }] }),
    },
    { method: 'GET', path: '/api/cases/:id/analysis/versions', access: Permission.CaseAnalysisRead, params: (f) => ({ id: f.analysisCaseId }) },
    {
      method: 'POST', path: '/api/cases/:id/analysis/positions', access: Permission.CaseAnalysisPosition, params: (f) => ({ id: f.analysisCaseId }),
      body: () => ({ sectionKey: 'situation', stance: 'agree', text: 'Matrix' }),
    },
    { method: 'POST', path: '/api/cases/:id/analysis/sign-off', access: Permission.CaseAnalysisSignOff, params: (f) => ({ id: f.analysisCaseId }) },
  ],
};
