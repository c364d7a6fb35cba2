import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { bearer, type TestUser } from './helpers/factories.js';
import { clientId, connectSocket, nextEvent } from './messaging-fixtures.js';
import { clusterDatabase, startAppProcess, type AppProcess } from './realtime-cluster.js';

/**
 * Peer groups over two app processes on one database (PostgreSQL adapter): a member accepted on
 * process A joins the group's room with the socket she already has open on process B, and the
 * messages and hides published on A reach her there.
 */
describe('peer groups across two processes (e2e)', () => {
  let db: Awaited<ReturnType<typeof clusterDatabase>>;
  let a: AppProcess;
  let b: AppProcess;
  let coordinator: TestUser;
  let moderator: TestUser;
  let parent: TestUser;
  let groupId: string;
  const open: Socket[] = [];

  beforeAll(async () => {
    db = await clusterDatabase();
    [a, b] = await Promise.all([startAppProcess(db.url), startAppProcess(db.url)]);
    const team = await db.factories.organisation('support_team');
    coordinator = await db.factories.user('coordinator', { organisationId: team.id });
    moderator = await db.factories.user('counsellor', { organisationId: team.id });
    parent = await db.factories.user('parent');
    groupId = (await request(a.url).post('/api/groups').set(bearer(coordinator))
      .send({ name: 'Twee processen', theme: 'Thema', description: 'Beschrijving', rules: 'Regels' }).expect(201)).body.id;
    await request(a.url).post(`/api/groups/${groupId}/members`).set(bearer(coordinator)).send({ userId: moderator.id, pseudonym: 'Leider', role: 'moderator' }).expect(201);
  }, 180_000);
  afterAll(async () => {
    for (const socket of open) socket.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  }, 60_000);

  it('joins an accepted member’s open socket on the other process to the room, and delivers messages and hides there', async () => {
    const socket = await connectSocket(b.url, { token: parent.token });
    open.push(socket);
    const { handle } = (await request(b.url).post(`/api/groups/${groupId}/join-requests`).set(bearer(parent)).send({ pseudonym: 'Zonnebloem' }).expect(201)).body;
    await request(a.url).post(`/api/groups/${groupId}/members`).set(bearer(moderator)).send({ userId: handle, pseudonym: 'Zonnebloem', role: 'member' }).expect(201);
    // The room join travels through the adapter: give it a moment, then publish on A.
    let event: { groupId: string; message: { id: string; author: { pseudonym: string } } } | undefined;
    let sentId = '';
    for (let attempt = 0; attempt < 10 && !event; attempt++) {
      const got = nextEvent<typeof event & object>(socket, 'group:message', 500).catch(() => undefined);
      sentId = (await request(a.url).post(`/api/groups/${groupId}/messages`).set(bearer(moderator)).send({ body: `Welkom ${attempt}`, clientMessageId: clientId() }).expect(201)).body.id;
      event = await got;
    }
    expect(event).toMatchObject({ groupId, message: { id: sentId, author: { pseudonym: 'Leider' } } });
    const hidden = nextEvent<{ groupId: string; messageId: string }>(socket, 'group:message:hidden', 5000);
    await request(a.url).post(`/api/groups/${groupId}/messages/${sentId}/hide`).set(bearer(moderator)).send({ reason: 'Test' }).expect(200);
    expect(await hidden).toEqual({ groupId, messageId: sentId });
  });
});
