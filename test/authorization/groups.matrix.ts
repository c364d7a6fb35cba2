import { randomUUID } from 'node:crypto';
import { Permission } from '../../src/auth/permission.js';
import { bearer } from '../helpers/factories.js';
import type { MatrixModule } from './route-spec.js';

/**
 * Peer groups (issue 19). The foreign world is a closed group of ANOTHER support team, with a
 * counsellor as moderator, a parent member, a message and a report: no matrix caller takes part in
 * it or coordinates its team, so every role that holds the permission gets the same 404 as for an
 * unknown id. `:userId` is the foreign member's account id (a coordinator of the group's own team
 * could use it; nobody here can).
 */
export const groupsMatrix: MatrixModule = {
  name: 'groups',
  setup: async (t) => {
    const team = await t.factories.organisation('support_team', 'Ander groepenteam');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const moderator = await t.factories.user('counsellor', { organisationId: team.id });
    const member = await t.factories.user('parent');
    const created = await t.http().post('/api/groups').set(bearer(coordinator))
      .send({ name: 'Vreemde groep', theme: 'Thema', description: 'Beschrijving', rules: 'Regels', open: false });
    if (created.status !== 201) throw new Error(`matrix group failed: ${created.status}`);
    const groupId: string = created.body.id;
    for (const [user, pseudonym, role] of [[moderator, 'Leider', 'moderator'], [member, 'Lid', 'member']] as const) {
      const res = await t.http().post(`/api/groups/${groupId}/members`).set(bearer(coordinator)).send({ userId: user.id, pseudonym, role });
      if (res.status !== 201) throw new Error(`matrix group member failed: ${res.status}`);
    }
    const message = await t.http().post(`/api/groups/${groupId}/messages`).set(bearer(member)).send({ body: 'Vreemd bericht', clientMessageId: randomUUID() });
    if (message.status !== 201) throw new Error(`matrix group message failed: ${message.status}`);
    const report = await t.http().post(`/api/groups/${groupId}/messages/${message.body.id}/reports`).set(bearer(moderator)).send({ reason: 'Matrix' });
    if (report.status !== 201) throw new Error(`matrix group report failed: ${report.status}`);
    return { groupId, groupMemberId: member.id, groupMessageId: message.body.id, groupReportId: report.body.id };
  },
  routes: [
    // The caller's own list (open groups, their own, their team's): a foreign closed group never shows, there is no id to hide.
    { method: 'GET', path: '/api/groups', access: Permission.GroupRead },
    { method: 'POST', path: '/api/groups', access: Permission.GroupCreate, body: () => ({ name: 'Matrixgroep', theme: 'Thema', description: 'Beschrijving', rules: 'Regels' }) },
    // Coordinators' own team's escalated reports: no id to hide.
    { method: 'GET', path: '/api/groups/reports/escalated', access: Permission.GroupEscalationRead },
    { method: 'GET', path: '/api/groups/:id', access: Permission.GroupRead, params: (f) => ({ id: f.groupId }) },
    { method: 'GET', path: '/api/groups/:id/members', access: Permission.GroupRead, params: (f) => ({ id: f.groupId }) },
    { method: 'POST', path: '/api/groups/:id/join-requests', access: Permission.GroupJoin, params: (f) => ({ id: f.groupId }), body: () => ({ pseudonym: 'Matrixnaam' }) },
    { method: 'POST', path: '/api/groups/:id/members', access: Permission.GroupModerate, params: (f) => ({ id: f.groupId }), body: (f) => ({ userId: f.groupMemberId, pseudonym: 'Nieuwe naam', role: 'member' }) },
    {
      method: 'POST', path: '/api/groups/:id/members/:userId/mute', access: Permission.GroupModerate,
      params: (f) => ({ id: f.groupId, userId: f.groupMemberId }), body: () => ({ until: new Date(Date.now() + 3_600_000).toISOString() }),
    },
    { method: 'DELETE', path: '/api/groups/:id/members/:userId', access: Permission.GroupModerate, params: (f) => ({ id: f.groupId, userId: f.groupMemberId }) },
    { method: 'GET', path: '/api/groups/:id/messages', access: Permission.GroupRead, params: (f) => ({ id: f.groupId }) },
    { method: 'POST', path: '/api/groups/:id/messages', access: Permission.GroupTakePart, params: (f) => ({ id: f.groupId }), body: () => ({ body: 'Matrix', clientMessageId: randomUUID() }) },
    { method: 'POST', path: '/api/groups/:id/messages/:messageId/hide', access: Permission.GroupModerate, params: (f) => ({ id: f.groupId, messageId: f.groupMessageId }), body: () => ({ reason: 'Matrix' }) },
    { method: 'POST', path: '/api/groups/:id/messages/:messageId/reports', access: Permission.GroupTakePart, params: (f) => ({ id: f.groupId, messageId: f.groupMessageId }), body: () => ({ reason: 'Matrix' }) },
    { method: 'GET', path: '/api/groups/:id/reports', access: Permission.GroupModerate, params: (f) => ({ id: f.groupId }) },
    { method: 'POST', path: '/api/groups/:id/reports/:reportId/resolve', access: Permission.GroupModerate, params: (f) => ({ id: f.groupId, reportId: f.groupReportId }), body: () => ({ outcome: 'no_action' }) },
  ],
};
