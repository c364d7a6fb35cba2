import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseScene, clientId, type CaseScene } from './messaging-fixtures.js';

describe('case threads and messages over HTTP (e2e)', () => {
  let t: TestApp;
  let s: CaseScene;
  beforeAll(async () => {
    t = await createTestApp({ MESSAGE_SEND_MAX_PER_MINUTE: '1000' });
    s = await caseScene(t.factories);
  });
  afterAll(() => t.close());

  const createThread = (user: { token: string }, caseId: string, body: object) =>
    t.http().post(`/api/cases/${caseId}/threads`).set(bearer(user)).send(body);
  const send = (user: { token: string }, threadId: string, body: object) =>
    t.http().post(`/api/threads/${threadId}/messages`).set(bearer(user)).send(body);

  describe('threads', () => {
    it('creates a thread with case participants; the creator joins; members see it with an unread count', async () => {
      const res = await createThread(s.counsellor, s.caseId, { title: 'Bezoeksregeling', memberIds: [s.parent.id] }).expect(201);
      expect(res.body).toMatchObject({ caseId: s.caseId, title: 'Bezoeksregeling', createdById: s.counsellor.id, unreadCount: 0 });
      expect(res.body.members.map((m: { id: string }) => m.id).sort()).toEqual([s.counsellor.id, s.parent.id].sort());
      const list = await t.http().get(`/api/cases/${s.caseId}/threads`).set(bearer(s.parent)).expect(200);
      expect(list.body.map((x: { id: string }) => x.id)).toContain(res.body.id);
      // The guardian takes part in the case but not in this thread.
      const guardianList = await t.http().get(`/api/cases/${s.caseId}/threads`).set(bearer(s.guardian)).expect(200);
      expect(guardianList.body.map((x: { id: string }) => x.id)).not.toContain(res.body.id);
      const audit = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'thread.create' AND subject_id = $1`, [res.body.id]);
      expect(audit).toHaveLength(1);
    });

    it('refuses members who do not take part in the case (422) and writes nothing', async () => {
      const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM message_thread`);
      const res = await createThread(s.counsellor, s.caseId, { title: 'X', memberIds: [s.outsider.id] }).expect(422);
      expect(res.body.code).toBe('not_a_case_participant');
      expect(res.body.userIds).toEqual([s.outsider.id]);
      const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM message_thread`);
      expect(after[0].n).toBe(before[0].n);
    });

    it('refuses a coordinator who sees the case but takes no part in it with its own code (one code, one status)', async () => {
      const coordinator = await t.factories.user('coordinator', { organisationId: s.teamId });
      const res = await createThread(coordinator, s.caseId, { title: 'X', memberIds: [] }).expect(403);
      expect(res.body.code).toBe('creator_not_in_case');
    });

    it('rejects invalid input naming the field, and unknown fields', async () => {
      const res = await createThread(s.counsellor, s.caseId, { title: '', memberIds: ['nope'], extra: 1 }).expect(400);
      expect(res.body.fields).toEqual(expect.arrayContaining(['title', 'memberIds', 'extra']));
    });

    it('answers 404 for an unknown case and a case of another team, and 400 naming the parameter for a malformed id', async () => {
      await createThread(s.counsellor, t.factories.randomId(), { title: 'X', memberIds: [] }).expect(404);
      const otherTeam = await t.factories.organisation('support_team');
      const other = await t.factories.user('counsellor', { organisationId: otherTeam.id });
      const { id: foreignCase } = await t.factories.case({ teamId: otherTeam.id, createdById: other.id });
      await createThread(s.counsellor, foreignCase, { title: 'X', memberIds: [] }).expect(404);
      await t.http().get(`/api/cases/${foreignCase}/threads`).set(bearer(s.counsellor)).expect(404);
      const malformed = await t.http().get(`/api/cases/not-a-uuid/threads`).set(bearer(s.counsellor)).expect(400);
      expect(malformed.body).toMatchObject({ code: 'invalid_id', field: 'id' });
    });

    it('adds and removes members; only case participants can be added; removal takes effect at once', async () => {
      const thread = (await createThread(s.counsellor, s.caseId, { title: 'Leden', memberIds: [] }).expect(201)).body;
      await t.http().get(`/api/threads/${thread.id}/messages`).set(bearer(s.guardian)).expect(404);
      const added = await t.http().post(`/api/threads/${thread.id}/members`).set(bearer(s.counsellor)).send({ userId: s.guardian.id }).expect(201);
      expect(added.body.members.map((m: { id: string }) => m.id)).toContain(s.guardian.id);
      await t.http().post(`/api/threads/${thread.id}/members`).set(bearer(s.counsellor)).send({ userId: s.guardian.id }).expect(200);
      await t.http().get(`/api/threads/${thread.id}/messages`).set(bearer(s.guardian)).expect(200);
      const refused = await t.http().post(`/api/threads/${thread.id}/members`).set(bearer(s.counsellor)).send({ userId: s.outsider.id }).expect(422);
      expect(refused.body.code).toBe('not_a_case_participant');
      // A parent who is a member may not take the counsellor out; the counsellor may take the guardian out.
      await t.http().post(`/api/threads/${thread.id}/members`).set(bearer(s.counsellor)).send({ userId: s.parent.id }).expect(201);
      await t.http().delete(`/api/threads/${thread.id}/members/${s.counsellor.id}`).set(bearer(s.parent)).expect(403);
      await t.http().delete(`/api/threads/${thread.id}/members/${s.guardian.id}`).set(bearer(s.counsellor)).expect(204);
      await t.http().get(`/api/threads/${thread.id}/messages`).set(bearer(s.guardian)).expect(404);
      await t.http().delete(`/api/threads/${thread.id}/members/${s.guardian.id}`).set(bearer(s.counsellor)).expect(404);
      // Anyone may leave.
      await t.http().delete(`/api/threads/${thread.id}/members/${s.parent.id}`).set(bearer(s.parent)).expect(204);
      await t.http().get(`/api/threads/${thread.id}/messages`).set(bearer(s.parent)).expect(404);
    });

    it('denies a thread member who no longer takes part in the case, at once', async () => {
      const extra = await t.factories.user('partner');
      await t.factories.participant(s.caseId, extra.id, 'guardian');
      const thread = (await createThread(s.counsellor, s.caseId, { title: 'Weg', memberIds: [extra.id] }).expect(201)).body;
      await t.http().get(`/api/threads/${thread.id}/messages`).set(bearer(extra)).expect(200);
      await t.dataSource.query(`DELETE FROM case_participant WHERE case_id = $1 AND user_id = $2`, [s.caseId, extra.id]);
      await t.http().get(`/api/threads/${thread.id}/messages`).set(bearer(extra)).expect(404);
      await send(extra, thread.id, { body: 'hallo', clientMessageId: clientId() }).expect(404);
    });

    it('refuses admins (403: they never read case content)', async () => {
      const admin = await t.factories.user('admin');
      await t.http().get(`/api/cases/${s.caseId}/threads`).set(bearer(admin)).expect(403);
    });
  });

  describe('messages', () => {
    let threadId: string;
    beforeAll(async () => {
      threadId = (await createThread(s.counsellor, s.caseId, { title: 'Berichten', memberIds: [s.parent.id, s.guardian.id] }).expect(201)).body.id;
    });

    it('stores a message (201), returns it as plain text, and audits ids only', async () => {
      const body = '<b>Hallo</b> & welkom — dit is tekst, geen HTML.';
      const res = await send(s.parent, threadId, { body, clientMessageId: clientId() }).expect(201);
      expect(res.body).toMatchObject({ threadId, body, author: { id: s.parent.id, displayName: s.parent.displayName }, attachments: [] });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      const [audit] = await t.dataSource.query(`SELECT details::text AS details, case_id FROM audit_event WHERE action = 'message.create' AND subject_id = $1`, [res.body.id]);
      expect(audit.case_id).toBe(s.caseId);
      expect(audit.details).not.toContain('Hallo');
      expect(JSON.parse(audit.details)).toEqual({ threadId, attachmentIds: [] });
    });

    it('is idempotent per clientMessageId: the same id returns the first message (200), also when racing', async () => {
      const id = clientId();
      const first = await send(s.parent, threadId, { body: 'eerste', clientMessageId: id }).expect(201);
      const again = await send(s.parent, threadId, { body: 'tweede poging', clientMessageId: id }).expect(200);
      expect(again.body).toEqual(first.body);
      const raceId = clientId();
      const results = await Promise.all(Array.from({ length: 8 }, () => send(s.guardian, threadId, { body: 'tegelijk', clientMessageId: raceId })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM message WHERE author_id = $1 AND client_message_id = $2`, [s.guardian.id, raceId]);
      expect(n).toBe(1);
      // Another author may use the same clientMessageId.
      await send(s.counsellor, threadId, { body: 'ander', clientMessageId: raceId }).expect(201);
    });

    it('refuses a clientMessageId reused for another thread (409)', async () => {
      const other = (await createThread(s.counsellor, s.caseId, { title: 'Ander', memberIds: [] }).expect(201)).body.id;
      const id = clientId();
      await send(s.counsellor, threadId, { body: 'a', clientMessageId: id }).expect(201);
      const res = await send(s.counsellor, other, { body: 'a', clientMessageId: id }).expect(409);
      expect(res.body.code).toBe('client_message_id_reused');
    });

    it('refuses empty, blank, oversized and malformed bodies, and writes nothing', async () => {
      const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM message`);
      for (const body of ['', '   ', 'x'.repeat(20001), 'nul\u0000byte', 42, null]) {
        const res = await send(s.parent, threadId, { body, clientMessageId: clientId() });
        expect({ body: typeof body === 'string' ? body.slice(0, 10) : body, status: res.status }).toEqual({ body: typeof body === 'string' ? body.slice(0, 10) : body, status: 400 });
        expect(res.body.fields).toContain('body');
      }
      await send(s.parent, threadId, { body: 'ok', clientMessageId: 'has spaces' }).expect(400);
      await send(s.parent, threadId, { body: 'ok' }).expect(400);
      await send(s.parent, threadId, { body: 'ok', clientMessageId: clientId(), threadId }).expect(400);
      const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM message`);
      expect(after).toBe(before);
      // 20,000 characters exactly are fine, also when they are not ASCII.
      await send(s.parent, threadId, { body: 'é'.repeat(20000), clientMessageId: clientId() }).expect(201);
    });

    it('accepts an empty attachment list; refuses attachment ids that were not uploaded to this thread, naming them', async () => {
      await send(s.parent, threadId, { body: 'zonder bijlage', clientMessageId: clientId(), attachmentIds: [] }).expect(201);
      const unknown = t.factories.randomId();
      const res = await send(s.parent, threadId, { body: 'met', clientMessageId: clientId(), attachmentIds: [unknown] }).expect(422);
      expect(res.body.code).toBe('unknown_attachments');
      expect(JSON.stringify(res.body)).toContain(unknown);
      await send(s.parent, threadId, { body: 'met', clientMessageId: clientId(), attachmentIds: ['x'] }).expect(400);
    });

    it('answers 404 for unknown threads and threads the caller is not in', async () => {
      await send(s.parent, t.factories.randomId(), { body: 'x', clientMessageId: clientId() }).expect(404);
      await t.http().get(`/api/threads/${t.factories.randomId()}/messages`).set(bearer(s.parent)).expect(404);
      await t.http().get(`/api/threads/${threadId}/messages`).set(bearer(s.outsider)).expect(404);
      await send(s.outsider, threadId, { body: 'x', clientMessageId: clientId() }).expect(404);
    });

    it('pages by cursor both ways, oldest first within a page, nothing skipped or repeated', async () => {
      const thread = (await createThread(s.counsellor, s.caseId, { title: 'Pagina', memberIds: [s.parent.id] }).expect(201)).body.id;
      const sent: string[] = [];
      for (let i = 0; i < 7; i++) sent.push((await send(s.parent, thread, { body: `bericht ${i}`, clientMessageId: clientId() }).expect(201)).body.id);
      const latest = await t.http().get(`/api/threads/${thread}/messages?limit=3`).set(bearer(s.counsellor)).expect(200);
      expect(latest.body.items.map((m: { id: string }) => m.id)).toEqual(sent.slice(4));
      expect(latest.body.nextCursor).toBe(sent[4]);
      const older = await t.http().get(`/api/threads/${thread}/messages?limit=3&before=${latest.body.nextCursor}`).set(bearer(s.counsellor)).expect(200);
      expect(older.body.items.map((m: { id: string }) => m.id)).toEqual(sent.slice(1, 4));
      const oldest = await t.http().get(`/api/threads/${thread}/messages?limit=3&before=${older.body.nextCursor}`).set(bearer(s.counsellor)).expect(200);
      expect(oldest.body.items.map((m: { id: string }) => m.id)).toEqual(sent.slice(0, 1));
      expect(oldest.body.nextCursor).toBeNull();
      // Forward (catch-up) from the first message.
      const collected: string[] = [];
      let cursor: string | null = sent[0];
      while (cursor) {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http().get(`/api/threads/${thread}/messages?limit=2&after=${cursor}`).set(bearer(s.counsellor)).expect(200);
        collected.push(...page.body.items.map((m) => m.id));
        cursor = page.body.nextCursor;
      }
      expect(collected).toEqual(sent.slice(1));
      const bad = await t.http().get(`/api/threads/${thread}/messages?after=${t.factories.randomId()}`).set(bearer(s.counsellor)).expect(400);
      expect(bad.body.code).toBe('invalid_cursor');
      await t.http().get(`/api/threads/${thread}/messages?limit=500`).set(bearer(s.counsellor)).expect(400);
      await t.http().get(`/api/threads/${thread}/messages?after=nope`).set(bearer(s.counsellor)).expect(400);
      const audits = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'message.list' AND subject_id = $1`, [thread]);
      expect(audits[0].n).toBeGreaterThan(3);
    });

    it('keeps read markers per member: unread counts go down, never back', async () => {
      const thread = (await createThread(s.counsellor, s.caseId, { title: 'Gelezen', memberIds: [s.parent.id] }).expect(201)).body.id;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await send(s.counsellor, thread, { body: `m${i}`, clientMessageId: clientId() }).expect(201)).body.id);
      const unread = async (user: { token: string }) => {
        const res = await t.http().get(`/api/cases/${s.caseId}/threads`).set(bearer(user)).expect(200);
        return res.body.find((x: { id: string }) => x.id === thread).unreadCount;
      };
      expect(await unread(s.parent)).toBe(3);
      expect(await unread(s.counsellor)).toBe(0);
      const marked = await t.http().post(`/api/threads/${thread}/read`).set(bearer(s.parent)).send({ messageId: ids[1] }).expect(200);
      expect(marked.body).toEqual({ threadId: thread, lastReadMessageId: ids[1], unreadCount: 1 });
      const back = await t.http().post(`/api/threads/${thread}/read`).set(bearer(s.parent)).send({ messageId: ids[0] }).expect(200);
      expect(back.body).toEqual({ threadId: thread, lastReadMessageId: ids[1], unreadCount: 1 });
      expect(await unread(s.parent)).toBe(1);
      await t.http().post(`/api/threads/${thread}/read`).set(bearer(s.parent)).send({ messageId: t.factories.randomId() }).expect(404);
      await t.http().post(`/api/threads/${thread}/read`).set(bearer(s.parent)).send({}).expect(400);
    });
  });

  describe('rate limit', () => {
    it('limits how many messages one user sends per minute (429 with Retry-After)', async () => {
      const limited = await createTestApp({ MESSAGE_SEND_MAX_PER_MINUTE: '3' });
      try {
        const scene = await caseScene(limited.factories);
        const thread = (await limited.http().post(`/api/cases/${scene.caseId}/threads`).set(bearer(scene.parent)).send({ title: 'Snel', memberIds: [] }).expect(201)).body.id;
        for (let i = 0; i < 3; i++) {
          await limited.http().post(`/api/threads/${thread}/messages`).set(bearer(scene.parent)).send({ body: 'x', clientMessageId: clientId() }).expect(201);
        }
        const res = await limited.http().post(`/api/threads/${thread}/messages`).set(bearer(scene.parent)).send({ body: 'x', clientMessageId: clientId() }).expect(429);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        // Nothing was stored for the refused one; another user is not affected.
        const [{ n }] = await limited.dataSource.query(`SELECT count(*)::int AS n FROM message WHERE author_id = $1`, [scene.parent.id]);
        expect(n).toBe(3);
        await limited.http().post(`/api/threads/${thread}/members`).set(bearer(scene.parent)).send({ userId: scene.counsellor.id }).expect(201);
        await limited.http().post(`/api/threads/${thread}/messages`).set(bearer(scene.counsellor)).send({ body: 'x', clientMessageId: clientId() }).expect(201);
      } finally {
        await limited.close();
      }
    });
  });
});
