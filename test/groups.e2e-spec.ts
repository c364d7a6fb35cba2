import type { Socket } from 'socket.io-client';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { clientId, connectSocket, nextEvent, noEvent } from './messaging-fixtures.js';

interface Ack { ok: boolean; message?: { id: string; body: string; author: { handle: string } }; error?: { code: string; status: number; until?: string; fields?: string[] } }

/**
 * Peer groups (issue 19): groups with rules, join requests under pseudonyms, messages over HTTP and
 * the socket, moderation (hide, mute, remove), reports and their escalation — and, on every answer
 * and event, that no member's account id, name or e-mail address ever reaches another member.
 */
describe('peer groups (e2e)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let counsellor: TestUser;
  let anna: TestUser;
  let bert: TestUser;
  let carla: TestUser;
  let outsider: TestUser;
  let groupId: string;
  let closedGroupId: string;
  const handles = new Map<string, string>();
  /** Every answer and socket event a member (or moderator) got: checked at the end for identities. */
  const seenByMembers: unknown[] = [];
  const sockets: Socket[] = [];

  const rules = 'Wees vriendelijk. Noem geen echte namen.';
  const http = () => t.http();
  const as = (user: { token: string }) => ({
    get: (url: string) => http().get(url).set(bearer(user)).expect((res) => { seenByMembers.push(res.body); }),
    post: (url: string, body: object) => http().post(url).set(bearer(user)).send(body).expect((res) => { seenByMembers.push(res.body); }),
    delete: (url: string) => http().delete(url).set(bearer(user)),
  });
  const socketOf = async (user: TestUser) => {
    const socket = await connectSocket(t.baseUrl, { token: user.token });
    sockets.push(socket);
    socket.onAny((event, payload) => { if (String(event).startsWith('group:')) seenByMembers.push(payload); });
    return socket;
  };

  beforeAll(async () => {
    t = await createTestApp({ MESSAGE_SEND_MAX_PER_MINUTE: '1000' });
    const team = await t.factories.organisation('support_team', 'Groepenteam');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    otherCoordinator = await t.factories.user('coordinator');
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Karin Begeleider' });
    anna = await t.factories.user('parent', { displayName: 'Anna de Vries', email: 'anna.devries@example.test' });
    bert = await t.factories.user('parent', { displayName: 'Bert Jansen' });
    carla = await t.factories.user('parent', { displayName: 'Carla Smit' });
    outsider = await t.factories.user('parent');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  describe('groups and joining', () => {
    it('lets a coordinator start a group with rules; others may not (403); bad input names the field', async () => {
      const res = await as(coordinator).post('/api/groups', { name: 'Ouders van jonge kinderen', theme: 'Uithuisplaatsing', regionCode: 'ijsselland', description: 'Samen praten.', rules }).expect(201);
      expect(res.body).toMatchObject({ name: 'Ouders van jonge kinderen', regionCode: 'ijsselland', rules, open: true, memberCount: 0, membership: null, canModerate: true });
      groupId = res.body.id;
      const closed = await as(coordinator).post('/api/groups', { name: 'Besloten groep', theme: 'Thema', description: 'Alleen op uitnodiging.', rules, open: false }).expect(201);
      closedGroupId = closed.body.id;
      await as(counsellor).post('/api/groups', { name: 'X', theme: 'Y', description: 'Z', rules }).expect(403);
      await as(anna).post('/api/groups', { name: 'X', theme: 'Y', description: 'Z', rules }).expect(403);
      // A group belongs to a support team: the coordinator of another kind of organisation starts none.
      const pool = await t.factories.organisation('expert_pool');
      const poolCoordinator = await t.factories.user('coordinator', { organisationId: pool.id });
      await as(poolCoordinator).post('/api/groups', { name: 'X', theme: 'Y', description: 'Z', rules }).expect(403);
      const bad = await as(coordinator).post('/api/groups', { name: '', theme: 'Y', regionCode: 'atlantis', description: 'Z', extra: 1 }).expect(400);
      expect(bad.body.fields).toEqual(expect.arrayContaining(['name', 'regionCode', 'rules', 'extra']));
      const audit = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'group.created' AND subject_id = $1`, [groupId]);
      expect(audit).toHaveLength(1);
    });

    it('shows parents the open groups with their rules before they join, never a closed one; coordinators of another team see none', async () => {
      const list = await as(anna).get('/api/groups').expect(200);
      const ids = list.body.items.map((g: { id: string }) => g.id);
      expect(ids).toContain(groupId);
      expect(ids).not.toContain(closedGroupId);
      expect(list.body.items.find((g: { id: string }) => g.id === groupId).rules).toBe(rules);
      await as(anna).get(`/api/groups/${closedGroupId}`).expect(404);
      const own = await as(coordinator).get('/api/groups').expect(200);
      expect(own.body.items.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining([groupId, closedGroupId]));
      const foreign = await as(otherCoordinator).get('/api/groups').expect(200);
      expect(foreign.body.items).toEqual([]);
      await as(otherCoordinator).get(`/api/groups/${groupId}`).expect(404);
      // A counsellor sees only the groups they take part in.
      expect((await as(counsellor).get('/api/groups').expect(200)).body.items).toEqual([]);
    });

    it('refuses a pseudonym that is the parent’s real name (any case, trimmed) or e-mail name, naming the field', async () => {
      for (const pseudonym of ['Anna de Vries', '  anna DE vries ', 'anna.devries']) {
        const res = await as(anna).post(`/api/groups/${groupId}/join-requests`, { pseudonym }).expect(400);
        expect(res.body).toMatchObject({ code: 'pseudonym_is_real_name', field: 'pseudonym' });
        expect(res.body.message).toContain('pseudonym');
      }
      const missing = await as(anna).post(`/api/groups/${groupId}/join-requests`, {}).expect(400);
      expect(missing.body.fields).toContain('pseudonym');
      expect(await t.dataSource.query(`SELECT 1 FROM peer_group_member WHERE user_id = $1`, [anna.id])).toHaveLength(0);
    });

    it('takes a request under a pseudonym, refuses the same pseudonym in that group (409 naming it), and a request to a closed group (404)', async () => {
      const res = await as(anna).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Zonnebloem' }).expect(201);
      expect(res.body).toMatchObject({ pseudonym: 'Zonnebloem', status: 'requested', role: 'member' });
      handles.set('anna', res.body.handle);
      expect(res.body.handle).not.toBe(anna.id);
      const again = await as(anna).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Anders' }).expect(409);
      expect(again.body.code).toBe('already_in_group');
      const taken = await as(bert).post(`/api/groups/${groupId}/join-requests`, { pseudonym: ' zonnebloem ' }).expect(409);
      expect(taken.body).toMatchObject({ code: 'pseudonym_taken', field: 'pseudonym' });
      await as(bert).post(`/api/groups/${closedGroupId}/join-requests`, { pseudonym: 'Bert2' }).expect(404);
      const bertRes = await as(bert).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Wandelaar' }).expect(201);
      handles.set('bert', bertRes.body.handle);
      const carlaRes = await as(carla).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Regenboog' }).expect(201);
      handles.set('carla', carlaRes.body.handle);
      // Only parents ask to join.
      await as(counsellor).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Karin' }).expect(403);
    });

    it('lets the coordinator appoint a counsellor as moderator; a moderator accepts requests by handle, never by account id', async () => {
      const mod = await as(coordinator).post(`/api/groups/${groupId}/members`, { userId: counsellor.id, pseudonym: 'Gespreksleider', role: 'moderator' }).expect(201);
      expect(mod.body).toMatchObject({ role: 'moderator', status: 'active', pseudonym: 'Gespreksleider' });
      handles.set('counsellor', mod.body.handle);
      // A parent cannot be made a member by account id by a moderator (they know no account ids).
      const byAccount = await as(counsellor).post(`/api/groups/${groupId}/members`, { userId: anna.id, pseudonym: 'Zonnebloem', role: 'member' }).expect(404);
      expect(byAccount.body.code).toBe('not_found');
      // The queue shows the requests by handle and pseudonym.
      const queue = await as(counsellor).get(`/api/groups/${groupId}/members`).expect(200);
      expect(queue.body.filter((m: { status: string }) => m.status === 'requested').map((m: { pseudonym: string }) => m.pseudonym).sort())
        .toEqual(['Regenboog', 'Wandelaar', 'Zonnebloem']);
      for (const who of ['anna', 'bert', 'carla']) {
        const pseudonym = { anna: 'Zonnebloem', bert: 'Wandelaar', carla: 'Regenboog' }[who]!;
        const res = await as(counsellor).post(`/api/groups/${groupId}/members`, { userId: handles.get(who), pseudonym, role: 'member' }).expect(201);
        expect(res.body).toMatchObject({ handle: handles.get(who), status: 'active' });
      }
      // A moderator cannot appoint another moderator; a member cannot moderate.
      const appoint = await as(counsellor).post(`/api/groups/${groupId}/members`, { userId: handles.get('bert'), pseudonym: 'Wandelaar', role: 'moderator' }).expect(403);
      expect(appoint.body.code).toBe('moderator_appointed_by_coordinator');
      const member = await as(anna).post(`/api/groups/${groupId}/members`, { userId: handles.get('bert'), pseudonym: 'Wandelaar', role: 'member' }).expect(403);
      expect(member.body.code).toBe('moderators_only');
      // A foster parent or partner can never be a member.
      const foster = await t.factories.user('foster_parent');
      const refused = await as(coordinator).post(`/api/groups/${groupId}/members`, { userId: foster.id, pseudonym: 'Pleeg', role: 'member' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'not_eligible', field: 'userId' });
      const detail = await as(anna).get(`/api/groups/${groupId}`).expect(200);
      expect(detail.body).toMatchObject({ memberCount: 4, membership: { handle: handles.get('anna'), pseudonym: 'Zonnebloem', status: 'active', role: 'member' }, canModerate: false });
      // The list answers each group as its detail does (built from one query for the whole page).
      const listed = await as(anna).get('/api/groups').expect(200);
      expect(listed.body.items.find((g: { id: string }) => g.id === groupId)).toEqual(detail.body);
      const overseen = await as(coordinator).get('/api/groups').expect(200);
      expect(overseen.body.items.find((g: { id: string }) => g.id === groupId)).toEqual((await as(coordinator).get(`/api/groups/${groupId}`).expect(200)).body);
    });
  });

  describe('messages, live', () => {
    let annaSocket: Socket;
    let bertSocket: Socket;
    let modSocket: Socket;
    let firstId: string;

    beforeAll(async () => {
      annaSocket = await socketOf(anna);
      bertSocket = await socketOf(bert);
      modSocket = await socketOf(counsellor);
    });

    it('stores a message, answers 201, then broadcasts group:message; the same clientMessageId answers 200 with the first message', async () => {
      const cid = clientId();
      const live = nextEvent<{ groupId: string; message: { id: string; author: { pseudonym: string; handle: string } } }>(bertSocket, 'group:message');
      const res = await as(anna).post(`/api/groups/${groupId}/messages`, { body: 'Hallo allemaal', clientMessageId: cid }).expect(201);
      expect(res.body).toMatchObject({ groupId, seq: 1, body: 'Hallo allemaal', author: { handle: handles.get('anna'), pseudonym: 'Zonnebloem', role: 'member', former: false }, hidden: null });
      firstId = res.body.id;
      const event = await live;
      expect(event).toMatchObject({ groupId, message: { id: firstId, author: { pseudonym: 'Zonnebloem' } } });
      const again = await as(anna).post(`/api/groups/${groupId}/messages`, { body: 'Hallo allemaal', clientMessageId: cid }).expect(200);
      expect(again.body.id).toBe(firstId);
      expect(await noEvent(bertSocket, 'group:message', 300)).toBe(true);
      expect(await t.dataSource.query(`SELECT 1 FROM peer_group_message WHERE group_id = $1`, [groupId])).toHaveLength(1);
    });

    it('takes group:send over the socket with an ack, idempotently, and refuses a group the user is not in (404) and bad input (400 naming the field)', async () => {
      const cid = clientId();
      const live = nextEvent<{ message: { id: string } }>(annaSocket, 'group:message');
      const ack = await bertSocket.timeout(3000).emitWithAck('group:send', { groupId, body: 'Herkenbaar', clientMessageId: cid }) as Ack;
      expect(ack).toMatchObject({ ok: true, message: { body: 'Herkenbaar', author: { handle: handles.get('bert') } } });
      expect((await live).message.id).toBe(ack.message!.id);
      const twice = await bertSocket.timeout(3000).emitWithAck('group:send', { groupId, body: 'Herkenbaar', clientMessageId: cid }) as Ack;
      expect(twice.message!.id).toBe(ack.message!.id);
      const outsiderSocket = await connectSocket(t.baseUrl, { token: outsider.token });
      sockets.push(outsiderSocket);
      const foreign = await outsiderSocket.timeout(3000).emitWithAck('group:send', { groupId, body: 'Hoi', clientMessageId: clientId() }) as Ack;
      expect(foreign).toMatchObject({ ok: false, error: { status: 404 } });
      const bad = await bertSocket.timeout(3000).emitWithAck('group:send', { groupId, body: '', clientMessageId: clientId() }) as Ack;
      expect(bad.error).toMatchObject({ status: 400 });
      expect(bad.error!.fields).toContain('body');
      // An outsider's socket was never in the group's room.
      expect(await noEvent(outsiderSocket, 'group:message', 200)).toBe(true);
    });

    it('pages with cursors, oldest first; a non-member gets 404', async () => {
      for (let i = 0; i < 3; i++) await as(carla).post(`/api/groups/${groupId}/messages`, { body: `Bericht ${i}`, clientMessageId: clientId() }).expect(201);
      const latest = await as(anna).get(`/api/groups/${groupId}/messages?limit=2`).expect(200);
      expect(latest.body.items.map((m: { body: string }) => m.body)).toEqual(['Bericht 1', 'Bericht 2']);
      expect(latest.body.nextCursor).toBe(latest.body.items[0].id);
      const older = await as(anna).get(`/api/groups/${groupId}/messages?limit=10&before=${latest.body.nextCursor}`).expect(200);
      expect(older.body.items.map((m: { body: string }) => m.body)).toEqual(['Hallo allemaal', 'Herkenbaar', 'Bericht 0']);
      expect(older.body.nextCursor).toBeNull();
      const after = await as(anna).get(`/api/groups/${groupId}/messages?after=${firstId}&limit=1`).expect(200);
      expect(after.body.items.map((m: { body: string }) => m.body)).toEqual(['Herkenbaar']);
      await as(outsider).get(`/api/groups/${groupId}/messages`).expect(404);
      await as(coordinator).get(`/api/groups/${groupId}/messages`).expect(404);
      await as(outsider).post(`/api/groups/${groupId}/messages`, { body: 'x', clientMessageId: clientId() }).expect(404);
      const badCursor = await as(anna).get(`/api/groups/${groupId}/messages?after=${t.factories.randomId()}`).expect(400);
      expect(badCursor.body.field).toBe('after');
    });

    it('hides a message with a reason: members stop seeing it (group:message:hidden), moderators keep it; hiding twice is 409', async () => {
      const target = await as(bert).post(`/api/groups/${groupId}/messages`, { body: 'Iets kwetsends', clientMessageId: clientId() }).expect(201);
      const hiddenEvent = nextEvent<{ groupId: string; messageId: string }>(annaSocket, 'group:message:hidden');
      const member = await as(anna).post(`/api/groups/${groupId}/messages/${target.body.id}/hide`, { reason: 'Kwetsend' }).expect(403);
      expect(member.body.code).toBe('moderators_only');
      const res = await as(counsellor).post(`/api/groups/${groupId}/messages/${target.body.id}/hide`, { reason: 'Kwetsend voor anderen' }).expect(200);
      expect(res.body.hidden).toMatchObject({ reason: 'Kwetsend voor anderen' });
      expect(await hiddenEvent).toEqual({ groupId, messageId: target.body.id });
      const twice = await as(counsellor).post(`/api/groups/${groupId}/messages/${target.body.id}/hide`, { reason: 'Nog eens' }).expect(409);
      expect(twice.body.code).toBe('already_hidden');
      const forMember = await as(anna).get(`/api/groups/${groupId}/messages`).expect(200);
      expect(forMember.body.items.map((m: { id: string }) => m.id)).not.toContain(target.body.id);
      const forModerator = await as(counsellor).get(`/api/groups/${groupId}/messages`).expect(200);
      expect(forModerator.body.items.find((m: { id: string }) => m.id === target.body.id)).toMatchObject({ body: 'Iets kwetsends', hidden: { reason: 'Kwetsend voor anderen' } });
      const [audit] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'group.message.hidden' AND subject_id = $1`, [target.body.id]);
      expect(audit.details.groupId).toBe(groupId);
    });

    it('mutes a member: their sends are refused with 403 muted and the end time, over HTTP and the socket; they still read', async () => {
      const until = new Date(Date.now() + 3_600_000).toISOString();
      const res = await as(counsellor).post(`/api/groups/${groupId}/members/${handles.get('bert')}/mute`, { until }).expect(200);
      expect(res.body).toMatchObject({ handle: handles.get('bert'), mutedUntil: until });
      const http = await as(bert).post(`/api/groups/${groupId}/messages`, { body: 'Mag ik?', clientMessageId: clientId() }).expect(403);
      expect(http.body).toMatchObject({ code: 'muted', until });
      const ack = await bertSocket.timeout(3000).emitWithAck('group:send', { groupId, body: 'Mag ik?', clientMessageId: clientId() }) as Ack;
      expect(ack).toMatchObject({ ok: false, error: { code: 'muted', status: 403, until } });
      await as(bert).get(`/api/groups/${groupId}/messages`).expect(200);
      const past = await as(counsellor).post(`/api/groups/${groupId}/members/${handles.get('bert')}/mute`, { until: '2020-01-01T00:00:00Z' }).expect(400);
      expect(past.body.field).toBe('until');
      const moderator = await as(coordinator).post(`/api/groups/${groupId}/members/${handles.get('counsellor')}/mute`, { until }).expect(409);
      expect(moderator.body.code).toBe('cannot_mute_moderator');
      expect((await as(bert).get(`/api/groups/${groupId}`).expect(200)).body.membership.mutedUntil).toBe(until);
    });

    it('keeps a member who left in the history as oud-lid; they no longer read; a removed member cannot ask again', async () => {
      const removedEvent = nextEvent<{ groupId: string }>(annaSocket, 'group:removed');
      await as(anna).delete(`/api/groups/${groupId}/members/${anna.id}`).expect(204);
      expect(await removedEvent).toEqual({ groupId });
      await as(anna).get(`/api/groups/${groupId}/messages`).expect(404);
      const history = await as(carla).get(`/api/groups/${groupId}/messages`).expect(200);
      expect(history.body.items.find((m: { id: string }) => m.id === firstId).author).toMatchObject({ pseudonym: 'Zonnebloem', former: true });
      // Her socket left the room: a new message does not reach her.
      const quiet = noEvent(annaSocket, 'group:message', 400);
      await as(carla).post(`/api/groups/${groupId}/messages`, { body: 'Nog iemand?', clientMessageId: clientId() }).expect(201);
      expect(await quiet).toBe(true);
      // Her pseudonym stays hers in this group.
      const taken = await as(outsider).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Zonnebloem' }).expect(409);
      expect(taken.body.code).toBe('pseudonym_taken');
      // A moderator removes Bert (by handle); he cannot ask to join again.
      await as(counsellor).delete(`/api/groups/${groupId}/members/${handles.get('bert')}`).expect(204);
      const rejoin = await as(bert).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Nieuw' }).expect(403);
      expect(rejoin.body.code).toBe('removed_from_group');
      // A moderator cannot remove another moderator; the coordinator can.
      const members = await as(counsellor).get(`/api/groups/${groupId}/members`).expect(200);
      expect(members.body.find((m: { handle: string }) => m.handle === handles.get('bert')).status).toBe('removed');
      // Anna may come back under a new name.
      const back = await as(anna).post(`/api/groups/${groupId}/join-requests`, { pseudonym: 'Zonnebloem' }).expect(201);
      expect(back.body).toMatchObject({ handle: handles.get('anna'), status: 'requested' });
      await as(counsellor).post(`/api/groups/${groupId}/members`, { userId: handles.get('anna'), pseudonym: 'Zonnebloem', role: 'member' }).expect(201);
    });
  });

  describe('reports', () => {
    let messageIds: string[] = [];

    beforeAll(async () => {
      messageIds = [];
      for (let i = 0; i < 7; i++) {
        const res = await as(carla).post(`/api/groups/${groupId}/messages`, { body: `Te melden ${i}`, clientMessageId: clientId() }).expect(201);
        messageIds.push(res.body.id);
      }
    });

    it('goes to the group’s own moderators first; the coordinator sees it only after 24 hours unanswered', async () => {
      const res = await as(anna).post(`/api/groups/${groupId}/messages/${messageIds[0]}/reports`, { reason: 'Niet aardig' }).expect(201);
      expect(res.body.urgent).toBe(false);
      const twice = await as(anna).post(`/api/groups/${groupId}/messages/${messageIds[0]}/reports`, { reason: 'Nog eens' }).expect(409);
      expect(twice.body.code).toBe('already_reported');
      const queue = await as(counsellor).get(`/api/groups/${groupId}/reports`).expect(200);
      expect(queue.body.items[0]).toMatchObject({ id: res.body.id, reason: 'Niet aardig', escalated: false, message: { id: messageIds[0] }, reporter: { handle: handles.get('anna'), pseudonym: 'Zonnebloem' } });
      // Not the coordinator, not a member.
      await as(coordinator).get(`/api/groups/${groupId}/reports`).expect(404);
      expect((await as(anna).get(`/api/groups/${groupId}/reports`).expect(403)).body.code).toBe('moderators_only');
      expect((await as(coordinator).get('/api/groups/reports/escalated').expect(200)).body.items).toEqual([]);
      // 24 hours pass without an answer.
      await t.asOwner(`UPDATE peer_group_report SET created_at = now() - interval '24 hours 1 minute' WHERE id = $1`, [res.body.id]);
      const escalated = await as(coordinator).get('/api/groups/reports/escalated').expect(200);
      expect(escalated.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
      expect(escalated.body.items[0]).toMatchObject({ escalated: true, groupId, message: { body: 'Te melden 0' } });
      // A coordinator of another team never sees it.
      expect((await as(otherCoordinator).get('/api/groups/reports/escalated').expect(200)).body.items).toEqual([]);
      // Answered: off the coordinator's list.
      const resolved = await as(coordinator).post(`/api/groups/${groupId}/reports/${res.body.id}/resolve`, { outcome: 'no_action' }).expect(200);
      expect(resolved.body).toMatchObject({ outcome: 'no_action' });
      expect((await as(coordinator).get('/api/groups/reports/escalated').expect(200)).body.items).toEqual([]);
      await as(counsellor).post(`/api/groups/${groupId}/reports/${res.body.id}/resolve`, { outcome: 'no_action' }).expect(409);
    });

    it('reaches the coordinator at once when urgent; hiding the message answers it', async () => {
      const res = await as(anna).post(`/api/groups/${groupId}/messages/${messageIds[1]}/reports`, { reason: 'Dit is bedreigend', urgent: true }).expect(201);
      const escalated = await as(coordinator).get('/api/groups/reports/escalated').expect(200);
      expect(escalated.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
      await as(coordinator).post(`/api/groups/${groupId}/messages/${messageIds[1]}/hide`, { reason: 'Bedreigend' }).expect(200);
      expect((await as(coordinator).get('/api/groups/reports/escalated').expect(200)).body.items).toEqual([]);
      const queue = await as(counsellor).get(`/api/groups/${groupId}/reports`).expect(200);
      expect(queue.body.items.find((r: { id: string }) => r.id === res.body.id)).toMatchObject({ outcome: 'message_hidden' });
    });

    it('limits reports per member (429 with Retry-After)', async () => {
      // Every attempt counts: two reports and one refused twin so far this hour; two more are allowed, the sixth attempt is refused.
      for (let i = 2; i < 4; i++) await as(anna).post(`/api/groups/${groupId}/messages/${messageIds[i]}/reports`, { reason: 'Melding' }).expect(201);
      const res = await as(anna).post(`/api/groups/${groupId}/messages/${messageIds[5]}/reports`, { reason: 'Melding' }).expect(429);
      expect(res.body.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Another member is not affected.
      await as(counsellor).post(`/api/groups/${groupId}/messages/${messageIds[5]}/reports`, { reason: 'Melding' }).expect(201);
    });
  });

  it('never shows a member another member’s account id, name or e-mail address, in any answer or socket event', () => {
    const text = JSON.stringify(seenByMembers);
    expect(seenByMembers.length).toBeGreaterThan(40);
    for (const person of [anna, bert, carla, counsellor]) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.displayName);
      expect(text).not.toContain(person.email);
    }
  });

  it('writes no message body, reason or pseudonym into the audit log', async () => {
    const events: { details: unknown }[] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action LIKE 'group.%'`);
    expect(events.length).toBeGreaterThan(20);
    const text = JSON.stringify(events);
    for (const secret of ['Hallo allemaal', 'Iets kwetsends', 'Kwetsend voor anderen', 'Niet aardig', 'Zonnebloem', 'Wandelaar', 'Gespreksleider']) {
      expect(text).not.toContain(secret);
    }
  });
});
