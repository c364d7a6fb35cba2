import { randomBytes, randomUUID } from 'node:crypto';
import * as openpgp from 'openpgp';
import { AccessService } from '../../src/access/access.service.js';
import { AttachmentsService } from '../../src/attachments/attachments.service.js';
import { Permission } from '../../src/auth/permission.js';
import { MessagesService } from '../../src/messaging/messages.service.js';
import { ThreadsService } from '../../src/messaging/threads.service.js';
import type { TestKey, TestUser } from '../helpers/factories.js';
import { createServiceContext, type ServiceContext } from '../helpers/service-context.js';

async function readAll(download: { head: Buffer; data: AsyncIterable<Buffer> | null }): Promise<Uint8Array> {
  const chunks = [download.head];
  if (download.data) for await (const chunk of download.data) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function decrypt(bytes: Uint8Array, key: TestKey): Promise<Uint8Array> {
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: bytes }), decryptionKeys: key.privateKey, format: 'binary' });
  return data as Uint8Array;
}

/**
 * Attachments at service level, with real OpenPGP and without HTTP: who may reach a file (the access
 * layer), who can open it (their key is a recipient), and a late member's request for access.
 */
describe('attachments and the access layer (service level)', () => {
  let s: ServiceContext;
  let counsellor: TestUser;
  let parent: TestUser;
  let guardian: TestUser;
  let outsider: TestUser;
  const keys = new Map<string, TestKey>();
  let threadId: string;
  let attachmentId: string;
  const plaintext = randomBytes(5000);

  beforeAll(async () => {
    s = await createServiceContext();
    const f = s.factories;
    const team = await f.organisation('support_team');
    counsellor = await f.user('counsellor', { organisationId: team.id });
    parent = await f.user('parent');
    guardian = await f.user('partner');
    outsider = await f.user('partner');
    for (const user of [counsellor, parent, guardian, outsider]) keys.set(user.id, await f.key(user));
    const { id: caseId } = await f.case({ teamId: team.id, createdById: counsellor.id, leadId: counsellor.id });
    await f.participant(caseId, counsellor.id, 'counsellor');
    await f.participant(caseId, parent.id, 'parent');
    await f.participant(caseId, guardian.id, 'guardian');
    threadId = await f.thread(caseId, counsellor.id, [counsellor.id, parent.id], 'Verslagen');
    attachmentId = await s.attachment(counsellor, threadId, plaintext);
    await s.as(counsellor, (auth) => s.get(MessagesService).send(auth, threadId, { body: 'Het verslag.', clientMessageId: randomUUID(), attachmentIds: [attachmentId] }));
    // The guardian joins later, with the history: they see the message, but the file was not encrypted to them.
    await s.as(counsellor, (auth) => s.get(ThreadsService).addMember(auth, threadId, guardian.id, { shareHistory: true }));
  });
  afterAll(() => s.close());

  it('opens for the members it was encrypted to, with the exact bytes', async () => {
    const download = await s.as(parent, (auth) => s.get(AttachmentsService).download(auth, attachmentId));
    expect(Buffer.from(await decrypt(await readAll(download), keys.get(parent.id)!))).toEqual(plaintext);
  });

  it('reaches a late member, who cannot open it and is told who can; their request is seen by those who can share', async () => {
    const seen = await s.as(guardian, (auth) => s.get(AttachmentsService).listForThread(auth, threadId));
    const file = seen.items.find((a) => a.id === attachmentId)!;
    expect(file.canOpen).toBe(false);
    expect(file.openers.map((o) => o.userId).sort()).toEqual([counsellor.id, parent.id].sort());
    const download = await s.as(guardian, (auth) => s.get(AttachmentsService).download(auth, attachmentId));
    await expect(decrypt(await readAll(download), keys.get(guardian.id)!)).rejects.toThrow();

    await s.as(guardian, (auth) => s.get(AttachmentsService).requestAccess(auth, attachmentId));
    const forParent = await s.as(parent, (auth) => s.get(AttachmentsService).listForThread(auth, threadId));
    expect(forParent.items.find((a) => a.id === attachmentId)?.accessRequests.map((r) => r.userId)).toEqual([guardian.id]);
  });

  it('answers several files and several people in one call each: only what the caller may reach', async () => {
    const unknown = randomUUID();
    const reach = async (user: TestUser) => [...(await s.as(user, (auth) => s.get(AccessService).checkAttachments(auth, Permission.Messaging, [attachmentId, unknown]))).keys()];
    expect(await reach(guardian)).toEqual([attachmentId]);
    expect(await reach(outsider)).toEqual([]);
    const keysOf = async (user: TestUser) =>
      [...(await s.as(user, (auth) => s.get(AccessService).checkUsers(auth, Permission.UserKeyRead, [counsellor.id, parent.id, guardian.id, outsider.id, unknown])))].sort();
    expect(await keysOf(parent)).toEqual([counsellor.id, parent.id, guardian.id].sort());
    expect(await keysOf(outsider)).toEqual([outsider.id]);
  });

  it('is the same 404 as an unknown file for anyone outside the thread', async () => {
    for (const id of [attachmentId, randomUUID()]) {
      await expect(s.as(outsider, (auth) => s.get(AccessService).requireAttachment(auth, Permission.Messaging, id))).rejects.toMatchObject({ code: 'not_found' });
    }
    const thread = await s.as(guardian, (auth) => s.get(AccessService).requireAttachment(auth, Permission.Messaging, attachmentId));
    expect(thread.threadId).toBe(threadId);
  });
});
