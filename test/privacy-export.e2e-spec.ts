import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ExportsService } from '../src/privacy/exports.service.js';
import { decryptWith, encryptTo, type KeyPair, makeKey, putKey, upload } from './attachments.fixtures.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, sealAndVerify, type TestApp } from './helpers/test-app.js';
import { formToken } from './intake.helpers.js';

const run = promisify(execFile);

describe('privacy: a user\'s own copy of everything (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  let otherParent: TestUser;
  let attachmentId: string;
  let dir: string;
  let parentKey: KeyPair;

  const get = (url: string, user: TestUser) => t.http().get(url).set(bearer(user));
  const post = (url: string, user: TestUser, body: object = {}) => t.http().post(url).set(bearer(user)).send(body);
  const binary = (url: string, user: TestUser) => get(url, user).buffer(true).parse((res, callback) => {
    const parts: Buffer[] = [];
    res.on('data', (c: Buffer) => parts.push(c));
    res.on('end', () => callback(null, Buffer.concat(parts)));
  });

  async function waitReady(id: string, user: TestUser): Promise<{ status: string; progress: number; expiresAt: string }> {
    for (let i = 0; i < 300; i++) {
      const res = await get(`/api/me/exports/${id}`, user).expect(200);
      if (res.body.status === 'ready' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('export never finished');
  }

  async function unpack(zip: Buffer): Promise<string> {
    const target = await mkdtemp(path.join(dir, 'zip-'));
    await writeFile(path.join(target, 'export.zip'), zip);
    await run('unzip', ['-q', path.join(target, 'export.zip'), '-d', path.join(target, 'out')]);
    return path.join(target, 'out');
  }

  beforeAll(async () => {
    t = await createTestApp();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ev-export-'));
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Export', [[w.parent, 'parent'], [w.partner, 'guardian']]);
    const c = (p: string) => `/api/cases/${caseId}${p}`;
    await t.http().put(c('/story')).set(bearer(w.parent)).send({ sections: [{ key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text: 'Eerste versie van mijn verhaal.' }] }).expect(200);
    await t.http().put(c('/story')).set(bearer(w.parent)).send({ sections: [{ key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text: 'Tweede versie, met de ouder.' }] }).expect(200);
    const consent = await post(c('/consents'), w.parent, { granteeUserId: w.partner.id, scopes: ['story'] }).expect(201);
    await t.http().delete(c(`/consents/${consent.body.id}`)).set(bearer(w.parent)).expect(200);
    await post(c('/updates'), w.counsellor, { body: 'Mededeling voor iedereen: gesprek op dinsdag.', visibility: 'everyone' }).expect(201);
    await post(c('/updates'), w.counsellor, { body: 'Alleen voor professionals: overleg met de Raad.', visibility: 'professionals' }).expect(201);
    await post(c('/children'), w.parent, { firstName: 'Noor', birthYear: 2016, placement: 'foster_family', protectionMeasure: 'supervision_order' }).expect(201);
    // The plan and the shared analysis (issue 18): a goal of the parent's own, and a position on the analysis.
    await post(c('/plan/goals'), w.parent, { title: 'Elke week met Noor bellen', owner: 'parent' }).expect(201);
    await t.http().put(c('/analysis')).set(bearer(w.counsellor)).send({ sections: [{ key: 'situation', text: 'Noor woont sinds 2024 in een pleeggezin.' }] }).expect(200);
    await post(c('/analysis/positions'), w.parent, { sectionKey: 'situation', stance: 'addition', text: 'Ik bel haar nu elke zondag.' }).expect(201);
    const threadId = await createThread(t, w.counsellor, caseId, 'Ouder en begeleider', [w.parent]);
    for (let i = 0; i < 3; i++) await post(`/api/threads/${threadId}/messages`, w.parent, { body: `Bericht nummer ${i} van de ouder.`, clientMessageId: randomUUID() }).expect(201);
    const hidden = await createThread(t, w.counsellor, caseId, 'Zonder ouder', [w.partner]);
    await post(`/api/threads/${hidden}/messages`, w.counsellor, { body: 'Een gesprek zonder de ouder.', clientMessageId: randomUUID() }).expect(201);
    // A registration by the parent's e-mail address.
    await t.http().post('/api/registrations').send({
      route: 'parent', registrantType: 'mother', name: 'Olga Ouder', email: w.parent.email, message: 'Mijn aanmelding van vorig jaar.',
      consentToContact: true, formToken: formToken(t),
    }).expect(201);
    // An attachment the parent can open (encrypted to the parent's and the counsellor's keys).
    let counsellorKey: KeyPair;
    [parentKey, counsellorKey] = await Promise.all([makeKey(w.parent.email), makeKey(w.counsellor.email)]);
    await putKey(t, w.parent, parentKey);
    await putKey(t, w.counsellor, counsellorKey);
    const cipher = await encryptTo(randomBytes(2048), [parentKey.publicKey, counsellorKey.publicKey]);
    attachmentId = (await upload(t, w.parent, threadId, cipher).expect(201)).body.id;
    // Another family, in another team: none of it may appear.
    otherParent = await t.factories.user('parent', { displayName: 'Anna Anderegezin' });
    const otherTeam = await t.factories.organisation('support_team', 'Ander team');
    const otherCounsellor = await t.factories.user('counsellor', { organisationId: otherTeam.id });
    const otherCase = await createCase(t, otherCounsellor, 'Familie Anders', [[otherParent, 'parent']]);
    await t.http().put(`/api/cases/${otherCase}/story`).set(bearer(otherParent)).send({ sections: [{ key: 'a', title: 'Wat er gebeurde', text: 'GEHEIM-VAN-EEN-ANDERE-FAMILIE' }] }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('queues one export at a time (409 with the running one), keeps ids private (404), and builds a ZIP that unzip accepts', async () => {
    const first = await post('/api/me/exports', w.parent).expect(202);
    expect(first.body).toEqual({ id: expect.any(String), status: 'queued' });
    const second = await post('/api/me/exports', w.parent).expect(409);
    expect(second.body).toMatchObject({ code: 'export_running', id: first.body.id });
    await get(`/api/me/exports/${first.body.id}`, otherParent).expect(404);
    await binary(`/api/me/exports/${first.body.id}/download`, otherParent).expect(404);
    await get(`/api/me/exports/${randomUUID()}`, w.parent).expect(404);
    await get('/api/me/exports/not-a-uuid', w.parent).expect(400);

    const done = await waitReady(first.body.id, w.parent);
    expect(done).toMatchObject({ status: 'ready', progress: 100 });
    const days = (new Date(done.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const res = await binary(`/api/me/exports/${first.body.id}/download`, w.parent).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['cache-control']).toBe('no-store');
    const zipPath = path.join(dir, 'first.zip');
    await writeFile(zipPath, res.body as Buffer);
    const tested = await run('unzip', ['-t', zipPath]);
    expect(tested.stdout).toContain('No errors detected');
    const listing = (await run('unzip', ['-Z1', zipPath])).stdout.split('\n').filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining(['LEESMIJ.txt', 'data.json', 'overzicht.pdf', 'attachments/LEESMIJ.txt', `attachments/${attachmentId}.pgp`]));

    const out = await unpack(res.body as Buffer);
    const raw = await readFile(path.join(out, 'data.json'), 'utf8');
    const data = JSON.parse(raw);
    expect(data).toMatchObject({ schemaVersion: 1, account: { id: w.parent.id, email: w.parent.email, role: 'parent' } });
    // The documented schema (docs/privacy-export.schema.json) names every key the export writes.
    const schema = JSON.parse(await readFile('docs/privacy-export.schema.json', 'utf8'));
    expect(Object.keys(data).sort()).toEqual([...schema.required].sort());
    expect(Object.keys(data.cases[0]).sort()).toEqual([...schema.properties.cases.items.required].sort());
    expect(Object.keys(data.account).sort()).toEqual([...schema.properties.account.required].sort());
    expect(data.cases).toHaveLength(1);
    const kase = data.cases[0];
    expect(kase.case).toMatchObject({ id: caseId, title: 'Familie Export' });
    expect(kase.storyVersions.map((v: { sections: { text: string }[] }) => v.sections[0].text)).toEqual(['Tweede versie, met de ouder.', 'Eerste versie van mijn verhaal.']);
    expect(kase.consents).toEqual([expect.objectContaining({ state: 'revoked', grantee: expect.objectContaining({ id: w.partner.id }) })]);
    // The updates the parent sees: those for everyone, not the professionals' ones.
    expect(kase.updates.map((u: { body: string }) => u.body)).toContain('Mededeling voor iedereen: gesprek op dinsdag.');
    expect(raw).not.toContain('Alleen voor professionals');
    expect(kase.children).toEqual([expect.objectContaining({ firstName: 'Noor', birthYear: 2016 })]);
    expect(kase.plan.goals).toEqual([expect.objectContaining({ title: 'Elke week met Noor bellen', owner: 'parent' })]);
    expect(kase.analysisVersions).toEqual([expect.objectContaining({
      version: 1, sections: [{ key: 'situation', text: 'Noor woont sinds 2024 in een pleeggezin.' }],
      positions: [expect.objectContaining({ userId: w.parent.id, stance: 'addition', text: 'Ik bel haar nu elke zondag.' })],
    })]);
    expect(kase.threads).toHaveLength(1);
    expect(kase.threads[0].messages.map((m: { body: string }) => m.body).sort()).toEqual([0, 1, 2].map((i) => `Bericht nummer ${i} van de ouder.`));
    expect(raw).not.toContain('Een gesprek zonder de ouder');
    // The access log holds the consent's history (granted, revoked) among everything else.
    const actions = kase.accessLog.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['case.consent.granted', 'case.consent.revoked', 'case.story.saved']));
    expect(kase.notShownToYou).toEqual([]);
    expect(data.registrations).toEqual([expect.objectContaining({ email: w.parent.email, message: 'Mijn aanmelding van vorig jaar.' })]);
    expect(data.attachments).toEqual([expect.objectContaining({ id: attachmentId, file: `attachments/${attachmentId}.pgp` })]);
    expect(data.sessions.length).toBeGreaterThan(0);
    // Nothing of the other family.
    expect(raw).not.toContain('GEHEIM-VAN-EEN-ANDERE-FAMILIE');
    expect(raw).not.toContain('Anderegezin');

    // The attachment is the ciphertext the parent can open with their own key.
    const cipher = await readFile(path.join(out, 'attachments', `${attachmentId}.pgp`));
    expect((await decryptWith(cipher, parentKey.privateKey)).length).toBe(2048);
    expect(await readFile(path.join(out, 'attachments', 'LEESMIJ.txt'), 'utf8')).toContain('gpg --decrypt');

    // The PDF renders (poppler reads it) and is in Dutch.
    const text = (await run('pdftotext', [path.join(out, 'overzicht.pdf'), '-'])).stdout;
    expect(text).toContain('Uw kopie van Eenverhaal');
    expect(text).toContain('Tweede versie, met de ouder.');
    expect(text).toContain('Bericht nummer 2 van de ouder.');
    expect(text).toContain('Doel van de ouder');
    expect(text).toContain('Elke week met Noor bellen');
    expect(text).toContain('wil iets toevoegen');

    // Every step is audited.
    const events: { action: string }[] = await t.asOwner(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [first.body.id]) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining([
      'privacy.export.requested', 'privacy.export.started', 'privacy.export.section_written', 'privacy.export.ready', 'privacy.export.downloaded',
    ]));
    expect((await sealAndVerify(t)).ok).toBe(true);

    // Once expired: 410 for the status and the download.
    await t.asOwner(`UPDATE privacy_export SET expires_at = now() - interval '1 minute' WHERE id = $1`, [first.body.id]);
    expect((await get(`/api/me/exports/${first.body.id}`, w.parent).expect(410)).body.code).toBe('export_expired');
    await binary(`/api/me/exports/${first.body.id}/download`, w.parent).expect(410);
  }, 120_000);

  it('a partner\'s export holds only what the partner may see (no story without consent)', async () => {
    const started = await post('/api/me/exports', w.partner).expect(202);
    await waitReady(started.body.id, w.partner);
    const res = await binary(`/api/me/exports/${started.body.id}/download`, w.partner).expect(200);
    const out = await unpack(res.body as Buffer);
    const data = JSON.parse(await readFile(path.join(out, 'data.json'), 'utf8'));
    expect(data.account.role).toBe('partner');
    expect(data.cases[0].storyVersions).toBeNull();
    expect(data.cases[0].notShownToYou).toEqual(expect.arrayContaining(['storyVersions', 'updates', 'children', 'plan', 'analysisVersions', 'accessLog']));
    expect(data.cases[0].plan).toBeNull();
    expect(JSON.stringify(data)).not.toContain('Elke week met Noor bellen');
    expect(data.cases[0].threads[0].messages.map((m: { body: string }) => m.body)).toEqual(['Een gesprek zonder de ouder.']);
  }, 60_000);

  it('a worker that died mid-way leaves the export to the next one, which builds it again', async () => {
    const [row] = await t.asOwner(
      `INSERT INTO privacy_export (user_id, status, attempts, heartbeat_at, started_at, progress)
       VALUES ($1, 'running', 1, now() - interval '10 minutes', now() - interval '10 minutes', 40) RETURNING id`, [w.child.id]) as { id: string }[];
    await t.app.get(ExportsService).drain();
    const done = await waitReady(row.id, w.child);
    expect(done).toMatchObject({ status: 'ready', progress: 100 });
    const [after] = await t.asOwner(`SELECT attempts FROM privacy_export WHERE id = $1`, [row.id]) as { attempts: number }[];
    expect(after.attempts).toBe(2);
    const res = await binary(`/api/me/exports/${row.id}/download`, w.child).expect(200);
    const zipPath = path.join(dir, 'resumed.zip');
    await writeFile(zipPath, res.body as Buffer);
    expect((await run('unzip', ['-t', zipPath])).stdout).toContain('No errors detected');
    // A running export with a live heart is left alone by other workers.
    const [busy] = await t.asOwner(
      `INSERT INTO privacy_export (user_id, status, attempts, heartbeat_at) VALUES ($1, 'running', 1, now()) RETURNING id`, [w.foster.id]) as { id: string }[];
    await t.app.get(ExportsService).drain();
    expect((await get(`/api/me/exports/${busy.id}`, w.foster).expect(200)).body.status).toBe('running');
    // And the second request meanwhile answers 409 with it.
    expect((await post('/api/me/exports', w.foster).expect(409)).body.id).toBe(busy.id);
  }, 60_000);

  it('gives up after three attempts and says so', async () => {
    const [row] = await t.asOwner(
      `INSERT INTO privacy_export (user_id, status, attempts, heartbeat_at) VALUES ($1, 'running', 3, now() - interval '10 minutes') RETURNING id`, [w.expert.id]) as { id: string }[];
    await t.app.get(ExportsService).drain();
    expect((await get(`/api/me/exports/${row.id}`, w.expert).expect(200)).body.status).toBe('failed');
    expect((await binary(`/api/me/exports/${row.id}/download`, w.expert).expect(409)).body.toString()).toContain('export_not_ready');
    // A new one can be asked for.
    await post('/api/me/exports', w.expert).expect(202);
  }, 60_000);
});
