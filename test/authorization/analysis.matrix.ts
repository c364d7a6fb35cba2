import { Permission } from '../../src/auth/permission.js';
import { foreignCase } from './foreign-case.js';
import type { MatrixModule } from './route-spec.js';

/**
 * The shared explanatory analysis's routes (issue 18). The foreign world is a case of ANOTHER
 * support team with a draft analysis: no matrix caller takes part in it or is consulted on it.
 */
export const analysisMatrix: MatrixModule = {
  name: 'analysis',
  setup: async (t) => {
    const { caseId, counsellorId } = await foreignCase(t, 'Ander team (analyse)', 'Vreemde analyse');
    await t.dataSource.query(
      `INSERT INTO analysis_version (case_id, version, sections, written_by_id) VALUES ($1, 1, '[{"key":"situation","text":"Vreemd"}]', $2)`, [caseId, counsellorId]);
    return { analysisCaseId: caseId };
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
