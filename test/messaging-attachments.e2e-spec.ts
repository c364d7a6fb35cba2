import { caseWithThread, encryptTo, makeKey, putKey, upload } from './attachments.fixtures.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { clientId } from './messaging-fixtures.js';

describe('messages with attachments (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('links attachments uploaded to the same thread, in order; refuses ones of another thread', async () => {
    const parent = await t.factories.user('parent');
    const key = await makeKey(parent.email);
    await putKey(t, parent, key);
    const { threadId } = await caseWithThread(t, [parent]);
    const { threadId: otherThread } = await caseWithThread(t, [parent]);
    const ids: string[] = [];
    for (const text of ['een', 'twee']) {
      const res = await upload(t, parent, threadId, await encryptTo(Buffer.from(text), [key.publicKey]));
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const foreign = await upload(t, parent, otherThread, await encryptTo(Buffer.from('ander'), [key.publicKey]));
    expect(foreign.status).toBe(201);

    const sent = await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(parent))
      .send({ body: 'Twee bijlagen', clientMessageId: clientId(), attachmentIds: [ids[1], ids[0]] }).expect(201);
    expect(sent.body.attachments).toEqual([{ id: ids[1] }, { id: ids[0] }]);
    const page = await t.http().get(`/api/threads/${threadId}/messages`).set(bearer(parent)).expect(200);
    expect(page.body.items.at(-1).attachments).toEqual([{ id: ids[1] }, { id: ids[0] }]);

    const refused = await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(parent))
      .send({ body: 'Verkeerde bijlage', clientMessageId: clientId(), attachmentIds: [foreign.body.id] }).expect(422);
    expect(refused.body).toMatchObject({ code: 'unknown_attachments', attachmentIds: [foreign.body.id] });
  }, 60_000);
});
