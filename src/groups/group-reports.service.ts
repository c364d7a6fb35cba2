import { Injectable } from '@nestjs/common';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { DEFAULT_PAGE, type PageQueryDto, toPage } from '../common/pagination.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import type { GroupReportCreatedResponse, GroupReportPageResponse, GroupReportResponse, ReportGroupMessageDto, ResolveReportDto } from './dto/group.dto.js';
import { GroupAccessReader } from './group-access.js';
import { GROUP_MESSAGE_COLUMNS, type GroupMessageRow, toAuthor, toGroupMessage } from './group-rows.js';
import { GroupErrors } from './groups.errors.js';

/** How long a report waits for the group's own moderators before the team's coordinators see it too. */
export const ESCALATION_HOURS = 24;
/** Reports one member may make per hour, over all groups. */
export const REPORTS_PER_HOUR = 5;

/** Urgent, or unanswered for 24 hours: seen by the coordinators of the team that runs the group. */
const ESCALATED = `(r.urgent OR r.created_at <= now() - make_interval(hours => ${ESCALATION_HOURS}))`;

interface ReportRow extends GroupMessageRow {
  report_id: string;
  report_group_id: string;
  group_name: string;
  reason: string;
  urgent: boolean;
  report_created_at: Date;
  resolved_at: Date | null;
  outcome: 'message_hidden' | 'no_action' | null;
  escalated: boolean;
  reporter_handle: string;
  reporter_pseudonym: string;
  reporter_role: 'member' | 'moderator';
  reporter_status: 'requested' | 'active' | 'left' | 'removed';
}

const REPORT_SELECT = `SELECT r.id AS report_id, r.group_id AS report_group_id, g.name AS group_name, r.reason, r.urgent,
    r.created_at AS report_created_at, r.resolved_at, r.outcome, ${ESCALATED} AS escalated,
    rep.id AS reporter_handle, rep.pseudonym AS reporter_pseudonym, rep.role AS reporter_role, rep.status AS reporter_status,
    ${GROUP_MESSAGE_COLUMNS}
  FROM peer_group_report r
  JOIN peer_group g ON g.id = r.group_id
  JOIN peer_group_member rep ON rep.id = r.reporter_member_id
  JOIN peer_group_message gm ON gm.id = r.message_id
  JOIN peer_group_member a ON a.id = gm.member_id`;

function toReport(row: ReportRow): GroupReportResponse {
  return {
    id: row.report_id,
    groupId: row.report_group_id,
    groupName: row.group_name,
    message: toGroupMessage(row, true),
    reporter: toAuthor(row.reporter_handle, row.reporter_pseudonym, row.reporter_role, row.reporter_status),
    reason: row.reason,
    urgent: row.urgent,
    createdAt: new Date(row.report_created_at).toISOString(),
    escalated: row.escalated,
    resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
    outcome: row.outcome,
  };
}

/**
 * Reports of group messages (issue 19). A report goes to the group's own moderators first; the
 * coordinators of the team that runs the group see it only once it is urgent or has waited 24 hours
 * unanswered (`GET /api/groups/reports/escalated`). Answering a report (hiding the message, or "no
 * action") takes it off both lists' open state.
 */
@Injectable()
export class GroupReportsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly access: GroupAccessReader,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async report(user: AuthUser, groupId: string, messageId: string, dto: ReportGroupMessageDto): Promise<GroupReportCreatedResponse> {
    // Only members count against the limit: an outsider is refused (404) before anything is counted.
    const access = await this.access.require(user, 'report', groupId);
    try {
      await this.rateLimiter.consume([{ key: `group-report:${access.membership!.handle}`, max: REPORTS_PER_HOUR, windowSeconds: 3600 }]);
    } catch (error) {
      // Only the limiter's own refusal gets the report-specific wording; anything else (the store
      // being unreachable) stays what it is instead of posing as a 429.
      if (!(error instanceof DomainError) || error.code !== 'rate_limited') throw error;
      throw GroupErrors.reportRateLimited(Number(error.extra.retryAfter));
    }
    return this.store(user, groupId, messageId, dto);
  }

  @Transactional()
  private async store(user: AuthUser, groupId: string, messageId: string, dto: ReportGroupMessageDto): Promise<GroupReportCreatedResponse> {
    const access = await this.access.require(user, 'report', groupId);
    const tx = this.txHost.tx;
    const [message] = await tx.query(`SELECT 1 FROM peer_group_message WHERE id = $1 AND group_id = $2 AND hidden_at IS NULL`, [messageId, groupId]);
    if (!message) throw GroupErrors.messageNotFound();
    const [row] = await tx.query(
      `INSERT INTO peer_group_report (group_id, message_id, reporter_member_id, reason, urgent) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (message_id, reporter_member_id) DO NOTHING RETURNING id, urgent, created_at`,
      [groupId, messageId, access.membership!.handle, dto.reason, dto.urgent ?? false],
    ) as { id: string; urgent: boolean; created_at: Date }[];
    if (!row) throw GroupErrors.alreadyReported();
    await this.audit.record({ action: 'group.message.reported', subjectType: 'group_message', subjectId: messageId, details: { groupId, reportId: row.id, urgent: row.urgent } });
    return { id: row.id, urgent: row.urgent, createdAt: new Date(row.created_at).toISOString() };
  }

  /** The group's own queue (its moderators): open reports first, then the answered ones; newest first within each. */
  async listForGroup(user: AuthUser, groupId: string, query: PageQueryDto): Promise<GroupReportPageResponse> {
    await this.access.require(user, 'read_reports', groupId);
    const page = await this.page(`r.group_id = $1`, [groupId], query);
    await this.audit.record({ action: 'group.reports.read', subjectType: 'group', subjectId: groupId, details: { count: page.items.length } }, READ_AUDIT);
    return page;
  }

  /** Open reports of the caller's team's groups that went past their moderators (coordinators). */
  async listEscalated(user: AuthUser, query: PageQueryDto): Promise<GroupReportPageResponse> {
    if (!user.organisationId) return { items: [], nextCursor: null };
    const page = await this.page(`g.team_id = $1 AND r.resolved_at IS NULL AND ${ESCALATED}`, [user.organisationId], query);
    await this.audit.record({ action: 'group.reports.escalated.read', subjectType: 'group', details: { count: page.items.length } }, READ_AUDIT);
    return page;
  }

  @Transactional()
  async resolve(user: AuthUser, groupId: string, reportId: string, dto: ResolveReportDto): Promise<GroupReportResponse> {
    const access = await this.access.require(user, 'moderate', groupId, { lock: true });
    const tx = this.txHost.tx;
    // A coordinator answers only what reached them; the group's moderators answer everything in their queue.
    const [found] = await tx.query(
      `SELECT r.resolved_at, ${ESCALATED} AS escalated FROM peer_group_report r WHERE r.id = $1 AND r.group_id = $2`, [reportId, groupId],
    ) as { resolved_at: Date | null; escalated: boolean }[];
    if (!found || (!access.membership && !found.escalated)) throw GroupErrors.reportNotFound();
    if (found.resolved_at) throw GroupErrors.alreadyResolved();
    if (dto.outcome === 'message_hidden') {
      const [hidden] = await tx.query(
        `SELECT 1 FROM peer_group_report r JOIN peer_group_message gm ON gm.id = r.message_id WHERE r.id = $1 AND gm.hidden_at IS NOT NULL`, [reportId],
      );
      if (!hidden) throw CommonErrors.invalidField('outcome', { nl: 'verberg eerst het bericht.', en: 'hide the message first.' }, 'message_not_hidden');
    }
    await rows(tx, `UPDATE peer_group_report SET resolved_at = now(), resolved_by_id = $2, outcome = $3 WHERE id = $1`, [reportId, user.id, dto.outcome]);
    await this.audit.record({ action: 'group.report.resolved', subjectType: 'group_report', subjectId: reportId, details: { groupId, outcome: dto.outcome } });
    const [row] = await tx.query(`${REPORT_SELECT} WHERE r.id = $1`, [reportId]) as ReportRow[];
    return toReport(row);
  }

  private async page(where: string, parameters: unknown[], query: PageQueryDto): Promise<GroupReportPageResponse> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const n = parameters.length;
    if (query.before) {
      const [cursor] = await this.txHost.tx.query(`SELECT 1 FROM peer_group_report WHERE id = $1`, [query.before]);
      if (!cursor) throw CommonErrors.invalidField('before', { nl: 'deze melding bestaat niet.', en: 'this report does not exist.' }, 'invalid_cursor');
    }
    const found = await this.txHost.tx.query(
      `${REPORT_SELECT}
        WHERE ${where}
          AND ($${n + 1}::uuid IS NULL OR EXISTS (SELECT 1 FROM peer_group_report c WHERE c.id = $${n + 1}::uuid
               AND ((r.resolved_at IS NOT NULL) > (c.resolved_at IS NOT NULL)
                    OR ((r.resolved_at IS NOT NULL) = (c.resolved_at IS NOT NULL) AND (r.created_at, r.id) < (c.created_at, c.id)))))
        ORDER BY (r.resolved_at IS NOT NULL), r.created_at DESC, r.id DESC
        LIMIT $${n + 2}`,
      [...parameters, query.before ?? null, limit + 1],
    ) as ReportRow[];
    const page = toPage(found.map(toReport), limit, (r) => r.id);
    return page;
  }
}
