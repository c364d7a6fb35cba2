import type { Socket } from 'socket.io-client';
import * as openpgp from 'openpgp';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import {
  addMember, caseWithThread, decryptWith, download, encryptTo, encryptWithMetadata, makeKey, putKey, upload, type KeyPair,
} from './attachments.fixtures.js';
import { clientId, connectSocket, nextEvent, noEvent } from './messaging-fixtures.js';

const MAX = 3 * 1024 * 1024;

function binary(res: { body: unknown }): Buffer {
  return res.body as Buffer;
}

/**
 * Issue 17, attachments: the encrypted name and size of a file (the server keeps one packet it
 * cannot read and serves it behind each caller's own PKESK), and a late member who asks for access
 * and is given it by a member who can open the file.
 */
describe('attachments: encrypted metadata and access requests (e2e)', () => {
  let t: TestApp;
  let parent: TestUser;
  let counsellor: TestUser;
  let guardian: TestUser;
  let parentKey: KeyPair;
  let counsellorKey: KeyPair;
  let guardianKey: KeyPair;
  let caseId: string;
  let threadId: string;
  const sockets: Socket[] = [];

  const metadataOf = (user: TestUser, id: string) => t.http().get(`/api/attachments/${id}/metadata`).set(bearer(user))
    .buffer(true).parse((res, callback) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => callback(null, Buffer.concat(parts)));
    });
  const listOf = async (user: TestUser, thread = threadId) =>
    (await t.http().get(`/api/threads/${thread}/attachments`).set(bearer(user)).expect(200)).body as {
      maxUploadBytes: number;
      items: { id: string; messageId: string; uploadedBy: { userId: string; displayName: string }; encryptedSize: number; hasMetadata: boolean; canOpen: boolean;
        openers: { userId: string; displayName: string }[]; accessRequests: { userId: string; displayName: string; requestedAt: string }[] }[];
    };
  const ask = (user: TestUser, id: string) => t.http().post(`/api/attachments/${id}/access-requests`).set(bearer(user)).send({});
  const keysOf = async (user: TestUser, thread = threadId) => {
    const res = await t.http().get(`/api/threads/${thread}/recipients`).set(bearer(user)).expect(200);
    return res.body.keys as { userId: string; publicKey: string }[];
  };
  /** What "Delen met …" does in the browser: the session key from the small metadata message, re-encrypted to the member's key. */
  async function shareWith(sharer: TestUser, sharerKey: KeyPair, id: string, member: TestUser): Promise<void> {
    const small = binary(await metadataOf(sharer, id).expect(200));
    const [sessionKey] = await openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ binaryMessage: small }), decryptionKeys: sharerKey.privateKey });
    const armoredKey = (await keysOf(sharer)).find((k) => k.userId === member.id)!.publicKey;
    const pkesk = await openpgp.encryptSessionKey({
      ...sessionKey, algorithm: sessionKey.algorithm!, encryptionKeys: await openpgp.readKey({ armoredKey }), format: 'binary',
    }) as Uint8Array;
    await t.http().post(`/api/attachments/${id}/recipients`).set(bearer(sharer)).set('Content-Type', 'application/octet-stream').send(Buffer.from(pkesk)).expect(200);
  }
  async function sendFile(sender: TestUser, name: string, content: Buffer, thread = threadId): Promise<string> {
    const keys = await Promise.all((await keysOf(sender, thread)).map((k) => openpgp.readKey({ armoredKey: k.publicKey })));
    const sealed = await encryptWithMetadata(content, keys, { name, size: content.length, type: 'text/plain' });
    const res = await upload(t, sender, thread, sealed.message).set('Attachment-Metadata', sealed.metadata).expect(201);
    await t.http().post(`/api/threads/${thread}/messages`).set(bearer(sender))
      .send({ body: 'Ik heb een bijlage gestuurd.', clientMessageId: clientId(), attachmentIds: [res.body.id] }).expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp({ MAX_ATTACHMENT_BYTES: String(MAX), PUBLIC_URL: 'https://portaal.eenverhaal.test' });
    parent = await t.factories.user('parent', { displayName: 'Petra Ouder' });
    counsellor = await t.factories.user('counsellor', { displayName: 'Bram Begeleider' });
    guardian = await t.factories.user('partner', { displayName: 'Gerda Gezinsvoogd' });
    [parentKey, counsellorKey, guardianKey] = await Promise.all([makeKey(parent.email), makeKey(counsellor.email), makeKey(guardian.email)]);
    for (const [user, key] of [[parent, parentKey], [counsellor, counsellorKey], [guardian, guardianKey]] as const) await putKey(t, user, key);
    // The guardian takes part in the case from the start but joins the conversation later.
    ({ caseId, threadId } = await caseWithThread(t, [counsellor, parent], [guardian]));
  }, 60_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  it('keeps a file\'s name, size and type sealed with its session key; members read them, the server cannot', async () => {
    const content = Buffer.from('Verslag van het gesprek op 3 maart.\n'.repeat(200));
    const id = await sendFile(counsellor, 'verslag-gesprek.txt', content);

    const list = await listOf(parent);
    expect(list.maxUploadBytes).toBe(MAX);
    const item = list.items.find((i) => i.id === id)!;
    expect(item).toMatchObject({ hasMetadata: true, canOpen: true, accessRequests: [], uploadedBy: { userId: counsellor.id, displayName: 'Bram Begeleider' } });
    expect(item.openers.map((o) => o.displayName)).toEqual(['Bram Begeleider', 'Petra Ouder']);
    expect(item.encryptedSize).toBeGreaterThan(content.length);

    // Only the caller's own PKESK comes with it: the counsellor's key cannot open the parent's copy.
    const small = binary(await metadataOf(parent, id).expect(200));
    expect(small.length).toBeLessThan(1024);
    expect(JSON.parse((await decryptWith(small, parentKey.privateKey)).toString('utf8'))).toEqual({ name: 'verslag-gesprek.txt', size: content.length, type: 'text/plain' });
    await expect(decryptWith(small, counsellorKey.privateKey)).rejects.toThrow();
    // The server holds ciphertext only.
    const [row] = await t.dataSource.query(`SELECT metadata FROM attachment WHERE id = $1`, [id]);
    expect((row.metadata as Buffer).includes(Buffer.from('verslag'))).toBe(false);
    const [event] = await t.dataSource.query(
      `SELECT details FROM audit_event WHERE action = 'attachment.read' AND subject_id = $1 ORDER BY occurred_at DESC LIMIT 1`, [id]);
    expect(event.details).toMatchObject({ part: 'metadata' });
  }, 60_000);

  it('refuses metadata that is not one encrypted data packet of the file\'s kind, before anything is stored', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM attachment`))[0].n;
    const keys = [parentKey.publicKey, counsellorKey.publicKey];
    const file = await encryptTo(Buffer.from('inhoud'), keys);
    const whole = await encryptTo(Buffer.from('{"name":"x"}'), keys);
    const literal = Buffer.from((await openpgp.createMessage({ binary: Buffer.from('{"name":"x"}') })).write() as Uint8Array);
    const modern = await makeKey('modern@example.test', { v6: true });
    const aead = (await encryptWithMetadata(Buffer.from('x'), [modern.publicKey], { name: 'x' })).metadata;
    for (const [header, detail] of [
      ['dit is geen base64!', 'not_base64'],
      [whole.toString('base64'), 'unsupported_packet'],
      [literal.toString('base64'), 'not_encrypted'],
      [Buffer.alloc(5000, 1).toString('base64'), 'not_base64'],
      [aead, 'version_mismatch'],
    ]) {
      const res = await upload(t, parent, threadId, file).set('Attachment-Metadata', header);
      expect({ status: res.status, code: res.body.code, field: res.body.field, detail: res.body.detail }).toEqual({ status: 400, code: 'invalid_metadata', field: 'Attachment-Metadata', detail });
    }
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM attachment`))[0].n).toBe(before);
  }, 60_000);

  it('a late member asks for access; the members who can open it are told, one shares it, and it opens with its name', async () => {
    const content = Buffer.from('Afspraken over de bezoeken.\n');
    const id = await sendFile(parent, 'afspraken-bezoek.txt', content);
    await addMember(t, threadId, guardian);

    // The guardian sees the attachment, cannot open it, and learns who can share it.
    const seen = (await listOf(guardian)).items.find((i) => i.id === id)!;
    expect(seen).toMatchObject({ canOpen: false, hasMetadata: true, accessRequests: [] });
    expect(seen.openers.map((o) => o.userId).sort()).toEqual([parent.id, counsellor.id].sort());
    const refused = await metadataOf(guardian, id).expect(403);
    expect(JSON.parse(refused.body.toString()).code).toBe('no_access_yet');

    const parentSocket = await connectSocket(t.baseUrl, { token: parent.token });
    const counsellorSocket = await connectSocket(t.baseUrl, { token: counsellor.token });
    const guardianSocket = await connectSocket(t.baseUrl, { token: guardian.token });
    sockets.push(parentSocket, counsellorSocket, guardianSocket);
    const toParent = nextEvent(parentSocket, 'attachment:access-requested');
    const toCounsellor = nextEvent(counsellorSocket, 'attachment:access-requested');
    const notToGuardian = noEvent(guardianSocket, 'attachment:access-requested', 1500);

    const asked = await ask(guardian, id).expect(201);
    expect(asked.body.openers.map((o: { userId: string }) => o.userId).sort()).toEqual([parent.id, counsellor.id].sort());
    const expected = { threadId, attachmentId: id, requester: { userId: guardian.id, displayName: 'Gerda Gezinsvoogd' } };
    expect(await toParent).toEqual(expected);
    expect(await toCounsellor).toEqual(expected);
    expect(await notToGuardian).toBe(true);

    // Asking again changes nothing and tells nobody twice.
    const quiet = noEvent(parentSocket, 'attachment:access-requested', 1000);
    const again = await ask(guardian, id).expect(200);
    expect(again.body.requestedAt).toBe(asked.body.requestedAt);
    expect(await quiet).toBe(true);
    const audited = await t.dataSource.query(`SELECT actor_user_id, case_id FROM audit_event WHERE action = 'attachment.access.requested' AND subject_id = $1`, [id]);
    expect(audited).toEqual([{ actor_user_id: guardian.id, case_id: caseId }]);

    // The request stays in the list after a reload, for everyone in the conversation.
    const pending = (await listOf(parent)).items.find((i) => i.id === id)!;
    expect(pending.accessRequests).toEqual([{ userId: guardian.id, displayName: 'Gerda Gezinsvoogd', requestedAt: asked.body.requestedAt }]);

    // The parent shares it (only the new PKESK goes up): the request is answered and the guardian is told.
    const toGuardian = nextEvent(guardianSocket, 'attachment:shared');
    const toCounsellorShared = nextEvent(counsellorSocket, 'attachment:shared');
    await shareWith(parent, parentKey, id, guardian);
    expect(await toGuardian).toEqual({ threadId, attachmentId: id });
    expect(await toCounsellorShared).toEqual({ threadId, attachmentId: id });
    const after = (await listOf(guardian)).items.find((i) => i.id === id)!;
    expect(after).toMatchObject({ canOpen: true, accessRequests: [] });
    const [share] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'attachment.share' AND subject_id = $1`, [id]);
    expect(share.details).toMatchObject({ addedUserIds: [guardian.id], fulfilledRequests: [guardian.id] });

    const small = binary(await metadataOf(guardian, id).expect(200));
    expect(JSON.parse((await decryptWith(small, guardianKey.privateKey)).toString()).name).toBe('afspraken-bezoek.txt');
    expect((await decryptWith(binary(await download(t, guardian, id).expect(200)), guardianKey.privateKey)).equals(content)).toBe(true);
    expect((await ask(guardian, id).expect(409)).body.code).toBe('already_has_access');
  }, 60_000);

  it('lets only a member who can read the message ask, and only with a key', async () => {
    const id = await sendFile(counsellor, 'plan.txt', Buffer.from('Plan'));
    // Joined without the earlier messages: the attachment is not theirs to see, so not to ask for either.
    const late = await t.factories.user('foster_parent');
    await putKey(t, late, await makeKey(late.email));
    await t.factories.participant(caseId, late.id, 'foster_parent');
    await t.factories.threadMember(threadId, late.id, { fromNow: true });
    expect((await listOf(late)).items).toEqual([]);
    expect((await ask(late, id).expect(404)).body.code).toBe('not_found');

    // A member without a key: nothing could be shared with them yet.
    const keyless = await t.factories.user('child');
    await t.factories.participant(caseId, keyless.id, 'child');
    await addMember(t, threadId, keyless);
    expect((await ask(keyless, id).expect(422)).body.code).toBe('key_required');
    // Someone outside the conversation: the same 404 as for no attachment at all.
    const outsider = await t.factories.user('parent');
    await putKey(t, outsider, await makeKey(outsider.email));
    expect((await ask(outsider, id).expect(404)).body.code).toBe('not_found');
    await metadataOf(outsider, id).expect(404);
  }, 60_000);

  it('a lost passphrase: after a new key earlier files no longer open, and the member asks again', async () => {
    const id = await sendFile(counsellor, 'brief-rechter.txt', Buffer.from('Brief'));
    expect((await listOf(parent)).items.find((i) => i.id === id)!.canOpen).toBe(true);
    const fresh = await makeKey(parent.email);
    await putKey(t, parent, fresh);
    const item = (await listOf(parent)).items.find((i) => i.id === id)!;
    expect(item.canOpen).toBe(false);
    expect(item.openers.map((o) => o.userId)).not.toContain(parent.id);
    await metadataOf(parent, id).expect(403);
    await ask(parent, id).expect(201);
    await shareWith(counsellor, counsellorKey, id, parent);
    const small = binary(await metadataOf(parent, id).expect(200));
    expect(JSON.parse((await decryptWith(small, fresh.privateKey)).toString()).name).toBe('brief-rechter.txt');
    parentKey = fresh;
  }, 60_000);

  it('keeps files sent without metadata working, with a plain 404 for their metadata', async () => {
    const { threadId: other } = await caseWithThread(t, [counsellor, parent]);
    const res = await upload(t, parent, other, await encryptTo(Buffer.from('oud'), [parentKey.publicKey, counsellorKey.publicKey])).expect(201);
    await t.http().post(`/api/threads/${other}/messages`).set(bearer(parent))
      .send({ body: 'Oude bijlage', clientMessageId: clientId(), attachmentIds: [res.body.id] }).expect(201);
    expect((await listOf(counsellor, other)).items).toEqual([expect.objectContaining({ id: res.body.id, hasMetadata: false, canOpen: true })]);
    const missing = await metadataOf(counsellor, res.body.id).expect(404);
    expect(JSON.parse(missing.body.toString()).code).toBe('metadata_not_found');
  }, 60_000);
});
