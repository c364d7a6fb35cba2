import type { Socket } from 'socket.io-client';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseScene, clientId, connectSocket, nextEvent, type CaseScene } from './messaging-fixtures.js';

interface Message { id: string; body: string }

/**
 * Security review, finding 5: a partner in a conversation must not widen its audience, and someone
 * added later reads only what was written after they joined, unless the adder shares the history.
 */
describe('thread members: who may add, and what a new member reads (e2e)', () => {
  let t: TestApp;
  let s: CaseScene;
  const open: Socket[] = [];
  const post = (threadId: string, user: { token: string }, body: object) =>
    t.http().post(`/api/threads/${threadId}/members`).set(bearer(user)).send(body);
  const messages = async (threadId: string, user: { token: string }, query = '') =>
    (await t.http().get(`/api/threads/${threadId}/messages${query}`).set(bearer(user)).expect(200)).body.items as Message[];
  const send = async (threadId: string, user: { token: string }, body: string) =>
    (await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(user)).send({ body, clientMessageId: clientId() }).expect(201)).body as Message;

  beforeAll(async () => {
    t = await createTestApp();
    s = await caseScene(t.factories);
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  const newThread = async () => (await t.http().post(`/api/cases/${s.caseId}/threads`).set(bearer(s.counsellor))
    .send({ title: 'Omgang', memberIds: [s.parent.id, s.guardian.id] }).expect(201)).body.id as string;
  const newPartner = async (caseRole: 'board' | 'other' = 'board', displayName?: string) => {
    const user = await t.factories.user('partner', { displayName });
    await t.factories.participant(s.caseId, user.id, caseRole);
    return user;
  };

  it('refuses a partner who is a member (403 with a code) and a non-member (404); nothing is added', async () => {
    const threadId = await newThread();
    await send(threadId, s.parent, 'Wat ik alleen met mijn begeleider en de voogd deel.');
    const board = await newPartner();
    const refused = await post(threadId, s.guardian, { userId: board.id }).expect(403);
    expect(refused.body).toMatchObject({ code: 'member_add_forbidden' });
    await post(threadId, s.guardian, { userId: board.id, shareHistory: true }).expect(403);
    // Not in the thread at all: the thread does not exist for them.
    expect((await post(threadId, board, { userId: board.id }).expect(404)).body.code).toBe('not_found');
    const members = await t.dataSource.query(`SELECT 1 FROM thread_member WHERE thread_id = $1 AND user_id = $2`, [threadId, board.id]);
    expect(members).toHaveLength(0);
    await t.http().get(`/api/threads/${threadId}/messages`).set(bearer(board)).expect(404);
  });

  it('refuses a malformed shareHistory naming the field', async () => {
    const threadId = await newThread();
    const res = await post(threadId, s.counsellor, { userId: s.guardian.id, shareHistory: 'yes' }).expect(400);
    expect(res.body.fields).toEqual(['shareHistory']);
  });

  it('a member added without shareHistory reads only what came after (HTTP list, cursors, read marker, unread count)', async () => {
    const threadId = await newThread();
    const earlier = await send(threadId, s.parent, 'Eerder bericht van de ouder');
    const board = await newPartner();
    await post(threadId, s.counsellor, { userId: board.id }).expect(201);
    expect(await messages(threadId, board)).toEqual([]);
    // The earlier message cannot serve as a cursor or be marked read: it does not exist for them.
    expect((await t.http().get(`/api/threads/${threadId}/messages?after=${earlier.id}`).set(bearer(board)).expect(400)).body.code).toBe('invalid_cursor');
    await t.http().post(`/api/threads/${threadId}/read`).set(bearer(board)).send({ messageId: earlier.id }).expect(404);
    const listed = (await t.http().get(`/api/cases/${s.caseId}/threads`).set(bearer(board)).expect(200)).body;
    expect(listed.find((th: { id: string }) => th.id === threadId).unreadCount).toBe(0);

    const later = await send(threadId, s.parent, 'Later bericht');
    expect((await messages(threadId, board)).map((m) => m.body)).toEqual(['Later bericht']);
    expect((await messages(threadId, board, `?before=${later.id}`))).toEqual([]);
    expect((await t.http().get(`/api/cases/${s.caseId}/threads`).set(bearer(board)).expect(200)).body
      .find((th: { id: string }) => th.id === threadId).unreadCount).toBe(1);
    // The members from the start still read everything.
    expect((await messages(threadId, s.guardian)).map((m) => m.body)).toEqual(['Eerder bericht van de ouder', 'Later bericht']);
  });

  it('over the socket: the new member gets thread:added and new messages only; catching up from it stays after the join', async () => {
    const threadId = await newThread();
    await send(threadId, s.parent, 'Voor de toevoeging');
    const board = await newPartner();
    const socket = await connectSocket(t.baseUrl, { token: board.token });
    open.push(socket);
    const added = nextEvent<{ thread: { id: string; unreadCount: number } }>(socket, 'thread:added', 3000, (p) => p.thread.id === threadId);
    await post(threadId, s.counsellor, { userId: board.id }).expect(201);
    expect((await added).thread.unreadCount).toBe(0);
    const live = nextEvent<{ threadId: string; message: Message }>(socket, 'message:new', 3000, (p) => p.threadId === threadId);
    const after = await send(threadId, s.counsellor, 'Na de toevoeging');
    expect((await live).message.body).toBe('Na de toevoeging');
    // A client catching up after a reconnect (no cursor yet, then from the last one it saw).
    expect((await messages(threadId, board)).map((m) => m.body)).toEqual(['Na de toevoeging']);
    expect(await messages(threadId, board, `?after=${after.id}`)).toEqual([]);
    // Sending over the socket works for the new member, and the ack carries only their message.
    const ack = await socket.timeout(3000).emitWithAck('message:send', { threadId, body: 'Hallo', clientMessageId: clientId() }) as { ok: boolean; message: Message };
    expect(ack).toMatchObject({ ok: true, message: { body: 'Hallo' } });
    expect((await messages(threadId, board)).map((m) => m.body)).toEqual(['Na de toevoeging', 'Hallo']);
  });

  it('a parent may add someone and share the history; the parent\'s access log says who was added, by whom', async () => {
    const threadId = await newThread();
    await send(threadId, s.parent, 'Mijn verhaal in het kort');
    const board = await newPartner('board', 'Rob Raad');
    const other = await newPartner('other', 'Olga Overig');
    await post(threadId, s.parent, { userId: board.id, shareHistory: true }).expect(201);
    expect((await messages(threadId, board)).map((m) => m.body)).toEqual(['Mijn verhaal in het kort']);
    await post(threadId, s.counsellor, { userId: other.id }).expect(201);

    const log = (await t.http().get(`/api/cases/${s.caseId}/access-log`).set(bearer(s.parent)).expect(200)).body.items as
      { action: string; what: string; actor: { id: string } | null; description: string }[];
    const adds = log.filter((e) => e.action === 'thread.member.add');
    expect(adds.map((e) => [e.actor?.id, e.what])).toEqual(expect.arrayContaining([
      [s.parent.id, 'voegde Rob Raad toe aan een gesprek, met de berichten van vóór dat moment'],
      [s.counsellor.id, 'voegde Olga Overig toe aan een gesprek'],
    ]));
    const byCounsellor = adds.find((e) => e.what === 'voegde Olga Overig toe aan een gesprek')!;
    expect(byCounsellor.description).toContain(s.counsellor.displayName);
    const en = (await t.http().get(`/api/cases/${s.caseId}/access-log`).set(bearer(s.parent)).set('Accept-Language', 'en').expect(200)).body.items as { action: string; what: string }[];
    expect(en.filter((e) => e.action === 'thread.member.add').map((e) => e.what)).toEqual(expect.arrayContaining([
      'added Rob Raad to a conversation, including the messages from before', 'added Olga Overig to a conversation',
    ]));
    // Starting the thread and sending are named in plain words too (the phrase keys are the recorded actions).
    expect(log.find((e) => e.action === 'thread.create')?.what).toBe('begon een gesprek');
    expect(log.find((e) => e.action === 'message.create')?.what).toBe('stuurde een bericht');
    const [event] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_event WHERE action = 'thread.member.add' AND subject_id = $1 AND details->>'userId' = $2`, [threadId, board.id]);
    expect(event).toEqual({ actor_user_id: s.parent.id, details: { userId: board.id, shareHistory: true } });
  });

  it('a handover passes on what the previous counsellor could read, no more', async () => {
    const threadId = await newThread();
    await send(threadId, s.parent, 'Voor de tweede begeleider');
    const second = await t.factories.user('counsellor', { organisationId: s.teamId });
    await t.factories.participant(s.caseId, second.id, 'counsellor');
    await post(threadId, s.counsellor, { userId: second.id }).expect(201);
    await send(threadId, s.parent, 'Na de tweede begeleider');
    await t.dataSource.query(`UPDATE case_file SET lead_counsellor_id = $2 WHERE id = $1`, [s.caseId, second.id]);
    const third = await t.factories.user('counsellor', { organisationId: s.teamId });
    const coordinator = await t.factories.user('coordinator', { organisationId: s.teamId });
    await t.http().post(`/api/cases/${s.caseId}/handover`).set(bearer(coordinator)).send({ toCounsellorId: third.id, reason: 'Test' }).expect(200);
    // The lead joined after the first message: so does the new lead. The first counsellor still reads it all.
    expect((await messages(threadId, third)).map((m) => m.body)).toEqual(['Na de tweede begeleider']);
    expect((await messages(threadId, s.counsellor)).map((m) => m.body)).toEqual(['Voor de tweede begeleider', 'Na de tweede begeleider']);
  });
});
