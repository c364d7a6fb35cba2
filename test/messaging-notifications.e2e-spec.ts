import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NotificationsService } from '../src/messaging/notifications/notifications.service.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseScene, clientId, type CaseScene } from './messaging-fixtures.js';

interface Mail { to: { address: string }[]; subject: string; text: string }

describe('e-mail notifications without content, batched per user (e2e)', () => {
  let t: TestApp;
  let s: CaseScene;
  let dataDir: string;
  let mailer: NotificationsService;
  let threadId: string;
  const secret = `GEHEIM-${randomBytes(4).toString('hex')}`;
  const caseTitle = `Zaak van familie ${randomBytes(3).toString('hex')}`;
  const threadTitle = `Gesprek ${randomBytes(3).toString('hex')}`;

  const mails = async (): Promise<{ raw: string; mail: Mail }[]> => {
    const text = await readFile(path.join(dataDir, 'mail', 'outbox.jsonl'), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map((line) => ({ raw: line, mail: JSON.parse(line) as Mail }));
  };
  const mailsTo = async (email: string) => (await mails()).filter((m) => m.mail.to.some((to) => to.address === email));
  const send = (user: { token: string }, body: string) =>
    t.http().post(`/api/threads/${threadId}/messages`).set(bearer(user)).send({ body, clientMessageId: clientId() }).expect(201);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-mail-'));
    t = await createTestApp({ DATA_DIR: dataDir, NOTIFICATION_EMAIL_BATCH_MINUTES: '15', NOTIFICATION_EMAIL_POLL_SECONDS: '3600' });
    mailer = t.app.get(NotificationsService);
    s = await caseScene(t.factories);
    await t.dataSource.query(`UPDATE case_file SET title = $2 WHERE id = $1`, [s.caseId, caseTitle]);
    threadId = (await t.http().post(`/api/cases/${s.caseId}/threads`).set(bearer(s.counsellor))
      .send({ title: threadTitle, memberIds: [s.parent.id, s.guardian.id] }).expect(201)).body.id;
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets a user switch notification mails off and on', async () => {
    expect((await t.http().get('/api/me/notifications').set(bearer(s.parent)).expect(200)).body).toEqual({ email: true });
    expect((await t.http().put('/api/me/notifications').set(bearer(s.parent)).send({ email: false }).expect(200)).body).toEqual({ email: false });
    expect((await t.http().get('/api/me/notifications').set(bearer(s.parent)).expect(200)).body).toEqual({ email: false });
    await t.http().put('/api/me/notifications').set(bearer(s.parent)).send({ email: 'nee' }).expect(400);
    await t.http().put('/api/me/notifications').set(bearer(s.parent)).send({ email: false, sms: true }).expect(400);
  });

  it('sends one mail per user for a burst of messages, none to the author or to who opted out, and no content', async () => {
    for (let i = 0; i < 3; i++) await send(s.counsellor, `${secret} bericht ${i} over de bezoeksregeling`);
    expect(await mailer.deliverDue()).toBe(1);
    const toGuardian = await mailsTo(s.guardian.email);
    expect(toGuardian).toHaveLength(1);
    expect(await mailsTo(s.parent.email)).toHaveLength(0);
    expect(await mailsTo(s.counsellor.email)).toHaveLength(0);
    const { raw, mail } = toGuardian[0];
    expect(mail.subject).toMatch(/Nieuw bericht in Eenverhaal/);
    expect(mail.text).toContain('U heeft een nieuw bericht in Eenverhaal');
    for (const leak of [secret, 'bezoeksregeling', caseTitle, threadTitle, s.counsellor.displayName, s.caseId, threadId]) {
      expect(raw).not.toContain(leak);
    }
  });

  it('sends no second mail within the batch window, and one once it has passed', async () => {
    await send(s.counsellor, `${secret} nog een`);
    expect(await mailer.deliverDue()).toBe(0);
    expect(await mailsTo(s.guardian.email)).toHaveLength(1);
    await t.dataSource.query(`UPDATE notification_mail_log SET last_sent_at = now() - interval '16 minutes' WHERE user_id = $1`, [s.guardian.id]);
    expect(await mailer.deliverDue()).toBe(1);
    expect(await mailsTo(s.guardian.email)).toHaveLength(2);
    // Nothing new: nothing more, even after the window.
    await t.dataSource.query(`UPDATE notification_mail_log SET last_sent_at = now() - interval '16 minutes' WHERE user_id = $1`, [s.guardian.id]);
    expect(await mailer.deliverDue()).toBe(0);
  });

  it('sends nothing to a user who read everything before the mail went out', async () => {
    await t.dataSource.query(`UPDATE notification_mail_log SET last_sent_at = now() - interval '16 minutes' WHERE user_id = $1`, [s.guardian.id]);
    const last = await send(s.counsellor, `${secret} gelezen voor de mail`);
    await t.http().post(`/api/threads/${threadId}/read`).set(bearer(s.guardian)).send({ messageId: last.body.id }).expect(200);
    expect(await mailer.deliverDue()).toBe(0);
    expect(await mailsTo(s.guardian.email)).toHaveLength(2);
    const pending = await t.dataSource.query(`SELECT 1 FROM notification_outbox WHERE user_id = $1`, [s.guardian.id]);
    expect(pending).toHaveLength(0);
  });

  it('mails a user again after they switch mails back on', async () => {
    await t.http().put('/api/me/notifications').set(bearer(s.parent)).send({ email: true }).expect(200);
    await send(s.counsellor, `${secret} voor de ouder`);
    expect(await mailer.deliverDue()).toBeGreaterThanOrEqual(1);
    const toParent = await mailsTo(s.parent.email);
    expect(toParent).toHaveLength(1);
    expect(toParent[0].raw).not.toContain(secret);
  });
});
