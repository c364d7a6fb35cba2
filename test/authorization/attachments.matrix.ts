import * as openpgp from 'openpgp';
import { Permission } from '../../src/auth/permission.js';
import { bearer } from '../helpers/factories.js';
import { caseWithThread, encryptTo, makeKey, putKey } from '../attachments.fixtures.js';
import type { MatrixModule } from './route-spec.js';

/** A valid encrypted message and a valid PKESK, created once; only authorization may refuse them. */
const material: { message: Buffer; pkesk: Buffer; armoredKey: string } = {
  message: Buffer.alloc(0),
  pkesk: Buffer.alloc(0),
  armoredKey: '',
};

export const attachmentsMatrix: MatrixModule = {
  name: 'attachments',
  setup: async (t) => {
    // A foreign world: a case of another team, a thread, a member with a key, and an attachment in it.
    const member = await t.factories.user('parent');
    const key = await makeKey(member.email);
    await putKey(t, member, key);
    const { threadId } = await caseWithThread(t, [member]);
    material.message = await encryptTo(Buffer.from('matrix'), [key.publicKey]);
    const res = await t.http().post(`/api/threads/${threadId}/attachments`).set(bearer(member))
      .set('Content-Type', 'application/octet-stream').send(material.message);
    if (res.status !== 201) throw new Error(`matrix attachment upload failed: ${res.status}`);
    const [sessionKey] = await openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ binaryMessage: material.message }), decryptionKeys: key.privateKey });
    material.pkesk = Buffer.from(await openpgp.encryptSessionKey({ ...sessionKey, algorithm: sessionKey.algorithm!, encryptionKeys: key.publicKey, format: 'binary' }) as Uint8Array);
    material.armoredKey = (await makeKey('matrix-caller@example.test')).armoredPublic;
    return { attachmentsThreadId: threadId, attachmentId: res.body.id, keyOwnerId: member.id };
  },
  routes: [
    // A caller's own key: the body carries someone else's email, so it answers 422, never 401/403.
    { method: 'PUT', path: '/api/me/keys', access: Permission.Self, body: () => ({ publicKey: material.armoredKey }) },
    { method: 'GET', path: '/api/me/keys', access: Permission.Self },
    { method: 'GET', path: '/api/users/:id/keys', access: Permission.Self, params: (f) => ({ id: f.keyOwnerId }) },
    { method: 'GET', path: '/api/threads/:id/recipients', access: Permission.Messaging, params: (f) => ({ id: f.attachmentsThreadId }) },
    { method: 'GET', path: '/api/threads/:id/attachments', access: Permission.Messaging, params: (f) => ({ id: f.attachmentsThreadId }) },
    {
      method: 'POST', path: '/api/threads/:id/attachments', access: Permission.Messaging, params: (f) => ({ id: f.attachmentsThreadId }),
      get raw() { return { contentType: 'application/octet-stream', data: material.message }; },
    },
    { method: 'GET', path: '/api/attachments/:id', access: Permission.Messaging, params: (f) => ({ id: f.attachmentId }) },
    { method: 'GET', path: '/api/attachments/:id/recipients', access: Permission.Messaging, params: (f) => ({ id: f.attachmentId }) },
    { method: 'GET', path: '/api/attachments/:id/metadata', access: Permission.Messaging, params: (f) => ({ id: f.attachmentId }) },
    { method: 'POST', path: '/api/attachments/:id/access-requests', access: Permission.Messaging, params: (f) => ({ id: f.attachmentId }), body: () => ({}) },
    {
      method: 'POST', path: '/api/attachments/:id/recipients', access: Permission.Messaging, params: (f) => ({ id: f.attachmentId }),
      get raw() { return { contentType: 'application/octet-stream', data: material.pkesk }; },
    },
  ],
};
