import { EventEmitter2 } from '@nestjs/event-emitter';
import { HandoverMoving, ParticipantRemoved, ParticipantRemoving } from '../src/cases/cases.events.js';
import { TransactionHost } from '../src/database/transaction-host.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, type CaseWorld } from './cases.helpers.js';

describe('case access log and handover (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  async function newCase(title: string): Promise<string> {
    const id = (await t.http().post('/api/cases').set(bearer(w.counsellor)).send({ title }).expect(201)).body.id;
    for (const [user, role] of [[w.parent, 'parent'], [w.partner, 'guardian']] as const) {
      await t.http().post(`/api/cases/${id}/participants`).set(bearer(w.counsellor)).send({ userId: user.id, role }).expect(201);
    }
    return id;
  }
  const log = (caseId: string, user: TestUser, query = '', language?: string) => {
    const req = t.http().get(`/api/cases/${caseId}/access-log${query}`).set(bearer(user));
    return language ? req.set('Accept-Language', language) : req;
  };

  describe('access log', () => {
    it('tells the parent in plain Dutch who read their story, newest first', async () => {
      const caseId = await newCase('Logboek');
      await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.partner.id, scopes: ['story'] }).expect(201);
      await t.http().get(`/api/cases/${caseId}/story`).set(bearer(w.partner)).expect(200);
      const res = await log(caseId, w.parent).expect(200);
      const [newest] = res.body.items;
      expect(newest).toMatchObject({
        action: 'case.story.read',
        actor: { id: w.partner.id, displayName: 'Gijs Gezinsvoogd', role: 'guardian', roleLabel: 'gezinsvoogd', organisationName: 'Jeugdbescherming Test', isYou: false },
        what: 'las uw verhaal',
      });
      expect(newest.description).toMatch(/^Jeugdbescherming Test — gezinsvoogd Gijs Gezinsvoogd — las uw verhaal op \d{1,2} \w+ \d{4} om \d{2}:\d{2}$/);
      const actions = res.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['case.consent.granted', 'case.participant.added', 'case.created']));
      expect(actions.indexOf('case.story.read')).toBeLessThan(actions.indexOf('case.created'));
      const consent = res.body.items.find((e: { action: string }) => e.action === 'case.consent.granted');
      expect(consent.what).toBe('gaf Gijs Gezinsvoogd toestemming om het verhaal te zien');
      expect(consent.description).toMatch(/^U gaf Gijs/);
      const added = res.body.items.find((e: { action: string; what: string }) => e.action === 'case.participant.added' && e.what.includes('Olga'));
      expect(added.what).toBe('voegde Olga Ouder toe aan het dossier');
    });

    it('speaks English on request, and logs every read, including its own', async () => {
      const caseId = await newCase('Logbook');
      await t.http().get(`/api/cases/${caseId}`).set(bearer(w.parent)).expect(200);
      await t.http().get(`/api/cases/${caseId}/participants`).set(bearer(w.partner)).expect(200);
      await log(caseId, w.counsellor).expect(200);
      const res = await log(caseId, w.parent, '', 'en-GB,en;q=0.9').expect(200);
      const [readLog, participants, caseRead] = res.body.items;
      expect(readLog).toMatchObject({ action: 'case.access_log.read', what: 'looked at who viewed the case file', actor: { id: w.counsellor.id, roleLabel: 'counsellor' } });
      expect(participants.what).toBe('looked at who takes part in the case file');
      expect(caseRead).toMatchObject({ action: 'case.read', what: 'looked at the case file', actor: { isYou: true } });
      expect(caseRead.description).toMatch(/^You looked at the case file on \d{1,2} \w+ \d{4} at \d{2}:\d{2}$/);
    });

    it('pages with a cursor and is closed to partners and admins', async () => {
      const caseId = await newCase('Pagina');
      const first = await log(caseId, w.coordinator, '?limit=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await log(caseId, w.coordinator, `?limit=2&before=${first.body.nextCursor}`).expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
      const seen = [...first.body.items, ...second.body.items].map((e: { at: string }) => e.at);
      expect([...seen].sort().reverse()).toEqual(seen);
      await log(caseId, w.partner).expect(403);
      await log(caseId, w.admin).expect(403);
      await log(caseId, w.coordinator, '?before=00000000-0000-4000-8000-000000000000').expect(400);
    });
  });

  describe('handover', () => {
    it('moves the lead in one transaction with the in-transaction hook, the old counsellor leaves, the parent is told', async () => {
      const caseId = await newCase('Overdracht');
      const events = t.app.get(EventEmitter2);
      const txHost = t.app.get(TransactionHost);
      const seen: string[] = [];
      const moving = async (e: HandoverMoving) => {
        seen.push(`moving:${e.fromUserId}>${e.toUserId}:${txHost.isTransactionActive}`);
        // A listener's write joins the handover's transaction.
        await txHost.tx.query(`INSERT INTO case_update (case_id, kind, body, visibility) VALUES ($1, 'note', 'hook', 'professionals')`, [e.caseId]);
      };
      const removing = (e: ParticipantRemoving) => { seen.push(`removing:${e.userId}:${txHost.isTransactionActive}`); };
      const removed = (e: ParticipantRemoved) => { seen.push(`removed:${e.userId}:${txHost.isTransactionActive}`); };
      events.on(HandoverMoving.event, moving);
      events.on(ParticipantRemoving.event, removing);
      events.on(ParticipantRemoved.event, removed);

      const request = await t.http().post(`/api/cases/${caseId}/handover-requests`).set(bearer(w.counsellor)).send({ reason: 'Eigen veiligheid' }).expect(201);
      expect(request.body).toMatchObject({ status: 'open', requestedBy: { id: w.counsellor.id } });
      const res = await t.http().post(`/api/cases/${caseId}/handover`).set(bearer(w.coordinator)).send({ toCounsellorId: w.counsellor2.id, reason: 'Eigen veiligheid' }).expect(200);
      expect(res.body).toMatchObject({ from: { id: w.counsellor.id }, to: { id: w.counsellor2.id }, previousCounsellorStays: false });
      events.off(HandoverMoving.event, moving);
      events.off(ParticipantRemoving.event, removing);
      events.off(ParticipantRemoved.event, removed);
      expect(seen).toEqual([`moving:${w.counsellor.id}>${w.counsellor2.id}:true`, `removing:${w.counsellor.id}:true`, `removed:${w.counsellor.id}:false`]);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM case_update WHERE case_id = $1 AND body = 'hook'`, [caseId]))[0].n).toBe(1);

      const c = await t.http().get(`/api/cases/${caseId}`).set(bearer(w.counsellor2)).expect(200);
      expect(c.body.leadCounsellor.id).toBe(w.counsellor2.id);
      await t.http().get(`/api/cases/${caseId}`).set(bearer(w.counsellor)).expect(404);
      const updates = await t.http().get(`/api/cases/${caseId}/updates`).set(bearer(w.parent)).expect(200);
      expect(updates.body.items[0]).toMatchObject({ kind: 'handover', visibility: 'everyone' });
      expect(updates.body.items[0].body).toContain('Fleur Begeleider');
      expect(updates.body.items[0].body).not.toContain('veiligheid');
      const entries = (await log(caseId, w.parent).expect(200)).body.items;
      expect(entries.find((e: { action: string }) => e.action === 'case.handover').what).toBe('droeg het dossier over aan Fleur Begeleider');
      const requests = await t.http().get(`/api/cases/${caseId}/handover-requests`).set(bearer(w.coordinator)).expect(200);
      expect(requests.body[0]).toMatchObject({ id: request.body.id, status: 'done' });
    });

    it('keeps the previous counsellor when asked, and rolls everything back when a hook fails', async () => {
      const caseId = await newCase('Geleidelijk');
      await t.http().post(`/api/cases/${caseId}/handover`).set(bearer(w.coordinator)).send({ toCounsellorId: w.counsellor2.id, reason: 'Verlof', previousCounsellorStays: true }).expect(200);
      await t.http().get(`/api/cases/${caseId}`).set(bearer(w.counsellor)).expect(200);

      const events = t.app.get(EventEmitter2);
      const failing = () => { throw new Error('messaging could not move memberships'); };
      events.on(HandoverMoving.event, failing);
      await t.http().post(`/api/cases/${caseId}/handover`).set(bearer(w.coordinator)).send({ toCounsellorId: w.counsellor.id, reason: 'Terug' }).expect(500);
      events.off(HandoverMoving.event, failing);
      const c = await t.http().get(`/api/cases/${caseId}`).set(bearer(w.coordinator)).expect(200);
      expect(c.body.leadCounsellor.id).toBe(w.counsellor2.id);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM case_handover WHERE case_id = $1`, [caseId]))[0].n).toBe(1);
    });

    it('refuses handovers to non-counsellors, to the current lead, by counsellors; requests only from the case\'s counsellors', async () => {
      const caseId = await newCase('Weigeren');
      expect((await t.http().post(`/api/cases/${caseId}/handover`).set(bearer(w.coordinator)).send({ toCounsellorId: w.parent.id, reason: 'x' }).expect(400)).body.field).toBe('toCounsellorId');
      expect((await t.http().post(`/api/cases/${caseId}/handover`).set(bearer(w.coordinator)).send({ toCounsellorId: w.counsellor.id, reason: 'x' }).expect(409)).body.code).toBe('already_lead');
      expect((await t.http().post(`/api/cases/${caseId}/handover`).set(bearer(w.coordinator)).send({ toCounsellorId: w.counsellor2.id }).expect(400)).body.fields).toEqual(['reason']);
      await t.http().post(`/api/cases/${caseId}/handover`).set(bearer(w.counsellor)).send({ toCounsellorId: w.counsellor2.id, reason: 'x' }).expect(403);
      await t.http().post(`/api/cases/${caseId}/handover-requests`).set(bearer(w.counsellor2)).send({ reason: 'x' }).expect(404);
      await t.http().post(`/api/cases/${caseId}/handover-requests`).set(bearer(w.parent)).send({ reason: 'x' }).expect(403);
    });
  });
});
