import { Permission } from '../../src/auth/permission.js';
import type { MatrixModule } from './route-spec.js';

/**
 * Privacy rights (issue 21). The foreign world: another team's case, a parent of it with an export
 * and an open erasure request. Exports are their owner's alone (everyone else: 404); the request
 * and the case belong to another team, so no matrix coordinator may decide or hold them.
 */
export const privacyMatrix: MatrixModule = {
  name: 'privacy',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Privacy-vreemd team');
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    const parent = await t.factories.user('parent');
    const c = await t.factories.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id, title: 'Vreemd dossier (privacy)' });
    await t.factories.participant(c.id, parent.id, 'parent');
    const [exported] = await t.dataSource.query(
      `INSERT INTO privacy_export (user_id, status, progress, finished_at, expires_at, byte_size) VALUES ($1, 'ready', 100, now(), now() + interval '7 days', 1) RETURNING id`,
      [parent.id]);
    const [request] = await t.dataSource.query(`INSERT INTO privacy_erasure_request (user_id, team_id) VALUES ($1, $2) RETURNING id`, [parent.id, team.id]);
    return { privacyCaseId: c.id, exportId: exported.id, erasureRequestId: request.id };
  },
  routes: [
    // The caller's own: no id to hide.
    { method: 'POST', path: '/api/me/exports', access: Permission.Self },
    { method: 'GET', path: '/api/me/exports', access: Permission.Self },
    { method: 'GET', path: '/api/me/exports/:id', access: Permission.Self, params: (f) => ({ id: f.exportId }) },
    { method: 'GET', path: '/api/me/exports/:id/download', access: Permission.Self, params: (f) => ({ id: f.exportId }) },
    { method: 'POST', path: '/api/me/erasure-requests', access: Permission.Self, body: () => ({ note: 'Graag alles weg.' }) },
    { method: 'GET', path: '/api/me/erasure-requests', access: Permission.Self },
    { method: 'GET', path: '/api/erasure-requests', access: Permission.ErasureRequestDecide },
    {
      method: 'POST', path: '/api/erasure-requests/:id/decision', access: Permission.ErasureRequestDecide,
      params: (f) => ({ id: f.erasureRequestId }), body: () => ({ decision: 'refuse', reason: 'Wettelijke bewaarplicht' }),
    },
    { method: 'GET', path: '/api/cases/:id/legal-hold', access: Permission.CaseLegalHold, params: (f) => ({ id: f.privacyCaseId }) },
    { method: 'POST', path: '/api/cases/:id/legal-hold', access: Permission.CaseLegalHold, params: (f) => ({ id: f.privacyCaseId }), body: () => ({ reason: 'Rechtszaak' }) },
    { method: 'DELETE', path: '/api/cases/:id/legal-hold', access: Permission.CaseLegalHold, params: (f) => ({ id: f.privacyCaseId }) },
  ],
};
