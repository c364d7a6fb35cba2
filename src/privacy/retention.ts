import { rm } from 'node:fs/promises';
import path from 'node:path';
import { eraseAnalysis } from '../analysis/analysis.retention.js';
import { eraseThreadAttachments, removeStoredObjects, type StoredObject } from '../attachments/attachments.retention.js';
import { appendAuditEvents, type AuditContext } from '../audit/audit.service.js';
import { auditEventsOlderThan } from '../audit/audit.retention.js';
import { endedSessionsCount, eraseEndedSessions } from '../auth/sessions.retention.js';
import { casesClosedFor, eraseCaseContent, lockCaseForErasure } from '../cases/cases.retention.js';
import type { AppConfig } from '../config/app-config.js';
import { eraseConsultations } from '../consultations/consultations.retention.js';
import { returnedRows, type Sql } from '../database/returned-rows.js';
import { eraseServiceSuggestions } from '../directory/directory.retention.js';
import { eraseRegistration, outOfScopeRegistrationsFor } from '../intake/intake.retention.js';
import { eraseThreadMessages, threadsWithMessages } from '../messaging/messaging.retention.js';
import { erasePlan } from '../plan/plan.retention.js';

export type RetentionPeriods = Pick<AppConfig,
  'RETENTION_CLOSED_CASE_DAYS' | 'RETENTION_MESSAGE_DAYS' | 'RETENTION_OUT_OF_SCOPE_REGISTRATION_DAYS' | 'RETENTION_AUDIT_DAYS' | 'RETENTION_EXPORT_DAYS' | 'RETENTION_SESSION_DAYS'>;

export type RetentionKind = 'case_content' | 'thread_messages' | 'registration' | 'sessions' | 'export_file' | 'audit_events';

/** One thing the retention job erases (or, for the audit log, keeps): a kind, an id, and the rule that made it due. */
export interface RetentionItem {
  kind: RetentionKind;
  /** The case, thread, registration or export; null for a count (sessions, audit events). */
  id: string | null;
  caseId: string | null;
  rule: keyof RetentionPeriods;
  /** How many rows (messages, sessions, events) it holds. */
  count: number;
  action: 'erase' | 'keep';
}

/** Only one node runs retention at a time: a transaction-level advisory lock (released at commit or rollback). */
const RETENTION_LOCK = `SELECT pg_try_advisory_xact_lock(hashtext('eenverhaal-privacy-retention')) AS locked`;

/**
 * What retention would erase now, in a stable order. Never a case that is open (only `closed`
 * cases qualify, counted from the day they last closed) and never one under legal hold. Run in the
 * same transaction as `eraseItems` so the two agree item for item.
 */
async function planRetention(db: Sql, periods: RetentionPeriods): Promise<RetentionItem[]> {
  const held = new Set((await db.query(`SELECT case_id FROM privacy_legal_hold`) as { case_id: string }[]).map((r) => r.case_id));
  const erasedCases = new Set((await db.query(`SELECT subject_id FROM privacy_tombstone WHERE kind = 'case_content'`) as { subject_id: string }[]).map((r) => r.subject_id));
  const items: RetentionItem[] = [];

  for (const kase of await casesClosedFor(db, periods.RETENTION_CLOSED_CASE_DAYS)) {
    if (held.has(kase.caseId) || erasedCases.has(kase.caseId)) continue;
    items.push({ kind: 'case_content', id: kase.caseId, caseId: kase.caseId, rule: 'RETENTION_CLOSED_CASE_DAYS', count: 1, action: 'erase' });
  }
  const messageCases = (await casesClosedFor(db, periods.RETENTION_MESSAGE_DAYS)).map((c) => c.caseId).filter((id) => !held.has(id));
  for (const thread of await threadsWithMessages(db, messageCases)) {
    items.push({ kind: 'thread_messages', id: thread.threadId, caseId: thread.caseId, rule: 'RETENTION_MESSAGE_DAYS', count: thread.messages, action: 'erase' });
  }
  for (const registration of await outOfScopeRegistrationsFor(db, periods.RETENTION_OUT_OF_SCOPE_REGISTRATION_DAYS)) {
    if (registration.caseId && held.has(registration.caseId)) continue;
    items.push({ kind: 'registration', id: registration.registrationId, caseId: registration.caseId, rule: 'RETENTION_OUT_OF_SCOPE_REGISTRATION_DAYS', count: 1, action: 'erase' });
  }
  const sessions = await endedSessionsCount(db, periods.RETENTION_SESSION_DAYS);
  if (sessions > 0) items.push({ kind: 'sessions', id: null, caseId: null, rule: 'RETENTION_SESSION_DAYS', count: sessions, action: 'erase' });
  const exports: { id: string }[] = await db.query(
    `SELECT id FROM privacy_export
      WHERE file_removed_at IS NULL
        AND ((status = 'ready' AND expires_at <= now()) OR (status = 'failed' AND finished_at <= now() - make_interval(days => $1)))
      ORDER BY id`, [periods.RETENTION_EXPORT_DAYS]);
  for (const e of exports) items.push({ kind: 'export_file', id: e.id, caseId: null, rule: 'RETENTION_EXPORT_DAYS', count: 1, action: 'erase' });
  const events = await auditEventsOlderThan(db, periods.RETENTION_AUDIT_DAYS);
  if (events > 0) items.push({ kind: 'audit_events', id: null, caseId: null, rule: 'RETENTION_AUDIT_DAYS', count: events, action: 'keep' });
  return items;
}

/** Files to remove once the erasing transaction has committed (never before: a rollback would leave rows without them). */
export interface FilesToRemove { exports: string[]; attachments: StoredObject[] }

/**
 * Erases the planned items in the caller's transaction: the content goes, a tombstone (kind, id,
 * rule, how many) and an audit event stay. The audit log itself is never touched, so its chain
 * still verifies. The export ZIPs and attachment ciphertexts to remove are added to `files`.
 */
async function eraseItems(
  db: Sql, items: RetentionItem[], periods: RetentionPeriods, files: FilesToRemove, context: AuditContext = {},
): Promise<RetentionItem[]> {
  const erased: RetentionItem[] = [];
  for (const item of items) {
    if (item.action !== 'erase') continue;
    let count = 0;
    let attachments = 0;
    switch (item.kind) {
      case 'case_content': {
        const kase = await lockCaseForErasure(db, item.id!);
        if (!kase?.closed) continue; // reopened since it was listed
        // The file itself first (its results may name a goal), then what other modules keep about the case.
        count = await eraseCaseContent(db, item.id!);
        for (const erase of [erasePlan, eraseAnalysis, eraseConsultations, eraseServiceSuggestions]) count += await erase(db, item.id!);
        break;
      }
      case 'thread_messages': {
        count = await eraseThreadMessages(db, item.id!);
        const objects = await eraseThreadAttachments(db, item.id!);
        attachments = objects.length;
        files.attachments.push(...objects);
        break;
      }
      case 'registration':
        if (!(await eraseRegistration(db, item.id!))) continue;
        count = 1;
        break;
      case 'sessions':
        count = await eraseEndedSessions(db, periods.RETENTION_SESSION_DAYS);
        break;
      case 'export_file': {
        const marked = returnedRows(await db.query(`UPDATE privacy_export SET file_removed_at = now() WHERE id = $1 AND file_removed_at IS NULL RETURNING id`, [item.id]));
        if (marked.length === 0) continue;
        files.exports.push(item.id!);
        count = 1;
        break;
      }
      case 'audit_events':
        continue;
    }
    if (item.id) {
      await db.query(`INSERT INTO privacy_tombstone (kind, subject_id, case_id, rule, item_count) VALUES ($1, $2, $3, $4, $5)`,
        [item.kind, item.id, item.caseId, item.rule, count]);
    }
    await appendAuditEvents(db, [{
      action: 'privacy.retention.erased', subjectType: item.kind, subjectId: item.id ?? item.caseId,
      details: { rule: item.rule, count, ...(attachments ? { attachments } : {}), ...(item.caseId && item.caseId !== item.id ? { caseId: item.caseId } : {}) },
    }], context);
    erased.push({ ...item, count });
  }
  return erased;
}

export interface RetentionRun { ran: boolean; items: RetentionItem[]; erased: RetentionItem[]; files: FilesToRemove }

/**
 * One run in the caller's transaction: takes the lock (or answers `ran: false` when another node
 * holds it), plans, and unless `dryRun` erases exactly what it planned, then records the run. The
 * caller removes `files` after its commit (`removeFiles`).
 */
export async function runRetention(
  db: Sql, periods: RetentionPeriods, options: { dryRun: boolean; context?: AuditContext },
): Promise<RetentionRun> {
  const files: FilesToRemove = { exports: [], attachments: [] };
  const [{ locked }] = await db.query(RETENTION_LOCK) as { locked: boolean }[];
  if (!locked) return { ran: false, items: [], erased: [], files };
  const items = await planRetention(db, periods);
  const erased = options.dryRun ? [] : await eraseItems(db, items, periods, files, options.context);
  await db.query(`INSERT INTO privacy_retention_run (dry_run, items, erased) VALUES ($1, $2, $3)`, [options.dryRun, items.length, erased.length]);
  return { ran: true, items, erased, files };
}

/** One line per item, for the command line and the log. */
export function describeItem(item: RetentionItem): string {
  const what = {
    case_content: 'case file content', thread_messages: 'messages and attachments of thread', registration: 'out-of-scope registration',
    sessions: 'ended sessions', export_file: 'expired export', audit_events: 'audit events (kept: append-only)',
  }[item.kind];
  return `${item.action === 'keep' ? 'keep ' : 'erase'}  ${what}${item.id ? ` ${item.id}` : ''}${item.caseId && item.caseId !== item.id ? ` (case ${item.caseId})` : ''}  ${item.count}  ${item.rule}`;
}

/** After the commit: the expired export ZIPs and the erased threads' attachment ciphertexts. */
export async function removeFiles(config: AppConfig, files: FilesToRemove): Promise<void> {
  for (const id of files.exports) await rm(path.resolve(config.DATA_DIR, 'exports', `${id}.zip`), { force: true });
  await removeStoredObjects(config, files.attachments);
}
