import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/**
 * Children's own place (issue 20). The foreign world is a case of ANOTHER support team with a child
 * record linked to a child account that wrote a voice for everyone it can choose: no matrix caller
 * takes part in it, so every role that holds the permission gets the same 404 as for an unknown id.
 */
export const childrenMatrix: MatrixModule = {
  name: 'children',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Ander team (kinderen)');
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    const child = await t.factories.user('child');
    const c = await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Vreemd dossier met kind' });
    await t.factories.participant(c.id, counsellor.id, 'counsellor');
    await t.factories.participant(c.id, child.id, 'child');
    const [record] = await t.dataSource.query(
      `INSERT INTO case_child (case_id, birth_year, placement, protection_measure, user_id) VALUES ($1, 2014, 'foster_family', 'guardianship', $2) RETURNING id`,
      [c.id, child.id],
    );
    await t.dataSource.query(
      `INSERT INTO child_voice (child_id, case_id, text, visible_to, updated_by_id) VALUES ($1, $2, 'Geheim', ARRAY['counsellor','parents','guardian'], $3)`,
      [record.id, c.id, child.id],
    );
    return { childCaseId: c.id, voiceChildId: record.id };
  },
  routes: [
    { method: 'GET', path: '/api/children/checklist', access: 'public', query: () => ({ lang: 'en' }) },
    // The caller's own records: a foreign child's never show, there is no id to hide.
    { method: 'GET', path: '/api/children/me', access: Permission.ChildVoiceWrite },
    { method: 'GET', path: '/api/cases/:id/children/:childId/voice', access: Permission.ChildVoiceRead, params: (f) => ({ id: f.childCaseId, childId: f.voiceChildId }) },
    { method: 'PUT', path: '/api/cases/:id/children/:childId/voice', access: Permission.ChildVoiceWrite, params: (f) => ({ id: f.childCaseId, childId: f.voiceChildId }), body: () => ({ text: 'Matrix', visibleTo: ['counsellor'] }) },
  ],
};
