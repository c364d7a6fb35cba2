import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Socket } from 'socket.io-client';
import { CaseUpdatePosted, ParticipantRemoving } from '../src/cases/cases.events.js';
import { TransactionHost } from '../src/database/transaction-host.js';
import { RealtimeService } from '../src/messaging/realtime/realtime.service.js';
import { bearer, TEST_PASSWORD } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import {
  caseScene, clientId, connectSocket, nextEvent, noEvent, waitForDisconnect, type CaseScene,
} from './messaging-fixtures.js';

interface Ack { ok: boolean; message?: { id: string; body: string; threadId: string }; error?: { code: string; fields?: string[] } }

describe('realtime: socket.io gateway (e2e)', () => {
  let t: TestApp;
  let s: CaseScene;
  let threadId: string;
  const open: Socket[] = [];

  const connect = async (user: { token: string }, headers?: Record<string, string>) => {
    const socket = await connectSocket(t.baseUrl, { token: user.token, headers });
    open.push(socket);
    return socket;
  };
  const sendAck = (socket: Socket, payload: unknown) => socket.timeout(3000).emitWithAck('message:send', payload) as Promise<Ack>;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://portaal.eenverhaal.test', TYPING_MAX_PER_10_SECONDS: '3' });
    s = await caseScene(t.factories);
    threadId = (await t.http().post(`/api/cases/${s.caseId}/threads`).set(bearer(s.counsellor))
      .send({ title: 'Live', memberIds: [s.parent.id] }).expect(201)).body.id;
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  describe('handshake', () => {
    it('accepts auth.token, a Bearer header and the session cookie', async () => {
      const a = await connect(s.parent);
      expect(a.connected).toBe(true);
      const b = await connectSocket(t.baseUrl, { headers: { Authorization: `Bearer ${s.parent.token}` } });
      open.push(b);
      const c = await connectSocket(t.baseUrl, { headers: { Cookie: `ev_session=${encodeURIComponent(s.parent.token)}` } });
      open.push(c);
      expect(b.connected && c.connected).toBe(true);
    });

    it('refuses a missing, bad, revoked or expired token with connect_error', async () => {
      await expect(connectSocket(t.baseUrl)).rejects.toMatchObject({ message: 'not_authenticated' });
      await expect(connectSocket(t.baseUrl, { token: 'not-a-real-token' })).rejects.toMatchObject({ message: 'not_authenticated', data: { code: 'not_authenticated' } });
      const user = await t.factories.user('parent');
      await t.dataSource.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      await expect(connectSocket(t.baseUrl, { token: user.token })).rejects.toMatchObject({ message: 'not_authenticated' });
      const other = await t.factories.user('parent');
      await t.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [other.id]);
      await expect(connectSocket(t.baseUrl, { token: other.token })).rejects.toMatchObject({ message: 'not_authenticated' });
    });

    it('refuses a professional whose session has not passed the second factor', async () => {
      const counsellor = await t.factories.user('counsellor', { totp: false });
      // Without TOTP enrolled, a professional's session has not passed a second factor.
      const token = await t.factories.session(counsellor.id, false);
      await expect(connectSocket(t.baseUrl, { token })).rejects.toMatchObject({ message: 'totp_required' });
    });

    it('checks the Origin: PUBLIC_URL and no Origin pass, another site is refused', async () => {
      const same = await connect(s.parent, { Origin: 'https://portaal.eenverhaal.test' });
      expect(same.connected).toBe(true);
      await expect(connectSocket(t.baseUrl, { token: s.parent.token, headers: { Origin: 'https://evil.example' } }))
        .rejects.toMatchObject({ message: 'origin_not_allowed' });
      await expect(connectSocket(t.baseUrl, { token: s.parent.token, headers: { Origin: 'null' } }))
        .rejects.toMatchObject({ message: 'origin_not_allowed' });
    });

    it('accepts a browser on the very host it connected to (same origin under another name)', async () => {
      const sameHost = await connect(s.parent, { Origin: t.baseUrl });
      expect(sameHost.connected).toBe(true);
    });
  });

  describe('messages and rooms', () => {
    it('takes a user\'s sockets out of a room, and into it, on this node at once, not after the cluster publish', async () => {
      const parent = await connect(s.parent);
      const realtime = t.app.get(RealtimeService);
      const typing = (socket: Socket, ms: number) => noEvent(socket, 'typing', ms).then((none) => !none);
      // In the thread's room from the handshake on.
      let heard = typing(parent, 1000);
      realtime.toThread(threadId, 'typing', { threadId, userId: s.counsellor.id });
      expect(await heard).toBe(true);

      // Removed: an event in the very same tick no longer reaches the socket.
      heard = typing(parent, 300);
      realtime.leaveThreads(s.parent.id, [threadId]);
      realtime.toThread(threadId, 'typing', { threadId, userId: s.counsellor.id });
      expect(await heard).toBe(false);

      // Added again: the next event reaches it at once too, and still once every node has the change.
      heard = typing(parent, 1000);
      realtime.joinThreads(s.parent.id, [threadId]);
      realtime.toThread(threadId, 'typing', { threadId, userId: s.counsellor.id });
      expect(await heard).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      heard = typing(parent, 1000);
      realtime.toThread(threadId, 'typing', { threadId, userId: s.counsellor.id });
      expect(await heard).toBe(true);
    });

    it('message:send acks with the stored message; members get message:new, others nothing', async () => {
      const parent = await connect(s.parent);
      const counsellor = await connect(s.counsellor);
      const guardian = await connect(s.guardian);
      const received = nextEvent<{ threadId: string; message: { id: string; body: string } }>(counsellor, 'message:new');
      const ack = await sendAck(parent, { threadId, body: 'Hallo via de socket', clientMessageId: clientId() });
      expect(ack).toMatchObject({ ok: true, message: { threadId, body: 'Hallo via de socket' } });
      const event = await received;
      expect(event).toEqual({ threadId, message: ack.message });
      expect(await noEvent(guardian, 'message:new', 300)).toBe(true);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM message WHERE id = $1`, [ack.message!.id]);
      expect(n).toBe(1);
      // The same clientMessageId over the socket returns the first message.
      const again = await sendAck(parent, { threadId, body: 'anders', clientMessageId: event.message.id === ack.message!.id ? (await t.dataSource.query(`SELECT client_message_id FROM message WHERE id = $1`, [ack.message!.id]))[0].client_message_id : 'x' });
      expect(again).toMatchObject({ ok: true, message: { id: ack.message!.id, body: 'Hallo via de socket' } });
    });

    it('answers malformed payloads with ok:false and a code, writes nothing, and the socket stays healthy', async () => {
      const parent = await connect(s.parent);
      const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM message`);
      const cases: unknown[] = [
        null, 'tekst', 42, [], {},
        { threadId, body: '', clientMessageId: clientId() },
        { threadId, body: 'x'.repeat(20001), clientMessageId: clientId() },
        { threadId: `thread:${threadId}`, body: 'x', clientMessageId: clientId() },
        { threadId, body: 'x', clientMessageId: clientId(), room: 'thread:anything' },
      ];
      for (const payload of cases) {
        const ack = await sendAck(parent, payload);
        expect(ack.ok).toBe(false);
        expect(ack.error?.code).toBe('validation_failed');
      }
      const foreign = await sendAck(parent, { threadId: t.factories.randomId(), body: 'x', clientMessageId: clientId() });
      expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM message`);
      expect(after).toBe(before);
      expect(parent.connected).toBe(true);
      const fine = await sendAck(parent, { threadId, body: 'nog steeds gezond', clientMessageId: clientId() });
      expect(fine.ok).toBe(true);
    });

    it('typing reaches the other members, not the sender; floods are limited per socket; foreign threads refused', async () => {
      const parent = await connect(s.parent);
      const counsellor = await connect(s.counsellor);
      const typing = nextEvent(counsellor, 'typing');
      const ack = await parent.timeout(2000).emitWithAck('typing', { threadId });
      expect(ack).toEqual({ ok: true });
      expect(await typing).toEqual({ threadId, userId: s.parent.id });
      expect(await noEvent(parent, 'typing', 200)).toBe(true);
      const acks = [];
      for (let i = 0; i < 5; i++) acks.push(await parent.timeout(2000).emitWithAck('typing', { threadId }));
      expect(acks.filter((a) => a.ok === false).map((a) => a.error.code)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
      const foreign = await counsellor.timeout(2000).emitWithAck('typing', { threadId: t.factories.randomId() });
      expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const malformed = await counsellor.timeout(2000).emitWithAck('typing', { threadId: 'thread:x' });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      expect(parent.connected && counsellor.connected).toBe(true);
    });

    it('joins threads added later (thread:added) and leaves on removal (thread:removed) within 1 s', async () => {
      const guardian = await connect(s.guardian);
      const counsellor = await connect(s.counsellor);
      const added = nextEvent<{ thread: { id: string } }>(guardian, 'thread:added');
      await t.http().post(`/api/threads/${threadId}/members`).set(bearer(s.counsellor)).send({ userId: s.guardian.id }).expect(201);
      expect((await added).thread.id).toBe(threadId);
      const got = nextEvent<{ message: { body: string } }>(guardian, 'message:new');
      await sendAck(counsellor, { threadId, body: 'welkom', clientMessageId: clientId() });
      expect((await got).message.body).toBe('welkom');

      const removed = nextEvent<{ threadId: string }>(guardian, 'thread:removed', 1000);
      await t.http().delete(`/api/threads/${threadId}/members/${s.guardian.id}`).set(bearer(s.counsellor)).expect(204);
      expect(await removed).toMatchObject({ threadId, caseId: s.caseId });
      await new Promise((r) => setTimeout(r, 100));
      const silent = noEvent(guardian, 'message:new', 500);
      await sendAck(counsellor, { threadId, body: 'niet meer voor de voogd', clientMessageId: clientId() });
      expect(await silent).toBe(true);
    });

    it('a socket connected later joins the threads the user is in', async () => {
      const parent = await connect(s.parent);
      const other = await connect(s.counsellor);
      const got = nextEvent<{ message: { body: string } }>(parent, 'message:new');
      await sendAck(other, { threadId, body: 'voor de ouder', clientMessageId: clientId() });
      expect((await got).message.body).toBe('voor de ouder');
    });

    it('REST sends and read markers are pushed too (message:new, message:read)', async () => {
      const counsellor = await connect(s.counsellor);
      const got = nextEvent<{ message: { id: string } }>(counsellor, 'message:new');
      const sent = await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(s.parent)).send({ body: 'via REST', clientMessageId: clientId() }).expect(201);
      expect((await got).message.id).toBe(sent.body.id);
      const read = nextEvent(counsellor, 'message:read');
      await t.http().post(`/api/threads/${threadId}/read`).set(bearer(s.parent)).send({ messageId: sent.body.id }).expect(200);
      expect(await read).toEqual({ threadId, userId: s.parent.id, messageId: sent.body.id });
    });
  });

  describe('closing live access within one second', () => {
    it('logout disconnects the sockets of that session only', async () => {
      const user = await t.factories.user('parent');
      const otherToken = await t.factories.session(user.id);
      const socket = await connect(user);
      const otherSession = await connect({ token: otherToken });
      const started = Date.now();
      await t.http().post('/api/auth/logout').set(bearer(user)).expect(204);
      await waitForDisconnect(socket, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await noEvent(otherSession, 'disconnect', 300)).toBe(true);
      expect(otherSession.connected).toBe(true);
    });

    it('revocation of other sessions (password change) disconnects their sockets', async () => {
      const user = await t.factories.user('parent');
      const otherToken = await t.factories.session(user.id);
      const other = await connect({ token: otherToken });
      await t.http().post('/api/me/password').set(bearer(user))
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'een-heel-nieuw-wachtwoord-2026' }).expect(204);
      await waitForDisconnect(other, 1000);
      await expect(connectSocket(t.baseUrl, { token: otherToken })).rejects.toMatchObject({ message: 'not_authenticated' });
    });

    it('a revoked session cannot send even before its socket is closed', async () => {
      const user = await t.factories.user('parent');
      await t.factories.participant(s.caseId, user.id, 'parent');
      await t.http().post(`/api/threads/${threadId}/members`).set(bearer(s.counsellor)).send({ userId: user.id }).expect(201);
      const socket = await connect(user);
      // Revoked behind the app's back (no event): the write path re-checks the session.
      await t.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [user.id]);
      const ack = await sendAck(socket, { threadId, body: 'x', clientMessageId: clientId() });
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
      await waitForDisconnect(socket, 1000);
    });

    it('removal from the case drops thread memberships in the same transaction and leaves the rooms', async () => {
      const user = await t.factories.user('partner');
      await t.factories.participant(s.caseId, user.id, 'guardian');
      await t.http().post(`/api/threads/${threadId}/members`).set(bearer(s.counsellor)).send({ userId: user.id }).expect(201);
      const socket = await connect(user);
      const counsellor = await connect(s.counsellor);
      const removed = nextEvent<{ threadId: string }>(socket, 'thread:removed', 1000);
      // The case module's endpoint: its transaction runs our in-transaction hook, then the after-commit notice.
      await t.http().delete(`/api/cases/${s.caseId}/participants/${user.id}`).set(bearer(s.counsellor)).expect(204);
      expect(await removed).toMatchObject({ threadId, caseId: s.caseId });
      const rows = await t.dataSource.query(`SELECT 1 FROM thread_member WHERE user_id = $1`, [user.id]);
      expect(rows).toHaveLength(0);
      const silent = noEvent(socket, 'message:new', 500);
      await sendAck(counsellor, { threadId, body: 'na verwijdering', clientMessageId: clientId() });
      expect(await silent).toBe(true);
    });

    it('a failed case change rolls back the membership removal too', async () => {
      const user = await t.factories.user('partner');
      await t.factories.participant(s.caseId, user.id, 'guardian');
      await t.http().post(`/api/threads/${threadId}/members`).set(bearer(s.counsellor)).send({ userId: user.id }).expect(201);
      const txHost = t.app.get(TransactionHost);
      const events = t.app.get(EventEmitter2);
      await expect(txHost.withTransaction(async () => {
        await events.emitAsync(ParticipantRemoving.event, new ParticipantRemoving(s.caseId, user.id));
        throw new Error('the case change failed');
      })).rejects.toThrow('the case change failed');
      const rows = await t.dataSource.query(`SELECT 1 FROM thread_member WHERE user_id = $1 AND thread_id = $2`, [user.id, threadId]);
      expect(rows).toHaveLength(1);
    });

    it('a handover moves thread memberships and rooms from one counsellor to the other', async () => {
      const from = await t.factories.user('counsellor', { organisationId: s.teamId });
      const to = await t.factories.user('counsellor', { organisationId: s.teamId });
      await t.factories.participant(s.caseId, from.id, 'counsellor');
      const thread = (await t.http().post(`/api/cases/${s.caseId}/threads`).set(bearer(from)).send({ title: 'Overdracht', memberIds: [s.parent.id] }).expect(201)).body.id;
      await t.http().post(`/api/threads/${thread}/messages`).set(bearer(from)).send({ body: 'geschiedenis', clientMessageId: clientId() }).expect(201);
      const fromSocket = await connect(from);
      const toSocket = await connect(to);
      const parent = await connect(s.parent);
      const removed = nextEvent<{ threadId: string }>(fromSocket, 'thread:removed', 1000);
      const added = nextEvent<{ thread: { id: string } }>(toSocket, 'thread:added', 1000);
      await t.dataSource.query(`UPDATE case_file SET lead_counsellor_id = $2 WHERE id = $1`, [s.caseId, from.id]);
      const coordinator = await t.factories.user('coordinator', { organisationId: s.teamId });
      await t.http().post(`/api/cases/${s.caseId}/handover`).set(bearer(coordinator))
        .send({ toCounsellorId: to.id, reason: 'Test van de overdracht' }).expect((res) => expect(res.status).toBeLessThan(300));
      expect((await removed).threadId).toBe(thread);
      expect((await added).thread.id).toBe(thread);
      const got = nextEvent<{ message: { body: string } }>(toSocket, 'message:new');
      const silent = noEvent(fromSocket, 'message:new', 500);
      await sendAck(parent, { threadId: thread, body: 'voor de nieuwe begeleider', clientMessageId: clientId() });
      expect((await got).message.body).toBe('voor de nieuwe begeleider');
      expect(await silent).toBe(true);
      // Nothing lost: the new counsellor reads the whole history.
      const history = await t.http().get(`/api/threads/${thread}/messages`).set(bearer(to)).expect(200);
      expect(history.body.items.map((m: { body: string }) => m.body)).toEqual(['geschiedenis', 'voor de nieuwe begeleider']);
      await t.http().get(`/api/threads/${thread}/messages`).set(bearer(from)).expect(404);
    });

    it('case:update goes to the audience only', async () => {
      const parent = await connect(s.parent);
      const guardian = await connect(s.guardian);
      const got = nextEvent(parent, 'case:update');
      const silent = noEvent(guardian, 'case:update', 400);
      const update = { id: 'u1', caseId: s.caseId, kind: 'note', body: 'Nieuws', visibility: 'everyone' as const, author: null, createdAt: '2026-05-12T10:00:00.000Z' };
      t.app.get(EventEmitter2).emit(CaseUpdatePosted.event, new CaseUpdatePosted(s.caseId, update, [s.parent.id]));
      expect(await got).toEqual({ caseId: s.caseId, update: { id: 'u1', caseId: s.caseId, kind: 'note', body: 'Nieuws', visibility: 'everyone', author: null, createdAt: '2026-05-12T10:00:00.000Z' } });
      expect(await silent).toBe(true);
    });
  });
});
