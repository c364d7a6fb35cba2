import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const run = promisify(execFile);

/**
 * The own export (issue 21) covers the features that landed beside it: a parent's peer groups
 * (under their pseudonym), the help suggested to them, a child's own voice, a counsellor's and an
 * expert's consultations — each as that person sees it in the portal, and nobody finds another
 * person's real name, e-mail address or id where the portal hides it. A granted erasure request
 * erases a parent's group messages (they stay "oud-lid") and a child's voice.
 */
describe('privacy: the export and erasure cover groups, consultations, the child\'s voice and suggested help (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let bert: TestUser;
  let caseId: string;
  let groupId: string;
  let consultationId: string;
  let dir: string;
  const handles: Record<string, string> = {};
  const messageIds: Record<string, string> = {};

  const get = (url: string, user: TestUser) => t.http().get(url).set(bearer(user));
  const post = (url: string, user: TestUser, body: object = {}) => t.http().post(url).set(bearer(user)).send(body);

  async function exportOf(user: TestUser): Promise<{ data: any; raw: string; pdf: string }> {
    const started = await post('/api/me/exports', user).expect(202);
    for (let i = 0; i < 300; i++) {
      const res = await get(`/api/me/exports/${started.body.id}`, user).expect(200);
      if (res.body.status === 'ready') break;
      if (res.body.status === 'failed') throw new Error('export failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const zip = await get(`/api/me/exports/${started.body.id}/download`, user).buffer(true).parse((res, callback) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => callback(null, Buffer.concat(parts)));
    }).expect(200);
    const target = await mkdtemp(path.join(dir, 'zip-'));
    await writeFile(path.join(target, 'export.zip'), zip.body as Buffer);
    await run('unzip', ['-q', path.join(target, 'export.zip'), '-d', path.join(target, 'out')]);
    const raw = await readFile(path.join(target, 'out', 'data.json'), 'utf8');
    const pdf = (await run('pdftotext', [path.join(target, 'out', 'overzicht.pdf'), '-'])).stdout;
    return { data: JSON.parse(raw), raw, pdf };
  }

  async function schemaKeys(): Promise<string[]> {
    return JSON.parse(await readFile('docs/privacy-export.schema.json', 'utf8')).required;
  }

  beforeAll(async () => {
    t = await createTestApp({ MESSAGE_SEND_MAX_PER_MINUTE: '1000' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'ev-export-features-'));
    w = await caseWorld(t);
    bert = await t.factories.user('parent', { displayName: 'Bert Bakkerszoon', email: 'bert.bakkerszoon@example.test' });

    // A case with the parent and the child; the child record linked to the child's account, with a voice.
    caseId = await createCase(t, w.counsellor, 'Familie Functies', [[w.parent, 'parent'], [w.child, 'child']]);
    const child = await post(`/api/cases/${caseId}/children`, w.counsellor, { firstName: 'Kiki', birthYear: 2013, placement: 'foster_family', protectionMeasure: 'supervision_order' }).expect(201);
    await t.http().patch(`/api/cases/${caseId}/children/${child.body.id}`).set(bearer(w.counsellor)).send({ userId: w.child.id }).expect(200);
    await t.http().put(`/api/cases/${caseId}/children/${child.body.id}/voice`).set(bearer(w.child))
      .send({ text: 'Ik wil op woensdag bij papa eten.', visibleTo: ['parents'] }).expect(200);

    // Help from the directory, suggested to the parent.
    const service = await post('/api/directory/services', w.coordinator, {
      name: 'Opvoedsteunpunt Oost', description: 'Wij denken mee over opvoeden.', themes: ['debts_and_money'], regionCodes: ['twente'],
      eligibility: 'Ouders in Twente.', referralNeeded: false, howToApply: 'Bel ons.',
      organization: { name: 'Steunpunt Oost', url: 'https://steunpunt.example.test/' }, locations: [{ address: 'Marktstraat 1', postalCode: '7511ab', city: 'Enschede' }],
    }).expect(201);
    await post(`/api/cases/${caseId}/service-suggestions`, w.counsellor, { serviceId: service.body.id, note: 'Misschien iets voor u.' }).expect(201);

    // A consultation: the counsellor asks the expert, both write.
    await t.dataSource.query(`UPDATE app_user SET specialism = 'child_psychiatry' WHERE id = $1`, [w.expert.id]);
    consultationId = (await post(`/api/cases/${caseId}/consultations`, w.counsellor, {
      expertId: w.expert.id, question: 'Hoe bouwen we het contact rustig op?', basis: 'professional_need',
    }).expect(201)).body.id;
    await post(`/api/consultations/${consultationId}/messages`, w.expert, { body: 'Begin met korte, vaste momenten.' }).expect(201);
    await post(`/api/consultations/${consultationId}/messages`, w.counsellor, { body: 'Dank u, dat proberen we.' }).expect(201);

    // A peer group: the parent as "Zonnebloem", Bert as "Regenboog"; messages, reports both ways, a hidden message and a mute.
    groupId = (await post('/api/groups', w.coordinator, { name: 'Ouders samen', theme: 'Uithuisplaatsing', description: 'Samen praten.', rules: 'Wees vriendelijk.' }).expect(201)).body.id;
    for (const [user, pseudonym] of [[w.parent, 'Zonnebloem'], [bert, 'Regenboog']] as const) {
      const asked = await post(`/api/groups/${groupId}/join-requests`, user, { pseudonym }).expect(201);
      handles[pseudonym] = asked.body.handle;
      await post(`/api/groups/${groupId}/members`, w.coordinator, { userId: asked.body.handle, pseudonym, role: 'member' }).expect(201);
    }
    const send = async (user: TestUser, body: string) => (await post(`/api/groups/${groupId}/messages`, user, { body, clientMessageId: randomUUID() }).expect(201)).body.id as string;
    messageIds.first = await send(w.parent, 'Mijn eerste bericht in de groep.');
    messageIds.second = await send(w.parent, 'Een bericht dat de gespreksleiding verbergt.');
    messageIds.bert = await send(bert, 'Bert vertelt over zijn week.');
    await post(`/api/groups/${groupId}/messages/${messageIds.bert}/reports`, w.parent, { reason: 'Dit voelt niet goed, van Zonnebloem.' }).expect(201);
    await post(`/api/groups/${groupId}/messages/${messageIds.first}/reports`, bert, { reason: 'GEHEIME-MELDING-VAN-BERT' }).expect(201);
    await post(`/api/groups/${groupId}/messages/${messageIds.second}/hide`, w.coordinator, { reason: 'Noemt een echte naam.' }).expect(200);
    await post(`/api/groups/${groupId}/members/${handles.Zonnebloem}/mute`, w.coordinator, { until: new Date(Date.now() + 86_400_000).toISOString() }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a parent finds their groups under their pseudonym, their messages (the hidden one with its reason), their reports and the suggested help — and nothing of who Bert is', async () => {
    const { data, raw, pdf } = await exportOf(w.parent);
    expect(Object.keys(data).sort()).toEqual([...(await schemaKeys())].sort());
    expect(data.peerGroups.memberships).toEqual([expect.objectContaining({
      groupId, groupName: 'Ouders samen', handle: handles.Zonnebloem, pseudonym: 'Zonnebloem', status: 'active', mutedUntil: expect.any(String), removedByModeration: false,
    })]);
    expect(data.peerGroups.messages.map((m: { body: string }) => m.body)).toEqual(['Mijn eerste bericht in de groep.', 'Een bericht dat de gespreksleiding verbergt.']);
    expect(data.peerGroups.messages[1].hidden).toEqual({ reason: 'Noemt een echte naam.', hiddenAt: expect.any(String) });
    expect(data.peerGroups.messages[0].hidden).toBeNull();
    expect(data.peerGroups.reports).toEqual([expect.objectContaining({ messageId: messageIds.bert, messageAuthorPseudonym: 'Regenboog', reason: 'Dit voelt niet goed, van Zonnebloem.', outcome: null })]);
    expect(data.peerGroups.moderationByYou).toEqual([]);
    expect(data.serviceSuggestions).toEqual([expect.objectContaining({ caseId, serviceName: 'Opvoedsteunpunt Oost', note: 'Misschien iets voor u.' })]);
    expect(data.consultations).toEqual([]);
    expect(data.childVoice).toEqual([]);
    // Bert only as "Regenboog": not his account id, name or e-mail address, not his report about the parent, not the moderator.
    for (const hidden of [bert.id, bert.email, 'Bakkerszoon', 'GEHEIME-MELDING-VAN-BERT', w.coordinator.id]) expect(raw).not.toContain(hidden);
    // The child chose the parents as readers, but the child's voice is the child's data, not in the parent's copy.
    expect(raw).not.toContain('Ik wil op woensdag bij papa eten.');
    expect(pdf).toContain('Lotgenotengroepen');
    expect(pdf).toContain('Zonnebloem');
    expect(pdf).toContain('Mijn eerste bericht in de groep.');
    expect(pdf).toContain('Noemt een echte naam.');
    expect(pdf).toContain('Opvoedsteunpunt Oost');
    for (const hidden of ['Bakkerszoon', 'GEHEIME-MELDING-VAN-BERT']) expect(pdf).not.toContain(hidden);
  }, 60_000);

  it('a child finds their own voice and whom they chose; nothing of the parent\'s groups', async () => {
    const { data, raw, pdf } = await exportOf(w.child);
    expect(Object.keys(data).sort()).toEqual([...(await schemaKeys())].sort());
    expect(data.childVoice).toEqual([expect.objectContaining({
      caseId, firstName: 'Kiki', voice: expect.objectContaining({ text: 'Ik wil op woensdag bij papa eten.', visibleTo: ['counsellor', 'parents'] }),
    })]);
    expect(data.peerGroups).toEqual({ memberships: [], messages: [], reports: [], moderationByYou: [] });
    expect(data.serviceSuggestions).toEqual([]);
    expect(raw).not.toContain('Zonnebloem');
    expect(pdf).toContain('Wat jij wilt zeggen');
    expect(pdf).toContain('Ik wil op woensdag bij papa eten.');
    expect(pdf).toContain('je ouders');
  }, 60_000);

  it('a counsellor finds the consultations they asked, with the messages; an expert those put to them, pseudonymised, never the case', async () => {
    const counsellor = await exportOf(w.counsellor);
    expect(Object.keys(counsellor.data).sort()).toEqual([...(await schemaKeys())].sort());
    expect(counsellor.data.consultations).toEqual([expect.objectContaining({
      id: consultationId, caseId, question: 'Hoe bouwen we het contact rustig op?', expert: expect.objectContaining({ id: w.expert.id }),
    })]);
    expect(counsellor.data.consultations[0].messages.map((m: { body: string }) => m.body)).toEqual(['Begin met korte, vaste momenten.', 'Dank u, dat proberen we.']);
    expect(counsellor.pdf).toContain('Vragen aan specialisten');
    expect(counsellor.pdf).toContain('Hoe bouwen we het contact rustig op?');
    expect(counsellor.pdf).toContain('Begin met korte, vaste momenten.');

    const expert = await exportOf(w.expert);
    expect(Object.keys(expert.data).sort()).toEqual([...(await schemaKeys())].sort());
    const [asked] = expert.data.consultations;
    expect(asked).toMatchObject({ id: consultationId, pseudonym: counsellor.data.consultations[0].pseudonym, question: 'Hoe bouwen we het contact rustig op?' });
    expect(asked).not.toHaveProperty('caseId');
    expect(asked).not.toHaveProperty('expert');
    expect(asked.messages.map((m: { author: { displayName: string | null; mine: boolean } }) => m.author)).toEqual([
      expect.objectContaining({ side: 'expert', mine: true }), { side: 'counsellor', displayName: null, mine: false },
    ]);
    // No case id, title or reference, no name or id of the counsellor, the parent or the child.
    const [kase] = await t.dataSource.query(`SELECT reference FROM case_file WHERE id = $1`, [caseId]) as { reference: string }[];
    for (const hidden of [caseId, kase.reference, 'Familie Functies', w.counsellor.id, w.counsellor.displayName, w.counsellor.email, w.parent.displayName, w.parent.id, w.child.displayName]) {
      expect(expert.raw).not.toContain(hidden);
    }
    expect(expert.pdf).toContain('Vragen aan u als specialist');
    expect(expert.pdf).toContain('Dank u, dat proberen we.');
    expect(expert.pdf).not.toContain(w.counsellor.displayName);
  }, 90_000);

  it('a coordinator who moderated finds what they did (the hidden message, by pseudonym), nothing of who the members are', async () => {
    const { data, raw, pdf } = await exportOf(w.coordinator);
    expect(data.peerGroups.memberships).toEqual([]);
    expect(data.peerGroups.moderationByYou).toEqual([expect.objectContaining({
      kind: 'message_hidden', groupId, messageId: messageIds.second, authorPseudonym: 'Zonnebloem', reason: 'Noemt een echte naam.', outcome: null,
    })]);
    for (const hidden of [bert.email, 'Bakkerszoon', w.parent.email, 'Een bericht dat de gespreksleiding verbergt.']) expect(raw).not.toContain(hidden);
    expect(pdf).toContain('Wat u deed als gespreksleider');
    expect(pdf).toContain('U verborg het bericht: Noemt een echte naam.');
  }, 60_000);

  it('a granted erasure request erases the parent\'s group messages, report reasons and pseudonym (they stay "oud-lid") and the child\'s voice; Bert\'s words stay', async () => {
    const grant = async (user: TestUser) => {
      const asked = await post('/api/me/erasure-requests', user, { note: 'Haal alles weg wat mag.' }).expect(201);
      await post(`/api/erasure-requests/${asked.body.id}/decision`, w.coordinator, { decision: 'grant', reason: 'Wat de wet niet vraagt te bewaren, is gewist.' }).expect(200);
      const [event] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'privacy.erasure.granted' AND subject_id = $1`, [asked.body.id]) as { details: Record<string, number> }[];
      return event.details;
    };
    const erased = await grant(w.parent);
    expect(erased).toMatchObject({ groupMessages: 2, groupReports: 1, groupMemberships: 1, childVoices: 0 });

    const messages: { id: string; body: string }[] = await t.dataSource.query(`SELECT id, body FROM peer_group_message WHERE group_id = $1 ORDER BY seq`, [groupId]);
    expect(messages).toEqual([{ id: messageIds.first, body: '' }, { id: messageIds.second, body: '' }, { id: messageIds.bert, body: 'Bert vertelt over zijn week.' }]);
    const [member] = await t.dataSource.query(`SELECT pseudonym, status, muted_until FROM peer_group_member WHERE id = $1`, [handles.Zonnebloem]) as { pseudonym: string; status: string; muted_until: Date | null }[];
    expect(member).toEqual({ pseudonym: `Oud-lid ${handles.Zonnebloem.slice(0, 8)}`, status: 'left', muted_until: null });
    const reasons: { reason: string }[] = await t.dataSource.query(`SELECT reason FROM peer_group_report WHERE group_id = $1 ORDER BY created_at`, [groupId]);
    expect(reasons.map((r) => r.reason)).toEqual(['', 'GEHEIME-MELDING-VAN-BERT']);
    // Bert sees the parent's message as written by a former member, without its words or the old pseudonym.
    const seen = (await get(`/api/groups/${groupId}/messages`, bert).expect(200)).body.items as { id: string; body: string; author: { pseudonym: string; former: boolean } }[];
    expect(seen.find((m) => m.id === messageIds.first)).toMatchObject({ body: '', author: { former: true, pseudonym: expect.stringMatching(/^Oud-lid /) } });
    expect(JSON.stringify(seen)).not.toContain('Zonnebloem');
    // The parent's next export says so too.
    const after = await exportOf(w.parent);
    expect(after.data.peerGroups.memberships[0]).toMatchObject({ status: 'left', pseudonym: expect.stringMatching(/^Oud-lid /) });
    expect(after.raw).not.toContain('Mijn eerste bericht in de groep.');

    // The child's voice goes with the child's own request; the child record stays.
    expect(await grant(w.child)).toMatchObject({ childVoices: 1, groupMessages: 0 });
    const mine = (await get('/api/children/me', w.child).expect(200)).body.items;
    expect(mine).toEqual([expect.objectContaining({ caseId, firstName: 'Kiki', voice: expect.objectContaining({ text: '', updatedAt: null }) })]);
  }, 90_000);
});
