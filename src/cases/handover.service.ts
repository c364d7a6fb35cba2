import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { emitInTransaction } from '../database/in-transaction-events.js';
import { CaseErrors } from './cases.errors.js';
import { HandoverMoving, ParticipantRemoved } from './cases.events.js';
import type { HandoverDto, HandoverRequestResponse, HandoverResponse, TeamHandoverRequestResponse } from './dto/handover.dto.js';
import { ParticipantsService } from './participants.service.js';
import { UpdatesService } from './updates.service.js';

/**
 * Handover: a coordinator moves the lead — and with `HandoverMoving`, every thread membership — to
 * another counsellor of the team, in one transaction, so nothing is lost or half-moved.
 *
 * The previous counsellor leaves the case by default: a handover is most often asked for because
 * the work became unsafe or too painful, and then they should no longer see the family's file.
 * `previousCounsellorStays: true` keeps them as a participant (e.g. for a gradual handover); their
 * thread memberships move either way. The parents see it happen: a shared update for everyone
 * (the reason stays with the team) and an entry in the access log.
 */
@Injectable()
export class HandoverService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly participants: ParticipantsService,
    private readonly updates: UpdatesService,
    private readonly events: EventEmitter2,
  ) {}

  @Transactional()
  async handOver(user: AuthUser, caseId: string, dto: HandoverDto): Promise<HandoverResponse> {
    const stays = dto.previousCounsellorStays ?? false;
    const access = await this.access.requireCase(user, Permission.CaseHandoverPerform, caseId);
    const [current]: { lead_counsellor_id: string | null }[] = await this.txHost.tx.query(
      `SELECT lead_counsellor_id FROM case_file WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    const from = current.lead_counsellor_id;
    const [to]: { id: string; display_name: string }[] = await this.txHost.tx.query(
      `SELECT id, display_name FROM app_user WHERE id = $1 AND role = 'counsellor' AND organisation_id = $2 AND disabled_at IS NULL`,
      [dto.toCounsellorId, access.teamId],
    );
    if (!to) throw CaseErrors.leadNotTeamCounsellor('toCounsellorId');
    if (from === to.id) throw CaseErrors.sameCounsellor();

    await this.participants.insertParticipant(caseId, to.id, 'counsellor', user.id);
    await this.txHost.tx.query(`UPDATE case_file SET lead_counsellor_id = $2, updated_at = now() WHERE id = $1`, [caseId, to.id]);
    // Messaging moves every thread membership of `from` to `to` in this same transaction.
    await emitInTransaction(this.events, HandoverMoving.event, new HandoverMoving(caseId, from, to.id));
    if (from && !stays) {
      await this.participants.deleteParticipant(caseId, from);
      this.txHost.afterCommit(() => this.events.emit(ParticipantRemoved.event, new ParticipantRemoved(caseId, from)));
    }
    const [handover]: { id: string; created_at: Date }[] = await this.txHost.tx.query(
      `INSERT INTO case_handover (case_id, from_counsellor_id, to_counsellor_id, reason, previous_counsellor_stays, performed_by_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
      [caseId, from, to.id, dto.reason.trim(), stays, user.id],
    );
    await this.txHost.tx.query(
      `UPDATE case_handover_request SET status = 'done', resolved_at = now() WHERE case_id = $1 AND status = 'open'`,
      [caseId],
    );
    await this.audit.record({ action: 'case.handover', subjectType: 'case', subjectId: caseId, caseId, details: { from, to: to.id, previousCounsellorStays: stays } });
    const [fromUser]: { display_name: string }[] = from ? await this.txHost.tx.query(`SELECT display_name FROM app_user WHERE id = $1`, [from]) : [];
    await this.updates.insertUpdate(caseId, user.id, 'handover',
      from
        ? `Uw dossier is overgedragen: ${to.display_name} is vanaf nu uw procesbegeleider (in plaats van ${fromUser?.display_name ?? 'de vorige begeleider'}). Er gaat niets verloren: uw verhaal, de gesprekken en de afspraken blijven bewaard.`
        : `${to.display_name} is vanaf nu uw procesbegeleider.`,
      'everyone');
    return {
      id: handover.id,
      caseId,
      from: from ? { id: from, displayName: fromUser?.display_name ?? '' } : null,
      to: { id: to.id, displayName: to.display_name },
      previousCounsellorStays: stays,
      at: handover.created_at.toISOString(),
    };
  }

  @Transactional()
  async requestHandover(user: AuthUser, caseId: string, reason: string): Promise<HandoverRequestResponse> {
    await this.access.requireCase(user, Permission.CaseHandoverRequest, caseId);
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO case_handover_request (case_id, requested_by_id, reason) VALUES ($1, $2, $3) RETURNING id`,
      [caseId, user.id, reason.trim()],
    );
    await this.audit.record({ action: 'case.handover.requested', subjectType: 'handover_request', subjectId: row.id, caseId });
    const [request] = await this.requests(caseId, row.id);
    return request;
  }

  async listRequests(user: AuthUser, caseId: string): Promise<HandoverRequestResponse[]> {
    await this.access.requireCase(user, Permission.CaseUpdate, caseId);
    const items = await this.requests(caseId);
    await this.audit.record({ action: 'case.handover_requests.read', subjectType: 'handover_request', caseId, details: { count: items.length } }, READ_AUDIT);
    return items;
  }

  /**
   * The open requests of every case the coordinator's team runs, oldest first, so none waits unseen
   * (otherwise a coordinator only finds one by opening that case). Audited as a team-level read, not
   * in each case's access log: the reason is the team's, never the parents'.
   */
  async listOpenTeamRequests(user: AuthUser): Promise<TeamHandoverRequestResponse[]> {
    const { items } = await this.openTeamRequests(user, 500);
    await this.audit.record({ action: 'handover_requests.team.read', subjectType: 'handover_request', details: { count: items.length } }, READ_AUDIT);
    return items;
  }

  /**
   * The open requests of the coordinator's team (none for anyone else), oldest first, at most
   * `limit`, with how many there are in all. Not audited: the caller records its own read (the team
   * screen above; the start page counts them in its overview).
   */
  async openTeamRequests(user: AuthUser, limit: number): Promise<{ items: TeamHandoverRequestResponse[]; total: number }> {
    if (user.role !== 'coordinator' || !user.organisationId) return { items: [], total: 0 };
    const rows: {
      id: string; case_id: string; reference: string; title: string; lead_id: string | null; lead_name: string | null;
      requested_by_id: string; display_name: string; reason: string; created_at: Date; total: number;
    }[] = await this.txHost.tx.query(
      `SELECT r.id, r.case_id, c.reference, c.title, c.lead_counsellor_id AS lead_id, l.display_name AS lead_name,
              r.requested_by_id, u.display_name, r.reason, r.created_at, count(*) OVER ()::int AS total
         FROM case_handover_request r
         JOIN case_file c ON c.id = r.case_id
         JOIN app_user u ON u.id = r.requested_by_id
         LEFT JOIN app_user l ON l.id = c.lead_counsellor_id
        WHERE c.team_id = $1 AND r.status = 'open'
        ORDER BY r.created_at, r.id
        LIMIT $2`,
      [user.organisationId, limit],
    );
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        case: { id: r.case_id, reference: r.reference, title: r.title, leadCounsellor: r.lead_id ? { id: r.lead_id, displayName: r.lead_name ?? '' } : null },
        requestedBy: { id: r.requested_by_id, displayName: r.display_name },
        reason: r.reason,
        status: 'open',
        createdAt: r.created_at.toISOString(),
        resolvedAt: null,
      })),
    };
  }

  private async requests(caseId: string, id?: string): Promise<HandoverRequestResponse[]> {
    const rows: { id: string; requested_by_id: string; display_name: string; reason: string; status: 'open' | 'done'; created_at: Date; resolved_at: Date | null }[] =
      await this.txHost.tx.query(
        `SELECT r.id, r.requested_by_id, u.display_name, r.reason, r.status, r.created_at, r.resolved_at
           FROM case_handover_request r JOIN app_user u ON u.id = r.requested_by_id
          WHERE r.case_id = $1 AND ($2::uuid IS NULL OR r.id = $2::uuid)
          ORDER BY r.created_at DESC`,
        [caseId, id ?? null],
      );
    return rows.map((r) => ({
      id: r.id,
      caseId,
      requestedBy: { id: r.requested_by_id, displayName: r.display_name },
      reason: r.reason,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    }));
  }
}
