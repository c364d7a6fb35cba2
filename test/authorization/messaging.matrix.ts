import { randomUUID } from 'node:crypto';
import { Permission } from '../../src/auth/permission.js';
import { bearer } from '../helpers/factories.js';
import type { MatrixModule } from './route-spec.js';

export const messagingMatrix: MatrixModule = {
  name: 'messaging',
  setup: async (t) => {
    // A foreign world: a case of another team with a thread, its members and a message.
    const team = await t.factories.organisation('support_team', 'Ander team (berichten)');
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    const parent = await t.factories.user('parent');
    const { id: caseId } = await t.factories.case({ teamId: team.id, createdById: counsellor.id });
    await t.factories.participant(caseId, counsellor.id, 'counsellor');
    await t.factories.participant(caseId, parent.id, 'parent');
    const thread = await t.http().post(`/api/cases/${caseId}/threads`).set(bearer(counsellor)).send({ title: 'Vreemd gesprek', memberIds: [parent.id] });
    if (thread.status !== 201) throw new Error(`matrix thread failed: ${thread.status}`);
    const message = await t.http().post(`/api/threads/${thread.body.id}/messages`).set(bearer(parent)).send({ body: 'vreemd', clientMessageId: randomUUID() });
    if (message.status !== 201) throw new Error(`matrix message failed: ${message.status}`);
    return { messagingCaseId: caseId, messagingThreadId: thread.body.id, messagingMemberId: parent.id, messagingMessageId: message.body.id };
  },
  routes: [
    { method: 'POST', path: '/api/cases/:id/threads', access: Permission.Messaging, params: (f) => ({ id: f.messagingCaseId }), body: (f) => ({ title: 'Matrix', memberIds: [f.messagingMemberId] }) },
    { method: 'GET', path: '/api/cases/:id/threads', access: Permission.Messaging, params: (f) => ({ id: f.messagingCaseId }) },
    { method: 'POST', path: '/api/threads/:id/members', access: Permission.Messaging, params: (f) => ({ id: f.messagingThreadId }), body: (f) => ({ userId: f.messagingMemberId }) },
    { method: 'DELETE', path: '/api/threads/:id/members/:userId', access: Permission.Messaging, params: (f) => ({ id: f.messagingThreadId, userId: f.messagingMemberId }) },
    { method: 'GET', path: '/api/threads/:id/messages', access: Permission.Messaging, params: (f) => ({ id: f.messagingThreadId }) },
    { method: 'POST', path: '/api/threads/:id/messages', access: Permission.Messaging, params: (f) => ({ id: f.messagingThreadId }), body: () => ({ body: 'matrix', clientMessageId: randomUUID() }) },
    { method: 'POST', path: '/api/threads/:id/read', access: Permission.Messaging, params: (f) => ({ id: f.messagingThreadId }), body: (f) => ({ messageId: f.messagingMessageId }) },
    { method: 'GET', path: '/api/me/notifications', access: Permission.Self },
    { method: 'PUT', path: '/api/me/notifications', access: Permission.Self, body: () => ({ email: true }) },
  ],
};
