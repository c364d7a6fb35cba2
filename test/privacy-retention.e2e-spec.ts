import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { RetentionService } from '../src/privacy/retention.service.js';
import { caseWorld, createCase, createThread, type CaseWorld } from './cases.helpers.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, sealAndVerify, type TestApp } from './helpers/test-app.js';
import { formToken } from './intake.helpers.js';
import { encryptTo, makeKey, putKey, upload } from './attachments.fixtures.js';

const run = promisify(execFile);
const AUDIT_KEY = 'privacy-retention-spec-key-0123456789abcdef';
const PERIODS = {
  RETENTION_CLOSED_CASE_DAYS: '30', RETENTION_MESSAGE_DAYS: '10', RETENTION_OUT_OF_SCOPE_REGISTRATION_DAYS: '5',
  RETENTION_SESSION_DAYS: '0', RETENTION_EXPORT_DAYS: '7', RETENTION_AUDIT_DAYS: '7300',
};

describe('privacy: retention, legal hold and erasure on request (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;

  const send = (method: 'post' | 'delete' | 'get', url: string, user: TestUser, body?: object) => {
    const req = t.http()[method](url).set(bearer(user));
    return body ? req.send(body) : req;
  };
  const count = async (sql: string, params: unknown[]) => Number(((await t.asOwner(sql, params)) as { n: string }[])[0].n);

  async function cli(script: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [path.resolve(script), ...args], {
        env: { ...process.env, ...PERIODS, DATABASE_URL: t.databaseUrl, DATA_DIR: t.config.DATA_DIR, AUDIT_KEY, LOG_LEVEL: 'silent' }, timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  /** A case with a story, a child and a thread with two messages; closed `closedDaysAgo` ago (or left open). */
  async function caseWithContent(title: string, closedDaysAgo: number | null): Promise<{ caseId: string; threadId: string }> {
    const caseId = await createCase(t, w.counsellor, title, [[w.parent, 'parent']]);
    await t.http().put(`/api/cases/${caseId}/story`).set(bearer(w.parent)).send({ sections: [{ key: 'a', title: 'Verhaal', text: `Verhaal van ${title}` }] }).expect(200);
    await send('post', `/api/cases/${caseId}/children`, w.parent, { birthYear: 2015, placement: 'foster_family', protectionMeasure: 'none' }).expect(201);
    // The plan and the analysis (issue 18) go with the file; a result that names a goal must not block that.
    const goal = (await send('post', `/api/cases/${caseId}/plan/goals`, w.parent, { title: `Doel van ${title}`, owner: 'parent' }).expect(201)).body.id as string;
    await send('post', `/api/cases/${caseId}/plan/goals/${goal}/actions`, w.counsellor, { title: 'Afspraak maken' }).expect(201);
    await send('post', `/api/cases/${caseId}/results`, w.counsellor, { kind: 'therapy', date: '2026-01-05', goalId: goal }).expect(201);
    await t.http().put(`/api/cases/${caseId}/analysis`).set(bearer(w.counsellor)).send({ sections: [{ key: 'situation', text: `Analyse van ${title}` }] }).expect(200);
    await send('post', `/api/cases/${caseId}/analysis/positions`, w.parent, { sectionKey: 'situation', stance: 'agree' }).expect(201);
    const threadId = await createThread(t, w.counsellor, caseId, 'Gesprek', [w.parent]);
    for (const body of ['Eerste bericht', 'Tweede bericht']) await send('post', `/api/threads/${threadId}/messages`, w.parent, { body, clientMessageId: randomUUID() }).expect(201);
    if (closedDaysAgo !== null) {
      await t.http().patch(`/api/cases/${caseId}`).set(bearer(w.counsellor)).send({ status: 'closed' }).expect(200);
      await t.asOwner(`UPDATE case_status_history SET changed_at = now() - make_interval(days => $2) WHERE case_id = $1 AND to_status = 'closed'`, [caseId, closedDaysAgo]);
    }
    return { caseId, threadId };
  }

  beforeAll(async () => {
    t = await createTestApp({ ...PERIODS, AUDIT_KEY });
    w = await caseWorld(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('legal hold: a coordinator of the case\'s team places and lifts it; others may not', async () => {
    const caseId = await createCase(t, w.counsellor, 'Houdbaar', [[w.parent, 'parent']]);
    const url = `/api/cases/${caseId}/legal-hold`;
    expect((await send('get', url, w.coordinator).expect(200)).body).toMatchObject({ caseId, held: false, reason: null });
    expect((await send('post', url, w.coordinator, {}).expect(400)).body.message.join(' ')).toContain('reason');
    expect((await send('post', url, w.coordinator, { reason: 'x', extra: 1 }).expect(400)).body.message.join(' ')).toContain('extra');
    await send('post', url, w.counsellor, { reason: 'Rechtszaak' }).expect(403);
    await send('post', url, w.parent, { reason: 'Rechtszaak' }).expect(403);
    const otherTeam = await t.factories.organisation('support_team', 'Ander team');
    const otherCoordinator = await t.factories.user('coordinator', { organisationId: otherTeam.id });
    await send('post', url, otherCoordinator, { reason: 'Rechtszaak' }).expect(404);
    const placed = await send('post', url, w.coordinator, { reason: 'Lopende rechtszaak' }).expect(201);
    expect(placed.body).toMatchObject({ caseId, held: true, reason: 'Lopende rechtszaak', placedBy: w.coordinator.displayName });
    expect((await send('post', url, w.coordinator, { reason: 'Nog een' }).expect(409)).body.code).toBe('legal_hold_exists');
    expect((await send('delete', url, w.coordinator).expect(200)).body).toMatchObject({ held: false });
    await send('delete', url, w.coordinator).expect(404);
    const actions = (await t.asOwner(`SELECT action FROM audit_event WHERE subject_id = $1 AND action LIKE 'privacy.legal_hold%' ORDER BY seq`, [caseId]) as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['privacy.legal_hold.read', 'privacy.legal_hold.placed', 'privacy.legal_hold.lifted']);
  }, 60_000);

  it('erases exactly what the dry run listed, never an open or held case, keeps tombstones, and the audit log still verifies', async () => {
    const old = await caseWithContent('Lang gesloten', 60);
    // An attachment in the old case's conversation: its row and its ciphertext go with the messages.
    const [parentKey, counsellorKey] = await Promise.all([makeKey(w.parent.email), makeKey(w.counsellor.email)]);
    await putKey(t, w.parent, parentKey);
    await putKey(t, w.counsellor, counsellorKey);
    await t.asOwner(`UPDATE case_file SET status = 'active' WHERE id = $1`, [old.caseId]);
    const attachment = (await upload(t, w.parent, old.threadId, await encryptTo(Buffer.from('verslag'), [parentKey.publicKey, counsellorKey.publicKey])).expect(201)).body.id as string;
    await t.asOwner(`UPDATE case_file SET status = 'closed' WHERE id = $1`, [old.caseId]);
    const [stored] = await t.asOwner(`SELECT storage_key FROM attachment WHERE id = $1`, [attachment]) as { storage_key: string }[];
    const storedFile = path.join(t.config.DATA_DIR, 'attachments', stored.storage_key.slice(0, 2), stored.storage_key);
    await stat(storedFile);
    const held = await caseWithContent('Gesloten maar vastgehouden', 60);
    const open = await caseWithContent('Nog open', null);
    await t.asOwner(`UPDATE case_story_version SET created_at = now() - interval '400 days' WHERE case_id = $1`, [open.caseId]);
    const recent = await caseWithContent('Kort gesloten', 15);
    await send('post', `/api/cases/${held.caseId}/legal-hold`, w.coordinator, { reason: 'Rechtszaak loopt' }).expect(201);
    // A registration out of scope for a while, and one just now.
    const registration = async (days: number) => {
      const res = await t.http().post('/api/registrations').send({ route: 'parent', registrantType: 'father', name: 'Rob Aanmelder', message: 'Aanmelding', consentToContact: true, formToken: formToken(t) }).expect(201);
      const [row] = await t.asOwner(`SELECT id FROM registration ORDER BY created_at DESC LIMIT 1`, []) as { id: string }[];
      await t.asOwner(`UPDATE registration SET status = 'out_of_scope', updated_at = now() - make_interval(days => $2) WHERE id = $1`, [row.id, days]);
      void res;
      return row.id;
    };
    const oldRegistration = await registration(10);
    const freshRegistration = await registration(1);
    // An ended session, and an export that expired with its file still on disk.
    const ended = await t.factories.session(w.child.id);
    await t.asOwner(`UPDATE user_session SET revoked_at = now() - interval '1 hour' WHERE user_id = $1`, [w.child.id]);
    void ended;
    const [expired] = await t.asOwner(`INSERT INTO privacy_export (user_id, status, progress, finished_at, expires_at, byte_size) VALUES ($1, 'ready', 100, now() - interval '8 days', now() - interval '1 day', 3) RETURNING id`, [w.foster.id]) as { id: string }[];
    await mkdir(path.join(t.config.DATA_DIR, 'exports'), { recursive: true });
    const expiredFile = path.join(t.config.DATA_DIR, 'exports', `${expired.id}.zip`);
    await writeFile(expiredFile, 'zip');

    const story = (caseId: string) => count(`SELECT count(*) AS n FROM case_story_version WHERE case_id = $1`, [caseId]);
    const messages = (threadId: string) => count(`SELECT count(*) AS n FROM message WHERE thread_id = $1`, [threadId]);

    const dry = await cli('dist/src/privacy/retention.cli.js', ['--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const listed = dry.stdout.split('\n').filter((l) => l.startsWith('erase'));
    expect(listed).toEqual(expect.arrayContaining([
      expect.stringContaining(`case file content ${old.caseId}`),
      expect.stringContaining(`messages and attachments of thread ${old.threadId}`),
      expect.stringContaining(`messages and attachments of thread ${recent.threadId}`),
      expect.stringContaining(`out-of-scope registration ${oldRegistration}`),
      expect.stringContaining('ended sessions'),
      expect.stringContaining(`expired export ${expired.id}`),
    ]));
    for (const never of [held.caseId, held.threadId, open.caseId, open.threadId, recent.caseId + '  ', freshRegistration]) {
      expect(listed.join('\n')).not.toContain(never);
    }
    expect(dry.stdout).toContain('Nothing was changed');
    // The dry run changed nothing.
    expect(await story(old.caseId)).toBe(1);
    expect(await messages(old.threadId)).toBe(2);
    await stat(expiredFile);

    const real = await cli('dist/src/privacy/retention.cli.js');
    expect(real.code).toBe(0);
    expect(real.stdout.split('\n').filter((l) => l.startsWith('erase'))).toEqual(listed);
    expect(real.stdout).toContain(`Erased ${listed.length} of ${listed.length}`);

    // Gone: the old case's content and messages, the recent case's messages, the old registration, the session, the export file.
    expect(await story(old.caseId)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM case_child WHERE case_id = $1`, [old.caseId])).toBe(0);
    for (const table of ['plan_goal', 'plan_action', 'analysis_version', 'analysis_position', 'case_result']) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE case_id = $1`, [old.caseId])).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE case_id = $1`, [held.caseId])).toBeGreaterThan(0);
    }
    expect(await messages(old.threadId)).toBe(0);
    expect(await messages(recent.threadId)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM attachment WHERE id = $1`, [attachment])).toBe(0);
    await expect(stat(storedFile)).rejects.toThrow();
    expect(await count(`SELECT count(*) AS n FROM registration WHERE id = $1`, [oldRegistration])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM user_session WHERE user_id = $1`, [w.child.id])).toBe(0);
    await expect(stat(expiredFile)).rejects.toThrow();
    // Kept: the tombstone row of the case, the held case, the open case, the recent case's file, the fresh registration.
    expect((await t.asOwner(`SELECT title FROM case_file WHERE id = $1`, [old.caseId]) as { title: string }[])[0].title).toBe('Gewist dossier');
    expect(await story(held.caseId)).toBe(1);
    expect(await messages(held.threadId)).toBe(2);
    expect(await story(open.caseId)).toBe(1);
    expect(await messages(open.threadId)).toBe(2);
    expect(await story(recent.caseId)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM registration WHERE id = $1`, [freshRegistration])).toBe(1);
    // A tombstone and an audit event per erased item.
    expect(await count(`SELECT count(*) AS n FROM privacy_tombstone`, [])).toBe(listed.length - 1); // sessions: a count, no single id
    expect(await count(`SELECT count(*) AS n FROM audit_event WHERE action = 'privacy.retention.erased'`, [])).toBe(listed.length);
    // The parent's own access log still reads (the case row stayed).
    await send('get', `/api/cases/${old.caseId}/access-log`, w.parent).expect(200);

    // audit:verify passes after the erasure (the app seals the CLI's events and writes a checkpoint first).
    expect((await sealAndVerify(t)).ok).toBe(true);
    const verified = await cli('dist/src/audit/audit-verify.cli.js');
    expect(verified.stdout).toContain('Audit log intact');
    expect(verified.code).toBe(0);

    // A second run finds nothing more to erase.
    const again = await cli('dist/src/privacy/retention.cli.js', ['--dry-run']);
    expect(again.stdout.split('\n').filter((l) => l.startsWith('erase'))).toEqual([]);
  }, 120_000);

  it('the daily job runs on one node at a time and once a day', async () => {
    const retention = t.app.get(RetentionService);
    // The real CLI run above counts as today's run.
    expect(await retention.runIfDue()).toBeNull();
    // While another node holds the lock, a run does nothing.
    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('eenverhaal-privacy-retention'))`);
      expect((await retention.runNow(true)).ran).toBe(false);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    expect((await retention.runNow(true)).ran).toBe(true);
  }, 60_000);

  it('erasure on request: the user asks, a coordinator of their team decides with a reason, the outcome reaches them by mail and in the portal', async () => {
    const me = '/api/me/erasure-requests';
    await t.http().post(me).set(bearer(w.parent)).send({ note: 'x'.repeat(2001) }).expect(400);
    const asked = await send('post', me, w.parent, { note: 'Ik wil dat mijn gegevens weg zijn.' }).expect(201);
    expect(asked.body).toMatchObject({ status: 'open', note: 'Ik wil dat mijn gegevens weg zijn.', decidedAt: null, requesterName: null });
    expect((await send('post', me, w.parent, {}).expect(409)).body).toMatchObject({ code: 'erasure_request_open', id: asked.body.id });

    const list = await send('get', '/api/erasure-requests', w.coordinator).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: asked.body.id, requesterName: w.parent.displayName, requesterRole: 'parent' })]);
    await send('get', '/api/erasure-requests', w.counsellor).expect(403);
    await send('get', '/api/erasure-requests', w.parent).expect(403);
    const otherTeam = await t.factories.organisation('support_team', 'Weer een ander team');
    const otherCoordinator = await t.factories.user('coordinator', { organisationId: otherTeam.id });
    expect((await send('get', '/api/erasure-requests', otherCoordinator).expect(200)).body.items).toEqual([]);
    const decision = `/api/erasure-requests/${asked.body.id}/decision`;
    await send('post', decision, otherCoordinator, { decision: 'grant', reason: 'Mag' }).expect(404);
    expect((await send('post', decision, w.coordinator, { decision: 'maybe', reason: 'x' }).expect(400)).body.message.join(' ')).toContain('decision');
    await send('post', decision, w.coordinator, { decision: 'grant' }).expect(400);

    const reason = 'Uw aanmelding en sessies zijn gewist. Uw dossier moeten we volgens de Jeugdwet 20 jaar bewaren.';
    const decided = await send('post', decision, w.coordinator, { decision: 'grant', reason }).expect(200);
    expect(decided.body).toMatchObject({ status: 'granted', decisionReason: reason });
    expect((await send('post', decision, w.coordinator, { decision: 'refuse', reason: 'Toch niet' }).expect(409)).body.code).toBe('erasure_request_decided');

    const mails = await t.mail.to(w.parent.email);
    const mail = mails.find((m) => m.subject.includes('verwijdering'));
    expect(mail?.subject).toBe('Uw verzoek om verwijdering: toegekend');
    expect(mail?.text).toContain(reason);
    const own = await send('get', me, w.parent).expect(200);
    expect(own.body.items[0]).toMatchObject({ id: asked.body.id, status: 'granted', decisionReason: reason });
    expect((await send('get', '/api/erasure-requests?status=decided', w.coordinator).expect(200)).body.items[0]).toMatchObject({ id: asked.body.id, status: 'granted' });
    // A new request is possible once the earlier one is decided.
    await send('post', me, w.parent, {}).expect(201);
  }, 60_000);
});
