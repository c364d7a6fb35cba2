import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { RequestContext } from '../src/common/request-context.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/**
 * `GET /api/me/attention` (issue 17, item 6): what needs each role's attention on the start page —
 * counts and titles of the caller's own cases and conversations only, and never a line in a
 * parent's access log.
 */
describe('what needs my attention (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  let talk: string;
  let teamOnly: string;
  let reference: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Jansen', [[w.parent, 'parent'], [w.partner, 'guardian'], [w.counsellor2, 'counsellor'], [w.child, 'child']]);
    reference = (await t.http().get(`/api/cases/${caseId}`).set(bearer(w.counsellor)).expect(200)).body.reference;
    talk = await createThread(t, w.counsellor, caseId, 'Afspraken', [w.parent, w.partner]);
    teamOnly = await createThread(t, w.counsellor, caseId, 'Alleen het team', [w.counsellor2]);
    // Another family's case and conversation, with its own parent.
    const otherParent = await t.factories.user('parent', { displayName: 'Andere Ouder' });
    const otherCaseId = await createCase(t, w.counsellor2, 'Familie De Wit', [[otherParent, 'parent']]);
    const otherTalk = await createThread(t, w.counsellor2, otherCaseId, 'Geheim gesprek', [otherParent]);
    await send(w.counsellor2, otherTalk, 'Alleen voor de andere familie');
  }, 120_000);
  afterAll(() => t.close());

  async function send(by: TestUser, threadId: string, body: string): Promise<string> {
    return (await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(by)).send({ body, clientMessageId: randomUUID() }).expect(201)).body.id;
  }
  const attention = async (user: TestUser) => (await t.http().get('/api/me/attention').set(bearer(user)).expect(200)).body;
  const caseLogCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE case_id IS NOT NULL`))[0].n as number;

  it('gives each member the unread messages of their own conversations, with the case and conversation title, until they read them', async () => {
    await send(w.counsellor, talk, 'Wij zien elkaar dinsdag.');
    const last = await send(w.counsellor, talk, 'Neemt u de brief mee?');
    await send(w.counsellor, teamOnly, 'Intern overleg');
    await send(w.parent, talk, 'Goed, tot dinsdag.'); // one's own message is never unread

    const parent = await attention(w.parent);
    expect(parent.unreadMessages).toEqual({
      total: 2, threadCount: 1,
      threads: [{ threadId: talk, title: 'Afspraken', unreadCount: 2, lastMessageAt: expect.any(String), case: { id: caseId, reference, title: 'Familie Jansen' } }],
    });
    // Nothing of the other family, nor of the team's conversation the parent is not in.
    expect(JSON.stringify(parent)).not.toMatch(/Alleen het team|Geheim gesprek|De Wit/);

    const partner = await attention(w.partner);
    expect(partner.unreadMessages.threads.map((x: { threadId: string; unreadCount: number }) => [x.threadId, x.unreadCount])).toEqual([[talk, 3]]);
    const counsellor2 = await attention(w.counsellor2);
    expect(counsellor2.unreadMessages.threads.map((x: { title: string }) => x.title)).toEqual(['Alleen het team']);
    expect((await attention(w.child)).unreadMessages.total).toBe(0); // in the case, but not in these conversations

    await t.http().post(`/api/threads/${talk}/read`).set(bearer(w.parent)).send({ messageId: last }).expect(200);
    expect((await attention(w.parent)).unreadMessages).toEqual({ total: 0, threadCount: 0, threads: [] });

    // Someone taken out of the case sees its conversations no more.
    await t.http().delete(`/api/cases/${caseId}/participants/${w.partner.id}`).set(bearer(w.counsellor)).expect(204);
    expect((await attention(w.partner)).unreadMessages.total).toBe(0);
    await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).send({ userId: w.partner.id, role: 'guardian' }).expect(201);
  });

  it('asks a parent to confirm a story version someone saved, and shows the team the draft, until the parent confirms it', async () => {
    const sections = [{ key: 'begin', title: 'Hoe het begon', text: 'Mijn verhaal in mijn eigen woorden.' }];
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.counsellor)).send({ sections }).expect(200);

    const parent = await attention(w.parent);
    expect(parent.storiesToConfirm).toEqual({
      total: 1,
      items: [{ case: { id: caseId, reference, title: 'Familie Jansen' }, version: 1, savedAt: expect.any(String), savedBy: { id: w.counsellor.id, displayName: 'Bram Begeleider' } }],
    });
    expect(parent.storyDrafts).toEqual({ total: 0, items: [] });
    expect(JSON.stringify(parent)).not.toContain('eigen woorden'); // titles, never content
    const counsellor = await attention(w.counsellor);
    expect(counsellor.storyDrafts.items.map((s: { case: { id: string }; version: number }) => [s.case.id, s.version])).toEqual([[caseId, 1]]);
    expect(counsellor.storiesToConfirm.total).toBe(0);
    // A partner never learns that an unconfirmed version exists.
    expect((await attention(w.partner)).storyDrafts.total + (await attention(w.partner)).storiesToConfirm.total).toBe(0);

    await t.http().post(`/api/cases/${caseId}/story/confirm`).set(bearer(w.parent)).send({}).expect(200);
    expect((await attention(w.parent)).storiesToConfirm.total).toBe(0);
    expect((await attention(w.counsellor)).storyDrafts.total).toBe(0);
  });

  it('shows a coordinator the team\'s overdue registrations and open handover requests, and a counsellor the registrations assigned to them', async () => {
    const enter = async (name: string, receivedAt: string) => (await t.http().post('/api/registrations').set(bearer(w.coordinator)).send({
      route: 'parent', registrantType: 'mother', name, message: 'Ik wil graag hulp.', consentToContact: true, channel: 'phone', receivedAt,
    }).expect(201)).body as { id: string; reference: string };
    const late = await enter('Petra Laat', daysAgo(3)); // no contact after 2 days
    const welcome = await enter('Wendy Welkom', daysAgo(9)); // welcome talk due 2 days ago
    await t.http().patch(`/api/registrations/${welcome.id}`).set(bearer(w.coordinator)).send({ status: 'contacted', firstContactAt: daysAgo(7), assignedCounsellorId: w.counsellor.id }).expect(200);
    await enter('Nina Nieuw', daysAgo(0)); // on time
    await t.http().post(`/api/cases/${caseId}/handover-requests`).set(bearer(w.counsellor)).send({ reason: 'Het wordt mij te zwaar.' }).expect(201);

    const coordinator = await attention(w.coordinator);
    expect(coordinator.overdueRegistrations).toEqual({
      total: 2,
      items: [ // the longest overdue first
        { id: welcome.id, reference: welcome.reference, target: 'welcome', dueAt: expect.any(String), caseId: null },
        { id: late.id, reference: late.reference, target: 'contact', dueAt: expect.any(String), caseId: null },
      ],
    });
    expect(JSON.stringify(coordinator)).not.toMatch(/Petra|Wendy|Nina|te zwaar/); // references only; the reason stays on the team screen
    expect(coordinator.handoverRequests).toEqual({
      total: 1,
      items: [{ id: expect.any(String), case: { id: caseId, reference, title: 'Familie Jansen' }, requestedBy: { id: w.counsellor.id, displayName: 'Bram Begeleider' }, requestedAt: expect.any(String) }],
    });
    const counsellor = await attention(w.counsellor);
    expect(counsellor.overdueRegistrations.items.map((r: { id: string }) => r.id)).toEqual([welcome.id]);
    expect(counsellor.handoverRequests.total).toBe(0);
    expect((await attention(w.counsellor2)).overdueRegistrations.total).toBe(0);
    expect((await attention(w.parent)).overdueRegistrations.total).toBe(0);
    // Another team's coordinator sees none of it.
    const stranger = await t.factories.user('coordinator');
    const theirs = await attention(stranger);
    expect(theirs.overdueRegistrations.total + theirs.handoverRequests.total + theirs.unreadMessages.total).toBe(0);
  });

  it('reminds an inviter of their invitations that expired unused, and an admin of organisations without a coordinator', async () => {
    const sent = await t.http().post('/api/invitations').set(bearer(w.counsellor))
      .send({ email: 'oma.jansen@example.test', displayName: 'Oma Jansen', role: 'parent', caseId, caseRole: 'parent' }).expect(201);
    expect((await attention(w.counsellor)).expiredInvitations.total).toBe(0);
    await t.dataSource.query(`UPDATE invitation SET expires_at = now() - interval '1 day' WHERE id = $1`, [sent.body.id]);
    expect((await attention(w.counsellor)).expiredInvitations).toEqual({
      total: 1,
      items: [{ id: sent.body.id, displayName: 'Oma Jansen', role: 'parent', organisationId: null, caseId, expiredAt: expect.any(String) }],
    });
    expect((await attention(w.coordinator)).expiredInvitations.total).toBe(0); // someone else's invitation
    await t.http().post(`/api/invitations/${sent.body.id}/resend`).set(bearer(w.counsellor)).expect(200);
    expect((await attention(w.counsellor)).expiredInvitations.total).toBe(0);

    const empty = await t.factories.organisation('youth_protection', 'Jeugdbescherming Zonder', ['zonder.example.test']);
    const admin = await attention(w.admin);
    const names = admin.organisationsWithoutCoordinator.items.map((o: { name: string }) => o.name);
    expect(names).toContain('Jeugdbescherming Zonder');
    expect(names).not.toContain('Testteam'); // has a coordinator
    expect(admin.unreadMessages).toEqual({ total: 0, threadCount: 0, threads: [] });
    await t.http().post('/api/invitations').set(bearer(w.admin))
      .send({ email: 'coordinator@zonder.example.test', displayName: 'Eerste Coördinator', role: 'coordinator', organisationId: empty.id }).expect(201);
    expect((await attention(w.admin)).organisationsWithoutCoordinator.items.map((o: { name: string }) => o.name)).not.toContain('Jeugdbescherming Zonder');
    expect((await attention(w.parent)).organisationsWithoutCoordinator.total).toBe(0);
  });

  it('tells a coordinator how many erasure requests of the team are open, the oldest one\'s date and its one-month deadline, until they are decided', async () => {
    const none = await attention(w.coordinator);
    expect(none.erasureRequests).toEqual({ total: 0, oldestRequestedAt: null, answerDueAt: null });
    const first = (await t.http().post('/api/me/erasure-requests').set(bearer(w.parent)).send({ note: 'Wis wat mag, alstublieft.' }).expect(201)).body;
    await t.http().post('/api/me/erasure-requests').set(bearer(w.partner)).send({}).expect(201);
    // The parent asked on 15 January: the answer is due one month later.
    await t.dataSource.query(`UPDATE privacy_erasure_request SET requested_at = '2026-01-15T10:00:00Z' WHERE id = $1`, [first.id]);
    const before = await caseLogCount();
    const coordinator = await attention(w.coordinator);
    expect(coordinator.erasureRequests).toEqual({ total: 2, oldestRequestedAt: '2026-01-15T10:00:00.000Z', answerDueAt: '2026-02-15T10:00:00.000Z' });
    const json = JSON.stringify(coordinator);
    for (const hidden of ['Wis wat mag', w.parent.displayName, w.partner.displayName]) expect(json).not.toContain(hidden); // names and notes stay on the team screen
    expect(coordinator.total).toBeGreaterThanOrEqual(2);
    expect(await caseLogCount()).toBe(before);
    // Only the team's coordinator: not the counsellors, the parent who asked, nor another team.
    for (const user of [w.counsellor, w.parent, w.admin, await t.factories.user('coordinator')]) {
      expect((await attention(user)).erasureRequests.total).toBe(0);
    }
    await t.http().post(`/api/erasure-requests/${first.id}/decision`).set(bearer(w.coordinator)).send({ decision: 'refuse', reason: 'Het dossier moet de wet nog bewaren.' }).expect(200);
    expect((await attention(w.coordinator)).erasureRequests).toMatchObject({ total: 1 });
  });

  it('writes nothing into any case\'s access log, for any role, and records one overview event without a case', async () => {
    await send(w.counsellor, talk, 'Nog een bericht');
    const before = await caseLogCount();
    const everyone = [w.parent, w.child, w.partner, w.foster, w.expert, w.counsellor, w.counsellor2, w.coordinator, w.admin];
    for (const user of everyone) await attention(user);
    expect(await caseLogCount()).toBe(before);
    const events: { case_id: string | null; subject_id: string; actor_user_id: string }[] = await t.dataSource.query(
      `SELECT DISTINCT ON (actor_user_id) case_id, subject_id, actor_user_id FROM audit_event
        WHERE action = 'attention.read' AND actor_user_id = ANY($1::uuid[]) ORDER BY actor_user_id, seq DESC`, [everyone.map((u) => u.id)]);
    expect(events).toHaveLength(everyone.length);
    for (const event of events) expect(event).toEqual({ case_id: null, subject_id: event.actor_user_id, actor_user_id: event.actor_user_id });
  });

  it('answers in the same few statements however many conversations are unread (no query per thread or case)', async () => {
    const busy = await t.factories.user('parent');
    const cases: string[] = [];
    for (let i = 0; i < 6; i++) cases.push(await createCase(t, w.counsellor, `Familie ${i}`, [[busy, 'parent']]));
    /** Statements of one request, after a first one warmed up the pool and touched the session. */
    const statements = async (user: TestUser) => {
      await attention(user);
      let count = 0;
      const original = pg.Client.prototype.query;
      pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
        // Only the request's own statements: background work (the audit sealer, mail outbox) runs meanwhile.
        if (RequestContext.current()) count++;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      try {
        await attention(user);
      } finally {
        pg.Client.prototype.query = original;
      }
      return count;
    };
    const one = await createThread(t, w.counsellor, cases[0], 'Gesprek 0', [busy]);
    await send(w.counsellor, one, 'Hallo');
    const withOne = await statements(busy);
    for (let i = 1; i < 6; i++) {
      const thread = await createThread(t, w.counsellor, cases[i], `Gesprek ${i}`, [busy]);
      await send(w.counsellor, thread, 'Hallo');
      await send(w.counsellor, thread, 'Nog eens');
    }
    const withSix = await statements(busy);
    expect((await attention(busy)).unreadMessages).toMatchObject({ total: 11, threadCount: 6 });
    expect(withOne).toBeGreaterThan(0); // the counter sees the app's statements
    expect(withSix).toBe(withOne);
    expect(withSix).toBe(5); // the session, the unread conversations, the stories, their cases' titles, the audit event
  });

  it('is for logged-in users only', async () => {
    await t.http().get('/api/me/attention').expect(401);
  });
});
