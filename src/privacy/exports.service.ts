import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openableAttachments } from '../attachments/attachments.privacy.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { returnedRows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import type { Role } from '../accounts/roles.js';
import type { ExportCreatedResponse, ExportListResponse, ExportStatus, ExportStatusResponse } from './dto/privacy.dto.js';
import type { ExportContext } from './export/export-context.js';
import { ExportSections } from './export/export-sections.js';
import { startZip } from './export/export-zip.js';
import { dutchTime } from './export/overview-pdf.js';
import { PrivacyErrors } from './privacy.errors.js';

interface ExportRow {
  id: string; user_id: string; status: ExportStatus; progress: number; requested_at: Date; expires_at: Date | null; byte_size: string | null; attempts: number; file_removed_at: Date | null;
}

/** A running export whose heart has not beaten for this long lost its worker (crash, kill): the next worker takes it again. */
const EXPORT_STALE_SECONDS = 60;
/** Attempts before an export is given up as failed (a crash in the middle counts as one). */
const EXPORT_MAX_ATTEMPTS = 3;
/** Copies one person may ask for in 24 hours: each is a full copy kept for days, so a loop of requests would fill the disk. */
const EXPORTS_PER_DAY = 10;
const POLL_MS = 2000;

class TakenOver extends Error {}

/**
 * A user's own copy of everything (issue 21). `POST /api/me/exports` queues a row; a worker on any
 * node claims it with `FOR UPDATE SKIP LOCKED`, writes the ZIP under DATA_DIR/exports and beats a
 * heart in the row; a restart, or a worker that died, leaves the row for the next worker, which
 * builds the ZIP again from the start (the file is only visible once complete). Every step is audited.
 */
@Injectable()
export class ExportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PrivacyExports');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly sections: ExportSections,
    private readonly attachmentsService: AttachmentsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  get directory(): string {
    return path.resolve(this.config.DATA_DIR, 'exports');
  }

  fileOf(id: string): string {
    return path.join(this.directory, `${id}.zip`);
  }

  // ---- the API -------------------------------------------------------------------------------

  @Transactional()
  async requestExport(user: AuthUser): Promise<ExportCreatedResponse> {
    const [running]: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM privacy_export WHERE user_id = $1 AND status IN ('queued','running') FOR UPDATE`, [user.id]);
    if (running) throw PrivacyErrors.exportRunning(running.id);
    const [recent]: { count: number; retry_after: number | null }[] = await this.txHost.tx.query(
      `SELECT count(*)::int AS count, ceil(extract(epoch FROM min(requested_at) + interval '1 day' - now()))::int AS retry_after
         FROM privacy_export WHERE user_id = $1 AND requested_at > now() - interval '1 day'`, [user.id]);
    if (recent.count >= EXPORTS_PER_DAY) throw PrivacyErrors.tooManyExports(Math.max(60, recent.retry_after ?? 86_400));
    // The partial unique index makes a second request racing this one fail instead of queueing twice.
    const inserted: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO privacy_export (user_id) VALUES ($1) ON CONFLICT (user_id) WHERE status IN ('queued','running') DO NOTHING RETURNING id`, [user.id]);
    if (inserted.length === 0) {
      const [other]: { id: string }[] = await this.txHost.tx.query(`SELECT id FROM privacy_export WHERE user_id = $1 AND status IN ('queued','running')`, [user.id]);
      throw PrivacyErrors.exportRunning(other?.id ?? '');
    }
    const id = inserted[0].id;
    await this.audit.record({ action: 'privacy.export.requested', subjectType: 'export', subjectId: id });
    this.txHost.afterCommit(() => this.kick());
    return { id, status: 'queued' };
  }

  async status(user: AuthUser, id: string): Promise<ExportStatusResponse> {
    const row = await this.ownExport(user, id);
    await this.audit.record({ action: 'privacy.export.read', subjectType: 'export', subjectId: id, details: { status: row.status } }, { durability: 'relaxed' });
    return toResponse(row);
  }

  async list(user: AuthUser): Promise<ExportListResponse> {
    const rows: ExportRow[] = await this.txHost.tx.query(
      `SELECT * FROM privacy_export WHERE user_id = $1 AND (status IN ('queued','running') OR (status = 'ready' AND expires_at > now()) OR (status = 'failed' AND requested_at > now() - interval '1 day'))
        ORDER BY requested_at DESC LIMIT 10`, [user.id]);
    return { items: rows.map(toResponse) };
  }

  /** The ZIP as a stream from disk; audited before the first byte leaves. */
  async download(user: AuthUser, id: string): Promise<{ stream: Readable; size: number; fileName: string }> {
    const row = await this.ownExport(user, id);
    if (row.status !== 'ready') throw PrivacyErrors.exportNotReady(row.status);
    const stream = createReadStream(this.fileOf(id));
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject)).catch(() => {
      throw PrivacyErrors.exportExpired();
    });
    await this.audit.record({ action: 'privacy.export.downloaded', subjectType: 'export', subjectId: id });
    const day = row.requested_at.toISOString().slice(0, 10);
    return { stream, size: Number(row.byte_size), fileName: `eenverhaal-kopie-${day}.zip` };
  }

  /** 404 for someone else's (or no) export, 410 once the download has expired. */
  private async ownExport(user: AuthUser, id: string): Promise<ExportRow> {
    const [row]: ExportRow[] = await this.txHost.tx.query(`SELECT * FROM privacy_export WHERE id = $1 AND user_id = $2`, [id, user.id]);
    if (!row) throw PrivacyErrors.exportNotFound();
    if (row.file_removed_at || (row.status === 'ready' && row.expires_at && row.expires_at.getTime() <= Date.now())) throw PrivacyErrors.exportExpired();
    return row;
  }

  // ---- the worker ----------------------------------------------------------------------------

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Looks for work now (after a request on this node; otherwise the timer does, on every node). */
  kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain().finally(() => { this.running = undefined; });
  }

  /** Works through the queue until it is empty; resolves when this node is idle again (tests, CLI). */
  async drain(): Promise<void> {
    while (!this.stopped) {
      const job = await this.claim().catch((error) => {
        this.logger.warn(`Export queue not reachable: ${(error as Error).message}`);
        return null;
      });
      if (!job) return;
      await this.runJob(job).catch((error) => this.logger.error(`Export ${job.id}: ${(error as Error).message}`));
    }
  }

  /** Takes the oldest waiting export, or one whose worker died; another node never takes the same one. */
  private async claim(): Promise<{ id: string; userId: string; attempt: number } | null> {
    const [row] = returnedRows<{ id: string; user_id: string; attempts: number }>(await this.txHost.tx.query(
      `UPDATE privacy_export SET status = 'running', attempts = attempts + 1, progress = 0, heartbeat_at = now(), started_at = coalesce(started_at, now())
        WHERE id = (SELECT id FROM privacy_export
                     WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1))
                     ORDER BY requested_at FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id, user_id, attempts`, [EXPORT_STALE_SECONDS]));
    return row ? { id: row.id, userId: row.user_id, attempt: row.attempts } : null;
  }

  private async runJob(job: { id: string; userId: string; attempt: number }): Promise<void> {
    const user = await this.userOf(job.userId);
    if (!user || job.attempt > EXPORT_MAX_ATTEMPTS) {
      await this.markFailed(job, user ? 'too_many_attempts' : 'user_gone', user);
      return;
    }
    await RequestContext.run({ user, requestId: `export-${job.id}` }, async () => {
      await this.audit.record({ action: 'privacy.export.started', subjectType: 'export', subjectId: job.id, details: { attempt: job.attempt } });
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      const zip = startZip(this.fileOf(job.id));
      try {
        await this.markReady(job, await this.build(job, user, zip));
      } catch (error) {
        await zip.abort().catch(() => undefined);
        if (error instanceof TakenOver) return;
        this.logger.error(`Export ${job.id} failed (attempt ${job.attempt}): ${(error as Error).message}`);
        // Another attempt later (a passing fault), until EXPORT_MAX_ATTEMPTS.
        if (job.attempt >= EXPORT_MAX_ATTEMPTS) await this.markFailed(job, 'error', user);
        else await this.txHost.tx.query(`UPDATE privacy_export SET status = 'queued' WHERE id = $1 AND attempts = $2 AND status = 'running'`, [job.id, job.attempt]);
      }
    });
  }

  /** Writes every section and every attachment; returns the ZIP's size. */
  private async build(job: { id: string; attempt: number }, user: AuthUser, zip: ReturnType<typeof startZip>): Promise<number> {
    const attachments = await openableAttachments(this.txHost.tx, user.id);
    const cases = await this.sections.casesOf({ user });
    const steps = this.sections.topLevel.length + cases.length * this.sections.perCase.length + attachments.length + 1;
    let done = 0;
    let lastBeat = 0;
    const beat = async (force = false) => {
      const now = Date.now();
      if (!force && now - lastBeat < 1000) return;
      lastBeat = now;
      const progress = Math.min(99, Math.floor((done / steps) * 100));
      const [ok] = returnedRows<{ id: string }>(await this.txHost.tx.query(
        `UPDATE privacy_export SET progress = $3, heartbeat_at = now() WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING id`,
        [job.id, job.attempt, progress]));
      if (!ok) throw new TakenOver();
    };
    const ctx: ExportContext = {
      exportId: job.id, user, json: zip.json, pdf: zip.pdf, cases, attachments,
      tick: () => beat(),
      step: async () => {
        done++;
        await beat(true);
      },
    };
    zip.pdf.title('Uw kopie van Eenverhaal', `Voor ${user.displayName}, gemaakt op ${dutchTime(new Date())}. ` +
      'Hierin staat alles wat Eenverhaal over u bewaart en wat u in het portaal mag zien. In data.json staat hetzelfde voor computers.');
    await zip.json.beginObject();
    await zip.json.value('schema', 'https://eenverhaal.nl/schemas/privacy-export/v1');
    await zip.json.value('schemaVersion', 1);
    await zip.json.value('exportId', job.id);
    await zip.json.value('generatedAt', new Date().toISOString());
    for (const section of this.sections.topLevel) {
      await section.write(ctx);
      await ctx.step();
      await this.audit.record({ action: 'privacy.export.section_written', subjectType: 'export', subjectId: job.id, details: { section: section.key } });
    }
    await zip.json.end();
    await zip.closeSections();
    for (const attachment of attachments) {
      const file = await this.attachmentsService.download(user, attachment.id).catch(() => null);
      if (file?.data) {
        const { head, data } = file;
        await zip.addStream(`attachments/${attachment.id}.pgp`, Readable.from((async function* () {
          yield head;
          for await (const chunk of data) yield chunk as Buffer;
        })()));
      }
      done++;
      await beat();
    }
    const size = await zip.finish();
    return size;
  }

  /** The file is complete: the row says so and the audit log records it, in one transaction (or neither, when another worker took the job over). */
  @Transactional()
  private async markReady(job: { id: string; attempt: number }, bytes: number): Promise<void> {
    const [done] = returnedRows<{ id: string }>(await this.txHost.tx.query(
      `UPDATE privacy_export SET status = 'ready', progress = 100, finished_at = now(), heartbeat_at = now(),
              expires_at = now() + make_interval(days => $3), byte_size = $4, error_code = NULL
        WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING id`,
      [job.id, job.attempt, this.config.RETENTION_EXPORT_DAYS, bytes]));
    if (!done) throw new TakenOver();
    await this.audit.record({ action: 'privacy.export.ready', subjectType: 'export', subjectId: job.id, details: { bytes } });
  }

  @Transactional()
  private async markFailed(job: { id: string; attempt: number }, code: string, user: AuthUser | null): Promise<void> {
    await this.txHost.tx.query(`UPDATE privacy_export SET status = 'failed', finished_at = now(), error_code = $3 WHERE id = $1 AND attempts = $2`, [job.id, job.attempt, code]);
    await this.audit.record({ action: 'privacy.export.failed', subjectType: 'export', subjectId: job.id, actorUserId: user?.id ?? null, actorRole: user?.role ?? null, details: { code } });
  }

  private async userOf(userId: string): Promise<AuthUser | null> {
    const [row]: { id: string; email: string; display_name: string; role: Role; organisation_id: string | null; totp_enabled: boolean }[] = await this.txHost.tx.query(
      `SELECT id, email, display_name, role, organisation_id, totp_enabled_at IS NOT NULL AS totp_enabled FROM app_user WHERE id = $1`, [userId]);
    if (!row) return null;
    return {
      id: row.id, email: row.email, displayName: row.display_name, role: row.role, organisationId: row.organisation_id,
      sessionId: 'privacy-export', secondFactor: true, totpEnabled: row.totp_enabled,
    };
  }

  /** Retention of exports: removes the files of expired ones (the rows stay, as their tombstones). */
  async removeExpiredFiles(ids: string[]): Promise<void> {
    for (const id of ids) await rm(this.fileOf(id), { force: true });
  }
}

function toResponse(row: ExportRow): ExportStatusResponse {
  return {
    id: row.id, status: row.status, progress: row.progress, requestedAt: new Date(row.requested_at).toISOString(),
    expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null, byteSize: row.byte_size === null ? null : Number(row.byte_size),
  };
}
