import { Injectable } from '@nestjs/common';
import { type ConsultationSide, consultationSideOf } from '../access/consultation.rules.js';
import { AccessService } from '../access/access.service.js';
import { ExpertsService } from '../accounts/experts.service.js';
import type { Specialism } from '../accounts/roles.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CaseFactsService } from '../cases/case-facts.service.js';
import { CommonErrors } from '../common/domain-error.js';
import { DEFAULT_PAGE, type Page, toPage } from '../common/pagination.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import { buildSummary, type ConsultationSummary } from './consultation-summary.js';
import { CONSULTATION_CONSENT_SCOPES, type ConsultationBasis, type ConsultationStatus } from './consultation-status.js';
import { ConsultationErrors } from './consultations.errors.js';
import type {
  ConsultationCreatedResponse, ConsultationListItem, ConsultationListQuery, ConsultationMessageResponse, ConsultationResponse,
  CreateConsultationDto, PostConsultationMessageDto,
} from './dto/consultation.dto.js';
import { findIdentifyingText } from './identifying-text.js';
import { newPseudonym } from './pseudonym.js';

interface ConsultationRow {
  id: string;
  case_id: string;
  pseudonym: string;
  expert_id: string;
  expert_name: string;
  asked_by_id: string;
  specialism: Specialism;
  basis: ConsultationBasis;
  consent_id: string | null;
  question: string;
  summary: ConsultationSummary;
  status: ConsultationStatus;
  created_at: Date;
  answered_at: Date | null;
  closed_at: Date | null;
  message_count: number;
}

interface MessageRow { id: string; author_id: string; author_side: ConsultationSide; author_name: string; body: string; created_at: Date }

const SELECT_CONSULTATION = `
  SELECT c.id, c.case_id, c.pseudonym, c.expert_id, e.display_name AS expert_name, c.asked_by_id, c.specialism, c.basis, c.consent_id,
         c.question, c.summary, c.status, c.created_at, c.answered_at, c.closed_at,
         (SELECT count(*)::int FROM consultation_message m WHERE m.consultation_id = c.id) AS message_count
    FROM consultation c JOIN app_user e ON e.id = c.expert_id`;

/**
 * The expert pool, consulted without names (issue 19). A counsellor of a case puts a question to
 * one expert, on a recorded basis; the expert sees a pseudonym, a summary of codes and years, the
 * question and the conversation — never the case, its people or its id. Free text a counsellor
 * writes for the expert is checked for the case's names, references, e-mail addresses and phone
 * numbers before anything is stored.
 */
@Injectable()
export class ConsultationsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly experts: ExpertsService,
    private readonly facts: CaseFactsService,
    private readonly realtime: RealtimeService,
  ) {}

  @Transactional()
  async requestConsultation(user: AuthUser, caseId: string, dto: CreateConsultationDto): Promise<ConsultationCreatedResponse> {
    await this.access.requireCase(user, Permission.ConsultationRequest, caseId);
    const expert = await this.experts.findExpert(dto.expertId);
    if (!expert) throw ConsultationErrors.unknownExpert();
    await this.refuseIdentifyingText(caseId, 'question', dto.question);
    let consentId: string | null = null;
    if (dto.basis === 'parent_consent') {
      consentId = await this.facts.activeConsentCovering(caseId, { userId: expert.id, organisationId: expert.organisationId }, [...CONSULTATION_CONSENT_SCOPES]);
      if (!consentId) throw ConsultationErrors.consentMissing();
    }
    const summary = buildSummary(await this.facts.codedFacts(caseId));
    const specialism: Specialism = expert.specialism ?? 'other';
    let row: { id: string; pseudonym: string } | undefined;
    // A pseudonym is unique; on the rare clash, draw again (ON CONFLICT keeps the transaction usable).
    for (let attempt = 0; !row && attempt < 10; attempt += 1) {
      [row] = await this.txHost.tx.query(
        `INSERT INTO consultation (case_id, pseudonym, expert_id, asked_by_id, specialism, basis, consent_id, question, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (pseudonym) DO NOTHING RETURNING id, pseudonym`,
        [caseId, newPseudonym(), expert.id, user.id, specialism, dto.basis, consentId, dto.question, JSON.stringify(summary)],
      );
    }
    if (!row) throw new Error('no free pseudonym after 10 draws');
    await this.audit.record({
      action: 'consultation.requested', subjectType: 'consultation', subjectId: row.id, caseId,
      details: { specialism, basis: dto.basis, expertId: expert.id, ...(consentId ? { consentId } : {}) },
    });
    return { id: row.id, pseudonym: row.pseudonym, status: 'requested' };
  }

  /**
   * The expert's: those put to them. The counsellor's: those they asked, on cases they still counsel. Oldest first.
   * Rows the caller may no longer see are left out before the page is cut, so a page holds `limit`
   * items whenever that many follow.
   */
  async listConsultations(user: AuthUser, query: ConsultationListQuery): Promise<Page<ConsultationListItem>> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const state = query.state ?? 'all';
    const mine = user.role === 'expert' ? 'c.expert_id' : 'c.asked_by_id';
    const kept: ConsultationRow[] = [];
    for (let after = query.after ?? null; ;) {
      const rows: ConsultationRow[] = await this.txHost.tx.query(
        `${SELECT_CONSULTATION}
          WHERE ${mine} = $1
            AND ($2 = 'all' OR ($2 = 'open' AND c.status <> 'closed') OR ($2 = 'closed' AND c.status = 'closed'))
            AND ($3::uuid IS NULL OR (c.created_at, c.id) > (SELECT created_at, id FROM consultation WHERE id = $3::uuid))
          ORDER BY c.created_at, c.id LIMIT $4`,
        [user.id, state, after, limit + 1],
      );
      kept.push(...await this.stillVisible(user, rows));
      if (rows.length <= limit || kept.length > limit) break;
      after = rows[rows.length - 1].id;
    }
    const page = toPage(kept, limit, (r) => r.id);
    const side: ConsultationSide = user.role === 'expert' ? 'expert' : 'counsellor';
    await this.audit.record({ action: 'consultation.listed', subjectType: 'consultation', details: { count: page.items.length } }, READ_AUDIT);
    return { items: page.items.map((r) => listItem(r, side)), nextCursor: page.nextCursor };
  }

  /**
   * Of the caller's consultations, those still theirs to see: for an expert, a question asked on the
   * parent's consent leaves once that consent is withdrawn or ended; for a counsellor, those on
   * cases they still counsel.
   */
  private async stillVisible(user: AuthUser, rows: ConsultationRow[]): Promise<ConsultationRow[]> {
    if (rows.length === 0) return rows;
    if (user.role === 'expert') return this.consentStillHolds(rows);
    const still = new Set((await this.access.checkCases(user, Permission.ConsultationRequest, [...new Set(rows.map((r) => r.case_id))])).map((a) => a.caseId));
    return rows.filter((r) => still.has(r.case_id));
  }

  /** Those rows asked on professional need, or on a consent still active and covering `story` and `children`; one query. */
  private async consentStillHolds<T extends { consent_id: string | null }>(rows: T[]): Promise<T[]> {
    const consentIds = [...new Set(rows.flatMap((r) => (r.consent_id ? [r.consent_id] : [])))];
    const holding = await this.facts.consentsStillCovering(consentIds, [...CONSULTATION_CONSENT_SCOPES]);
    return rows.filter((r) => !r.consent_id || holding.has(r.consent_id));
  }

  async getConsultation(user: AuthUser, consultationId: string): Promise<ConsultationResponse> {
    const { row, side } = await this.requireConsultation(user, consultationId, false);
    const response = await this.describe(row, side, user.id);
    await this.audit.record({
      action: 'consultation.read', subjectType: 'consultation', subjectId: row.id, caseId: row.case_id, details: { specialism: row.specialism },
    }, READ_AUDIT);
    return response;
  }

  @Transactional()
  async postMessage(user: AuthUser, consultationId: string, dto: PostConsultationMessageDto): Promise<ConsultationMessageResponse> {
    const { row, side } = await this.requireConsultation(user, consultationId, true);
    if (row.status === 'closed') throw ConsultationErrors.closed();
    if (side === 'counsellor') await this.refuseIdentifyingText(row.case_id, 'body', dto.body);
    const [message]: { id: string; created_at: Date }[] = await this.txHost.tx.query(
      `INSERT INTO consultation_message (consultation_id, author_id, author_side, body) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
      [row.id, user.id, side, dto.body],
    );
    let status = row.status;
    if (side === 'expert' && row.status === 'requested') {
      status = 'answered';
      await this.txHost.tx.query(`UPDATE consultation SET status = 'answered', answered_at = now() WHERE id = $1`, [row.id]);
      await this.audit.record({
        action: 'consultation.answered', subjectType: 'consultation', subjectId: row.id, caseId: row.case_id, details: { specialism: row.specialism },
      });
    }
    await this.audit.record({
      action: 'consultation.message.posted', subjectType: 'consultation', subjectId: row.id, caseId: row.case_id,
      details: { specialism: row.specialism, side },
    });
    const authored: MessageRow = { id: message.id, author_id: user.id, author_side: side, author_name: user.displayName, body: dto.body, created_at: message.created_at };
    const receiver = side === 'expert' ? row.asked_by_id : row.expert_id;
    const receiverSide: ConsultationSide = side === 'expert' ? 'counsellor' : 'expert';
    this.txHost.afterCommit(() => this.realtime.toUsers([receiver], 'consultation:message', {
      consultationId: row.id, status, message: messageFor(authored, receiverSide, receiver),
    }));
    return messageFor(authored, side, user.id);
  }

  /** Either party closes; closing a closed consultation changes nothing. */
  @Transactional()
  async closeConsultation(user: AuthUser, consultationId: string): Promise<ConsultationResponse> {
    const { row, side } = await this.requireConsultation(user, consultationId, true);
    if (row.status !== 'closed') {
      await this.txHost.tx.query(`UPDATE consultation SET status = 'closed', closed_at = now(), closed_by_id = $2 WHERE id = $1`, [row.id, user.id]);
      await this.audit.record({
        action: 'consultation.closed', subjectType: 'consultation', subjectId: row.id, caseId: row.case_id, details: { specialism: row.specialism, side },
      });
      const other = side === 'expert' ? row.asked_by_id : row.expert_id;
      this.txHost.afterCommit(() => this.realtime.toUsers([other], 'consultation:closed', { consultationId: row.id }));
    }
    const [fresh]: ConsultationRow[] = await this.txHost.tx.query(`${SELECT_CONSULTATION} WHERE c.id = $1`, [row.id]);
    return this.describe(fresh, side, user.id);
  }

  /**
   * The seam with the shared explanatory analysis (issue 18): true while a consultation of this
   * expert on this case is open — requested or answered, not yet closed — the expert's account is
   * active, and, for one asked on the parent's consent, that consent is still active and still
   * covers `story` and `children`. False once it is closed (by either party), for a disabled
   * account, once the backing consent is withdrawn or ended, and for anyone who was never asked.
   * An expert asked several times is consulted while any one of them still counts.
   */
  async isConsultedOn(expertId: string, caseId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `SELECT c.consent_id FROM consultation c JOIN app_user u ON u.id = c.expert_id AND u.disabled_at IS NULL AND u.role = 'expert'
        WHERE c.expert_id = $1 AND c.case_id = $2 AND c.status <> 'closed'`,
      [expertId, caseId],
    ) as { consent_id: string | null }[];
    if (rows.some((r) => !r.consent_id)) return true;
    return (await this.consentStillHolds(rows)).length > 0;
  }

  /**
   * For the expert asked, the case an open consultation is about, to write in that case's shared
   * analysis through the consultation (the id never leaves the server): 404 for anyone else, 409
   * once it is closed, 403 once the parent's consent behind it is withdrawn.
   */
  async caseForExpert(user: AuthUser, consultationId: string): Promise<string> {
    const { row, side } = await this.requireConsultation(user, consultationId, false);
    if (side !== 'expert') throw CommonErrors.notFound('consultation');
    if (row.status === 'closed') throw ConsultationErrors.closed();
    return row.case_id;
  }

  /** The consultation and the caller's side of it; 404 for anyone else, and for a counsellor no longer in the case. */
  private async requireConsultation(user: AuthUser, consultationId: string, lock: boolean): Promise<{ row: ConsultationRow; side: ConsultationSide }> {
    if (lock) await this.txHost.tx.query(`SELECT 1 FROM consultation WHERE id = $1 FOR UPDATE`, [consultationId]);
    const [row]: ConsultationRow[] = await this.txHost.tx.query(`${SELECT_CONSULTATION} WHERE c.id = $1`, [consultationId]);
    const side = row ? consultationSideOf({ expertId: row.expert_id, askedById: row.asked_by_id }, user) : null;
    if (!row || !side) throw CommonErrors.notFound('consultation');
    // Asked on the parent's consent: once the parent withdraws it (or it ends), the expert is out.
    if (side === 'expert' && row.consent_id && !(await this.facts.consentStillCovers(row.consent_id, [...CONSULTATION_CONSENT_SCOPES]))) {
      throw ConsultationErrors.consentWithdrawn();
    }
    if (side === 'counsellor') {
      try {
        await this.access.requireCase(user, Permission.ConsultationRequest, row.case_id);
      } catch {
        throw CommonErrors.notFound('consultation');
      }
    }
    return { row, side };
  }

  private async refuseIdentifyingText(caseId: string, field: 'question' | 'body', text: string): Promise<void> {
    const strings = await this.facts.identifyingStrings(caseId);
    const kind = findIdentifyingText(text, strings);
    if (kind) throw ConsultationErrors.identifyingText(field, kind);
  }

  private async describe(row: ConsultationRow, side: ConsultationSide, viewerId: string): Promise<ConsultationResponse> {
    const messages: MessageRow[] = await this.txHost.tx.query(
      `SELECT m.id, m.author_id, m.author_side, u.display_name AS author_name, m.body, m.created_at
         FROM consultation_message m JOIN app_user u ON u.id = m.author_id
        WHERE m.consultation_id = $1 ORDER BY m.created_at, m.id`,
      [row.id],
    );
    return { ...listItem(row, side), summary: row.summary, messages: messages.map((m) => messageFor(m, side, viewerId)) };
  }
}

/** What each side sees of a consultation: the expert never the case id, nor who asked. */
function listItem(row: ConsultationRow, side: ConsultationSide): ConsultationListItem {
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    status: row.status,
    basis: row.basis,
    specialism: row.specialism,
    question: row.question,
    messageCount: row.message_count,
    createdAt: row.created_at.toISOString(),
    answeredAt: row.answered_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    ...(side === 'counsellor' ? { caseId: row.case_id, expert: { id: row.expert_id, displayName: row.expert_name, specialism: row.specialism } } : {}),
  };
}

/** A message told for one reader: an expert reads "the counsellor", never their name. */
function messageFor(m: MessageRow, readerSide: ConsultationSide, readerId: string): ConsultationMessageResponse {
  return {
    id: m.id,
    author: {
      side: m.author_side,
      displayName: m.author_side === 'counsellor' && readerSide === 'expert' ? null : m.author_name,
      mine: m.author_id === readerId,
    },
    body: m.body,
    createdAt: m.created_at.toISOString(),
  };
}
