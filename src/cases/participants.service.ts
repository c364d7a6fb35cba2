import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AccessService } from '../access/access.service.js';
import type { OrganisationKind, Role } from '../accounts/roles.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { returnedRows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { emitInTransaction } from '../database/in-transaction-events.js';
import { CASE_ROLES, type CaseRole } from './case-vocabulary.js';
import { CaseErrors } from './cases.errors.js';
import { ParticipantRemoved, ParticipantRemoving } from './cases.events.js';
import type { ParticipantResponse } from './dto/participant.dto.js';

/** Which account roles may hold each case role. */
export const CASE_ROLE_FITS: Record<CaseRole, readonly Role[]> = {
  counsellor: ['counsellor'],
  coordinator: ['coordinator'],
  parent: ['parent'],
  child: ['child'],
  foster_parent: ['foster_parent'],
  expert: ['expert'],
  guardian: ['partner'],
  board: ['partner'],
  other: ['partner', 'expert', 'foster_parent'],
};

interface ParticipantRow {
  user_id: string;
  display_name: string;
  account_role: Role;
  role: CaseRole;
  organisation_id: string | null;
  organisation_name: string | null;
  organisation_kind: OrganisationKind | null;
  is_lead: boolean;
  added_at: Date;
}

/**
 * Who takes part in a case. Adding and removing take effect for the very next request: access is
 * read from case_participant on every request, never cached.
 */
@Injectable()
export class ParticipantsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly events: EventEmitter2,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async listParticipants(user: AuthUser, caseId: string): Promise<ParticipantResponse[]> {
    await this.access.requireCase(user, Permission.CaseRead, caseId);
    const rows = await this.participantRows(caseId);
    await this.audit.record({ action: 'case.participants.read', subjectType: 'case', subjectId: caseId, caseId }, READ_AUDIT);
    return rows.map(toResponse);
  }

  /**
   * Adds a participant (the team only). Joins the caller's transaction, so another module can
   * add participants as part of its own change; checks access first, then the rules. The person
   * is named by exactly one of `userId` and `email` (matched case-insensitively, as at login);
   * errors about the person name the field that was given.
   */
  @Transactional()
  async addParticipant(actor: AuthUser, caseId: string, input: { userId?: string; email?: string; role: CaseRole }): Promise<ParticipantResponse> {
    const access = await this.access.requireCase(actor, Permission.CaseParticipantManage, caseId);
    const userId = input.userId ?? null;
    const email = input.email ?? null;
    if ((userId === null) === (email === null)) throw CaseErrors.oneUserReference(userId === null ? 'userId' : 'email');
    const by = email === null ? 'userId' : 'email';
    if (!CASE_ROLES.includes(input.role)) throw CaseErrors.invalidVocabulary('role', CASE_ROLES);
    const [user]: { id: string; role: Role; organisation_id: string | null; kind: OrganisationKind | null }[] = await this.txHost.tx.query(
      `SELECT u.id, u.role, u.organisation_id, o.kind
         FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE ${email === null ? 'u.id = $1' : 'lower(u.email) = lower($1)'} AND u.disabled_at IS NULL`,
      [email === null ? userId : email.trim()],
    );
    if (!user) throw email === null ? CaseErrors.unknownUser() : CaseErrors.noSuitableAccount();
    try {
      if (user.role === 'admin') throw CaseErrors.userIsAdmin(by);
      const fits = CASE_ROLE_FITS[input.role];
      if (!fits.includes(user.role)) throw CaseErrors.roleDoesNotFit(input.role, user.role, fitsFor(user.role));
      if (user.role === 'counsellor' || user.role === 'coordinator') {
        if (user.organisation_id !== access.teamId) throw CaseErrors.teamMemberOfOtherTeam(by);
      } else if (user.role === 'partner' || user.role === 'expert') {
        if (!user.organisation_id || user.kind === 'support_team') throw CaseErrors.notInPartnerOrganisation(by);
      } else if (user.role === 'foster_parent' && user.kind === 'support_team') {
        throw CaseErrors.notInPartnerOrganisation(by);
      }
    } catch (refusal) {
      // By address, an account that cannot take this role answers exactly as no account at all:
      // the answer must not tell whether an address has an account, nor what role it has.
      throw email === null ? refusal : CaseErrors.noSuitableAccount();
    }
    const inserted = await this.insertParticipant(caseId, user.id, input.role, actor.id);
    if (!inserted) throw CaseErrors.alreadyParticipant(by);
    const rows = await this.participantRows(caseId, user.id);
    return toResponse(rows[0]);
  }

  /**
   * An addition asked for over HTTP. A look-up by e-mail address that finds no active account fit
   * for the role (400 `unknown_user`, the same for no account, a disabled one, an administrator or
   * any account that cannot take the role) counts per acting user: after PARTICIPANT_LOOKUP_MAX_FAILURES of them in
   * RATE_LIMIT_WINDOW_SECONDS, every look-up *by e-mail* answers 429 with Retry-After (a known
   * address too, or the difference would still tell). Successes and other refusals do not count.
   * By `userId` nothing is limited: an id cannot be guessed. Each failed look-up is audited
   * (`case.participant.lookup_failed`, without the address, and outside the case's access log).
   */
  async addParticipantByRequest(actor: AuthUser, caseId: string, input: { userId?: string; email?: string; role: CaseRole }): Promise<ParticipantResponse> {
    if (input.email === undefined || input.email === null || input.userId !== undefined) return this.addParticipant(actor, caseId, input);
    const limits = [{ key: `participant-lookup:user:${actor.id}`, max: this.config.PARTICIPANT_LOOKUP_MAX_FAILURES, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS }];
    const unknownEmail = (error: unknown) => error instanceof DomainError && error.code === 'unknown_user';
    try {
      return await this.rateLimiter.attempt(limits, () => this.addParticipant(actor, caseId, input), unknownEmail);
    } catch (error) {
      // The addition rolled back; the failed look-up is written on its own. No case_id: it is
      // about the caller, not the case's content, so it stays out of the parents' access log.
      if (unknownEmail(error)) await this.audit.record({ action: 'case.participant.lookup_failed', subjectType: 'case', subjectId: caseId, details: { by: 'email', role: input.role } });
      throw error;
    }
  }

  /** The bare insert with its audit event, for callers that checked everything already. False when already there. */
  async insertParticipant(caseId: string, userId: string, role: CaseRole, addedById: string | null, addedByRole?: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `INSERT INTO case_participant (case_id, user_id, role, added_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, user_id) DO NOTHING RETURNING user_id`,
      [caseId, userId, role, addedById],
    );
    if (rows.length === 0) return false;
    await this.audit.record({
      action: 'case.participant.added', subjectType: 'user', subjectId: userId, caseId, details: { role },
      // Outside a request of the adder (an invitation being redeemed), name the adder explicitly.
      ...(addedByRole ? { actorUserId: addedById, actorRole: addedByRole } : {}),
    });
    return true;
  }

  /**
   * Removes a participant at once. `ParticipantRemoving` runs inside the transaction (messaging
   * drops thread memberships with it); `ParticipantRemoved` goes out after commit (sockets leave).
   */
  @Transactional()
  async removeParticipant(actor: AuthUser, caseId: string, userId: string): Promise<void> {
    const access = await this.access.requireCase(actor, Permission.CaseParticipantManage, caseId);
    if (access.leadCounsellorId === userId) throw CaseErrors.cannotRemoveLead();
    await this.deleteParticipant(caseId, userId);
    this.txHost.afterCommit(() => this.events.emit(ParticipantRemoved.event, new ParticipantRemoved(caseId, userId)));
  }

  /** Inside a transaction: the delete, the in-transaction hook and the audit event. 404 when not a participant. */
  async deleteParticipant(caseId: string, userId: string): Promise<void> {
    const deleted = returnedRows<{ role: CaseRole }>(await this.txHost.tx.query(
      `DELETE FROM case_participant WHERE case_id = $1 AND user_id = $2 RETURNING role`,
      [caseId, userId],
    ));
    if (deleted.length === 0) throw CaseErrors.notParticipant();
    await emitInTransaction(this.events, ParticipantRemoving.event, new ParticipantRemoving(caseId, userId));
    await this.audit.record({ action: 'case.participant.removed', subjectType: 'user', subjectId: userId, caseId, details: { role: deleted[0].role } });
  }

  private participantRows(caseId: string, userId?: string): Promise<ParticipantRow[]> {
    return this.txHost.tx.query(
      `SELECT p.user_id, u.display_name, u.role AS account_role, p.role, u.organisation_id,
              o.name AS organisation_name, o.kind AS organisation_kind,
              (c.lead_counsellor_id = p.user_id) IS TRUE AS is_lead, p.added_at
         FROM case_participant p
         JOIN case_file c ON c.id = p.case_id
         JOIN app_user u ON u.id = p.user_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE p.case_id = $1 AND ($2::uuid IS NULL OR p.user_id = $2::uuid)
        ORDER BY p.added_at, u.display_name`,
      [caseId, userId ?? null],
    );
  }
}

export function fitsFor(accountRole: Role): CaseRole[] {
  return CASE_ROLES.filter((role) => CASE_ROLE_FITS[role].includes(accountRole));
}

function toResponse(row: ParticipantRow): ParticipantResponse {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    accountRole: row.account_role,
    role: row.role,
    organisation: row.organisation_id ? { id: row.organisation_id, name: row.organisation_name ?? '', kind: row.organisation_kind ?? 'other' } : null,
    isLead: row.is_lead,
    addedAt: row.added_at.toISOString(),
  };
}
