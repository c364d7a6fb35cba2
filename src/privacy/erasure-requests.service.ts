import { Injectable } from '@nestjs/common';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { eraseEndedSessions } from '../auth/sessions.retention.js';
import { teamsOfParticipant } from '../cases/cases.retention.js';
import { DEFAULT_PAGE, type Page, toPage } from '../common/pagination.js';
import { returnedRows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { ChildAccountsService } from '../cases/child-accounts.service.js';
import { eraseChildVoices } from '../children/children.retention.js';
import { eraseGroupDataOf } from '../groups/groups.retention.js';
import { eraseUnconvertedRegistrationsOf } from '../intake/intake.retention.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import { MailService } from '../mail/mail.service.js';
import type { ErasureDecisionDto, ErasureRequestResponse } from './dto/privacy.dto.js';
import { ExportsService } from './exports.service.js';
import { PrivacyErrors } from './privacy.errors.js';

interface RequestRow {
  id: string; user_id: string; team_id: string | null; note: string | null; status: 'open' | 'granted' | 'refused'; requested_at: Date;
  decided_at: Date | null; decision_reason: string | null; requester_name: string | null; requester_role: string | null; requester_email?: string;
}

const SELECT = `SELECT r.*, u.display_name AS requester_name, u.role AS requester_role, u.email AS requester_email
                  FROM privacy_erasure_request r JOIN app_user u ON u.id = r.user_id`;

/**
 * Erasure on request (issue 21, GDPR Art. 17). Anyone asks; a coordinator of the team that holds
 * their file decides with a reason, because much of a youth-care file must be kept by law
 * (Jeugdwet art. 7.3.8). Granting erases at once what no law keeps (ended sessions, copies,
 * registrations that never became a case, what they wrote in peer groups, a child's own voice),
 * each module erasing its own tables; case files (with their consultations and suggested help) follow their retention period unless a
 * coordinator also closes them. The outcome reaches the requester by mail and on "Mijn account".
 */
@Injectable()
export class ErasureRequestsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly exports: ExportsService,
    private readonly childAccounts: ChildAccountsService,
    private readonly realtime: RealtimeService,
  ) {}

  @Transactional()
  async request(user: AuthUser, note: string | undefined): Promise<ErasureRequestResponse> {
    const [open]: { id: string }[] = await this.txHost.tx.query(`SELECT id FROM privacy_erasure_request WHERE user_id = $1 AND status = 'open'`, [user.id]);
    if (open) throw PrivacyErrors.erasureRequestOpen(open.id);
    // The team that holds the person's file decides: the team of their (first) case, or their own organisation.
    const teamId = (await teamsOfParticipant(this.txHost.tx, user.id))[0] ?? user.organisationId ?? null;
    const inserted = returnedRows<{ id: string }>(await this.txHost.tx.query(
      `INSERT INTO privacy_erasure_request (user_id, team_id, note) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) WHERE status = 'open' DO NOTHING RETURNING id`, [user.id, teamId, note?.trim() || null]));
    if (inserted.length === 0) throw PrivacyErrors.erasureRequestOpen('');
    await this.audit.record({ action: 'privacy.erasure.requested', subjectType: 'erasure_request', subjectId: inserted[0].id });
    return toResponse((await this.byId(inserted[0].id))!, false);
  }

  async own(user: AuthUser): Promise<Page<ErasureRequestResponse>> {
    const rows: RequestRow[] = await this.txHost.tx.query(`${SELECT} WHERE r.user_id = $1 ORDER BY r.requested_at DESC LIMIT 20`, [user.id]);
    return { items: rows.map((r) => toResponse(r, false)), nextCursor: null };
  }

  /** The team's requests (and those of people who belong to no team yet), oldest open first / newest decided first. */
  async forTeam(user: AuthUser, status: 'open' | 'decided', limit = DEFAULT_PAGE, before?: string): Promise<Page<ErasureRequestResponse>> {
    const open = status === 'open';
    const rows: RequestRow[] = await this.txHost.tx.query(
      `${SELECT}
        WHERE (r.team_id = $1 OR r.team_id IS NULL) AND (r.status = 'open') = $2
          AND ($3::uuid IS NULL OR (r.requested_at, r.id) ${open ? '>' : '<'} (SELECT requested_at, id FROM privacy_erasure_request WHERE id = $3::uuid))
        ORDER BY r.requested_at ${open ? 'ASC' : 'DESC'}, r.id ${open ? 'ASC' : 'DESC'} LIMIT $4`,
      [user.organisationId, open, before ?? null, limit + 1]);
    const page = toPage(rows.map((r) => toResponse(r, true)), limit, (r) => r.id);
    await this.audit.record({ action: 'privacy.erasure_requests.listed', subjectType: 'organisation', subjectId: user.organisationId, details: { count: page.items.length, status } }, READ_AUDIT);
    return page;
  }

  /**
   * For a coordinator's start page: how many of the team's requests (and those of people in no team
   * yet) are open, when the oldest was made and when its answer is due — one month, GDPR Art. 12(3).
   * No names or notes: those stay on the team screen, where the requests are decided.
   */
  async openSummaryForTeam(user: AuthUser): Promise<{ total: number; oldestRequestedAt: string | null; answerDueAt: string | null }> {
    const [row]: { total: number; oldest: Date | null; due: Date | null }[] = await this.txHost.tx.query(
      `SELECT count(*)::int AS total, min(requested_at) AS oldest, min(requested_at) + interval '1 month' AS due
         FROM privacy_erasure_request WHERE (team_id = $1 OR team_id IS NULL) AND status = 'open'`, [user.organisationId]);
    return {
      total: row.total,
      oldestRequestedAt: row.oldest ? new Date(row.oldest).toISOString() : null,
      answerDueAt: row.due ? new Date(row.due).toISOString() : null,
    };
  }

  @Transactional()
  async decide(user: AuthUser, id: string, dto: ErasureDecisionDto): Promise<ErasureRequestResponse> {
    const [row]: RequestRow[] = await this.txHost.tx.query(
      `${SELECT} WHERE r.id = $1 AND (r.team_id = $2 OR r.team_id IS NULL) FOR UPDATE OF r`, [id, user.organisationId]);
    if (!row) throw PrivacyErrors.erasureRequestNotFound();
    if (row.status !== 'open') throw PrivacyErrors.erasureRequestDecided();
    const granted = dto.decision === 'grant';
    await this.txHost.tx.query(
      `UPDATE privacy_erasure_request SET status = $2, decided_at = now(), decided_by_id = $3, decision_reason = $4 WHERE id = $1`,
      [id, granted ? 'granted' : 'refused', user.id, dto.reason.trim()]);
    const erased = granted ? await this.eraseWhatMayGo(row.user_id, row.requester_email!) : {};
    await this.audit.record({
      action: granted ? 'privacy.erasure.granted' : 'privacy.erasure.refused', subjectType: 'erasure_request', subjectId: id, details: erased,
    });
    // In the transaction: a mail that cannot go leaves the request open (503), so no one is told nothing.
    await this.mail.send({
      to: row.requester_email!,
      subject: granted ? 'Uw verzoek om verwijdering: toegekend' : 'Uw verzoek om verwijdering: niet toegekend',
      text: [
        `Beste ${row.requester_name},`,
        '',
        granted
          ? 'U vroeg ons om gegevens over u te verwijderen. Dat hebben we gedaan, voor zover de wet het toestaat.'
          : 'U vroeg ons om gegevens over u te verwijderen. Dat kunnen we nu niet doen.',
        '',
        'De reden:',
        dto.reason.trim(),
        '',
        'U ziet dit ook in het portaal onder "Mijn account". Heeft u vragen, bel dan uw procesbegeleider.',
        this.mail.link('/account'),
        '',
        '— English —',
        granted
          ? 'You asked us to erase data about you. We have done so, as far as the law allows. The reason is above.'
          : 'You asked us to erase data about you. We cannot do that now. The reason is above.',
      ].join('\n'),
    });
    return toResponse((await this.byId(id))!, true);
  }

  /**
   * What no law keeps: ended sessions, copies (exports), registrations that never became a case,
   * the bodies of their peer-group messages, their reports' reasons and their pseudonyms (they stay
   * in each group as "oud-lid"), and a child's own voice.
   */
  private async eraseWhatMayGo(userId: string, email: string): Promise<Record<string, number>> {
    const sessions = await eraseEndedSessions(this.txHost.tx, 0, userId);
    const registrations = await eraseUnconvertedRegistrationsOf(this.txHost.tx, email);
    const groups = await eraseGroupDataOf(this.txHost.tx, userId);
    // Out of the group rooms they were in: no new messages reach a member who is now "oud-lid".
    if (groups.groupIds.length) this.txHost.afterCommit(() => this.realtime.leaveGroups(userId, groups.groupIds));
    const childVoices = await eraseChildVoices(this.txHost.tx, (await this.childAccounts.recordsOf(userId)).map((r) => r.childId));
    const exports = returnedRows<{ id: string }>(await this.txHost.tx.query(
      `UPDATE privacy_export SET file_removed_at = now() WHERE user_id = $1 AND status IN ('ready','failed') AND file_removed_at IS NULL RETURNING id`, [userId]));
    const ids = exports.map((e) => e.id);
    this.txHost.afterCommit(() => void this.exports.removeExpiredFiles(ids));
    return {
      sessions, registrations, exports: ids.length,
      groupMessages: groups.messages, groupReports: groups.reports, groupMemberships: groups.memberships, childVoices,
    };
  }

  private async byId(id: string): Promise<RequestRow | undefined> {
    const [row]: RequestRow[] = await this.txHost.tx.query(`${SELECT} WHERE r.id = $1`, [id]);
    return row;
  }
}

function toResponse(row: RequestRow, forTeam: boolean): ErasureRequestResponse {
  return {
    id: row.id, status: row.status, note: row.note, requestedAt: new Date(row.requested_at).toISOString(),
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null, decisionReason: row.decision_reason,
    requesterName: forTeam ? row.requester_name : null, requesterRole: forTeam ? row.requester_role : null,
  };
}
