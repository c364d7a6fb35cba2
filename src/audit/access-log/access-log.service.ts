import { Injectable } from '@nestjs/common';
import { sideOf } from '../../access/access.rules.js';
import { AccessService } from '../../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit.service.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { Permission } from '../../auth/permission.js';
import type { Language } from '../../common/language.js';
import { DEFAULT_PAGE, type Page, type PageQueryDto, toPage } from '../../common/pagination.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { joinWords, phraseFor, ROLE_WORDS, SCOPE_WORDS, SPECIALISM_WORDS, STATUS_WORDS, whenInWords } from './access-log.phrases.js';
import { CommonErrors } from '../../common/domain-error.js';
import type { AccessLogEntry } from './access-log.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface EventRow {
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: Record<string, unknown>;
  display_name: string | null;
  organisation_name: string | null;
  case_role: string | null;
}

/**
 * The case's access log (trust through transparency): the audit events that carry its id, newest
 * first, told in plain words for the people the case is about. Built from the hash-chained audit
 * log, so it cannot be edited; it lives with the audit log, which owns those events, and asks the
 * access layer who may read it (the case's parents and team).
 */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  async accessLog(user: AuthUser, caseId: string, query: PageQueryDto, language: Language): Promise<Page<AccessLogEntry>> {
    const access = await this.access.requireCase(user, Permission.CaseAccessLogRead, caseId);
    const limit = query.limit ?? DEFAULT_PAGE;
    let beforeSeq: string | null = null;
    if (query.before) {
      const [cursor]: { seq: string }[] = await this.txHost.tx.query(`SELECT seq FROM audit_event WHERE id = $1 AND case_id = $2`, [query.before, caseId]);
      if (!cursor) throw CommonErrors.invalidField('before', { nl: 'onbekende cursor.', en: 'unknown cursor.' }, 'invalid_cursor');
      beforeSeq = cursor.seq;
    }
    const rows: EventRow[] = await this.txHost.tx.query(
      `SELECT e.id, e.occurred_at, e.actor_user_id, e.actor_role, e.action, e.subject_type, e.subject_id, e.details,
              u.display_name, o.name AS organisation_name, p.role AS case_role
         FROM audit_event e
         LEFT JOIN app_user u ON u.id = e.actor_user_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
         LEFT JOIN case_participant p ON p.case_id = e.case_id AND p.user_id = e.actor_user_id
        WHERE e.case_id = $1 AND ($2::bigint IS NULL OR e.seq < $2::bigint)
        ORDER BY e.seq DESC LIMIT $3`,
      [caseId, beforeSeq, limit + 1],
    );
    const names = await this.namesOf(rows);
    const readerIsParent = sideOf(access) === 'parent';
    const items = rows.map((row) => this.describe(row, names, language, readerIsParent, user.id));
    await this.audit.record({ action: 'case.access_log.read', subjectType: 'case', subjectId: caseId, caseId }, READ_AUDIT);
    return toPage(items, limit, (e) => e.id);
  }

  /** The names the phrases mention (people added, grantees, the new counsellor), in one query. */
  private async namesOf(rows: EventRow[]): Promise<Map<string, string>> {
    const ids = new Set<string>();
    for (const row of rows) {
      if (row.subject_type === 'user' && row.subject_id && UUID.test(row.subject_id)) ids.add(row.subject_id);
      for (const key of ['granteeId', 'to', 'userId'] as const) {
        const value = row.details?.[key];
        if (typeof value === 'string' && UUID.test(value)) ids.add(value);
      }
    }
    if (ids.size === 0) return new Map();
    const found: { id: string; name: string }[] = await this.txHost.tx.query(
      `SELECT id::text, display_name AS name FROM app_user WHERE id = ANY($1::uuid[])
       UNION ALL SELECT id::text, name FROM organisation WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return new Map(found.map((f) => [f.id, f.name]));
  }

  private describe(row: EventRow, names: Map<string, string>, language: Language, readerIsParent: boolean, readerId: string): AccessLogEntry {
    const someone = language === 'nl' ? 'iemand' : 'someone';
    const fill: Record<string, string> = {
      your: readerIsParent ? (language === 'nl' ? 'uw' : 'your') : (language === 'nl' ? 'het' : 'the'),
      subject: (row.subject_id && names.get(row.subject_id)) ?? (typeof row.details?.granteeId === 'string' ? names.get(row.details.granteeId) : undefined) ?? someone,
      to: (typeof row.details?.to === 'string' && names.get(row.details.to)) || someone,
      member: (typeof row.details?.userId === 'string' && names.get(row.details.userId)) || someone,
      history: row.details?.shareHistory === true
        ? (language === 'nl' ? ', met de berichten van vóór dat moment' : ', including the messages from before')
        : '',
      status: STATUS_WORDS[String(row.details?.to ?? '')]?.[language] ?? String(row.details?.to ?? ''),
      specialism: SPECIALISM_WORDS[String(row.details?.specialism ?? 'other')]?.[language] ?? SPECIALISM_WORDS.other[language],
      scopes: joinWords((Array.isArray(row.details?.scopes) ? row.details.scopes as string[] : []).map((s) => SCOPE_WORDS[s]?.[language] ?? s), language),
    };
    const what = phraseFor(row.action)[language].replace(/\{(\w+)\}/g, (_, key: string) => fill[key] ?? '');
    const isYou = row.actor_user_id === readerId;
    const role = row.case_role ?? row.actor_role ?? '';
    const roleLabel = ROLE_WORDS[role]?.[language] ?? role;
    const who = !row.actor_user_id ? (language === 'nl' ? 'Het systeem' : 'The system')
      : isYou ? (language === 'nl' ? 'U' : 'You')
        : [row.organisation_name, `${roleLabel} ${row.display_name ?? ''}`.trim()].filter(Boolean).join(' — ');
    return {
      id: row.id,
      at: row.occurred_at.toISOString(),
      action: row.action,
      actor: row.actor_user_id
        ? { id: row.actor_user_id, displayName: row.display_name ?? '', role, roleLabel, organisationName: row.organisation_name, isYou }
        : null,
      what,
      description: `${who}${isYou || !row.actor_user_id ? '' : ' —'} ${what} ${whenInWords(row.occurred_at, language)}`,
    };
  }
}
