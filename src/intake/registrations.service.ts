import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import type { Language } from '../common/language.js';
import { Transactional } from '../database/transaction-host.js';
import { MailService } from '../mail/mail.service.js';
import { calendarDayInNetherlands } from '../shared/dates.js';
import { registrationReceivedMail } from './registration-mail.js';
import type { CreateRegistrationDto, FormTokenResponse, RegistrationReceipt } from './dto/create-registration.dto.js';
import type { ListRegistrationsQuery } from './dto/list-registrations.query.js';
import {
  RegistrationPage, RegistrationResponse, RegistrationSummary, type RegistrationStatusChangeResponse,
} from './dto/registration.response.js';
import type { UpdateRegistrationDto } from './dto/update-registration.dto.js';
import { IntakeErrors } from './intake.errors.js';
import type { RegistrationStatus } from './intake-vocabulary.js';
import { ALLOWED_TRANSITIONS, canTransition } from './registration-status.js';
import {
  newRegistrationReference, type RegistrationChanges, type RegistrationRow, RegistrationsRepository, type StatusChangeRow,
} from './registrations.repository.js';
import { RegistrationFormTokens } from './registration-form-token.js';
import { dueDates, overdueFlags } from './response-targets.js';

/** Clocks of browsers and phones drift: a moment up to this far ahead still counts as "now". */
export const CLOCK_SKEW_MS = 60_000;

const CONFIRMATION: Record<Language, string> = {
  nl: 'Dank u wel. Wij hebben uw aanmelding ontvangen. Binnen twee dagen neemt iemand van het team contact met u op. Bewaar uw kenmerk.',
  en: 'Thank you. We have received your registration. Someone from the team will contact you within two days. Keep your reference.',
};

/** Why a public submission was taken for an automated one (kept in the audit event, never answered). */
export type DiscardReason = 'honeypot' | 'too_fast' | 'no_token' | 'invalid_token' | 'token_expired' | 'token_reused';

/** A registration past a response-time target, as the start page names it. */
export interface OverdueRegistration {
  registrationId: string;
  reference: string;
  /** The case it became, if any. */
  caseId: string | null;
  target: 'contact' | 'welcome';
  dueAt: string;
}

/** Who submits a registration: nobody (the public form), or the logged-in caller when there is one. */
export interface Submitter {
  user: AuthUser | null;
  language: Language;
}

/** The caller is a coordinator of a team (the only one who sees that team's registrations). */
export function teamOf(user: AuthUser): string {
  if (user.role !== 'coordinator' || !user.organisationId) throw IntakeErrors.notInATeam();
  return user.organisationId;
}

function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}


@Injectable()
export class RegistrationsService {
  constructor(
    private readonly registrations: RegistrationsRepository,
    private readonly audit: AuditService,
    private readonly formTokens: RegistrationFormTokens,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  /** A coordinator of a support team enters registrations for their own team and with their real `receivedAt`. */
  private isEnteringCoordinator(user: AuthUser | null): user is AuthUser {
    return !!user && user.role === 'coordinator' && user.secondFactor && !!user.organisationId;
  }

  /**
   * Looks like an automated sender: the honeypot field is filled; the server-issued form token is
   * missing, forged, used before, expired or came back faster than a person can fill the form; or
   * (older clients) `formStartedAt` says the form came back too fast or was shown in the future.
   */
  async isLikelyBot(dto: CreateRegistrationDto, now: Date): Promise<DiscardReason | null> {
    if (dto.website !== undefined && dto.website.trim() !== '') return 'honeypot';
    if (dto.formStartedAt !== undefined) {
      const elapsed = now.getTime() - new Date(dto.formStartedAt).getTime();
      if (elapsed < this.config.INTAKE_MIN_FILL_SECONDS * 1000) return 'too_fast';
    }
    const { verdict, nonce } = this.formTokens.check(dto.formToken, now);
    if (verdict === 'missing') return 'no_token';
    if (verdict === 'invalid') return 'invalid_token';
    if (verdict === 'too_fast') return 'too_fast';
    if (verdict === 'expired') return 'token_expired';
    // Single use: a second submission with the same token is discarded (a bot replaying one token, or a double click).
    try {
      await this.rateLimiter.consume([{ key: `registration:form-token:${nonce}`, max: 1, windowSeconds: this.config.INTAKE_FORM_TOKEN_MAX_AGE_SECONDS }]);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'rate_limited') return 'token_reused';
      throw error;
    }
    return null;
  }

  /** A token for the public form, signed by the server; its issue time starts the minimum fill time. */
  async issueFormToken(): Promise<FormTokenResponse> {
    const { formToken, issuedAt } = this.formTokens.issue();
    return { formToken, issuedAt: issuedAt.toISOString() };
  }

  /**
   * Stores a registration and answers with its reference. Someone who is not an entering coordinator
   * can neither backdate it nor choose the channel, and needs a valid form token. A submission that
   * looks automated gets the same answer (a reference of the same shape, never a sequence), but
   * nothing is stored (so bots learn nothing); only an audit event with the reason is kept.
   */
  @Transactional()
  async submit(dto: CreateRegistrationDto, submitter: Submitter): Promise<RegistrationReceipt> {
    const now = new Date();
    const coordinator = this.isEnteringCoordinator(submitter.user) ? submitter.user : null;
    if (!coordinator && dto.receivedAt !== undefined) throw IntakeErrors.receivedAtNotAllowed();
    if (!coordinator && dto.channel !== undefined) throw IntakeErrors.channelNotAllowed();

    if (!coordinator) {
      const bot = await this.isLikelyBot(dto, now);
      if (bot) {
        await this.audit.record({ action: 'registration.discarded', subjectType: 'registration', details: { reason: bot } });
        return { reference: newRegistrationReference(), confirmation: CONFIRMATION[submitter.language] };
      }
    }

    const receivedAt = coordinator && dto.receivedAt ? new Date(dto.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw IntakeErrors.receivedAtInFuture();
    const teamId = coordinator ? coordinator.organisationId! : await this.teamForPublicRegistration(dto.regionCode ?? null);
    const { contactDueAt, welcomeDueAt } = dueDates(receivedAt, { contactDays: this.config.INTAKE_CONTACT_DAYS, welcomeDays: this.config.INTAKE_WELCOME_DAYS });
    const reference = await this.registrations.freshReference();
    const id = await this.registrations.insert({
      reference,
      teamId,
      channel: coordinator ? dto.channel ?? 'other' : 'web',
      route: dto.route,
      registrantType: dto.registrantType,
      name: dto.name.trim(),
      email: dto.email?.trim() || null,
      phone: dto.phone?.trim() || null,
      municipality: dto.municipality?.trim() || null,
      regionCode: dto.regionCode ?? null,
      message: dto.message,
      consentToContactAt: now,
      receivedAt,
      contactDueAt,
      welcomeDueAt,
      enteredById: coordinator?.id ?? null,
    });
    await this.registrations.appendHistory(id, null, 'new', receivedAt, coordinator?.id ?? null);
    await this.audit.record({
      action: 'registration.created', subjectType: 'registration', subjectId: id,
      details: { teamId, route: dto.route, registrantType: dto.registrantType, entered: !!coordinator },
    });
    const receipt: RegistrationReceipt = { reference, confirmation: CONFIRMATION[submitter.language] };
    if (coordinator) receipt.id = id;
    // The registrant gets a receipt by mail (a public registration with an address). A mail server
    // that is down does not lose the registration: the screen shows the number as well.
    if (!coordinator && dto.email?.trim()) {
      await this.mail.send(registrationReceivedMail({
        to: dto.email.trim(), name: dto.name.trim(), reference, contactDays: this.config.INTAKE_CONTACT_DAYS,
        child: dto.route === 'child', phone: this.config.SUPPORT_PHONE ?? null, hours: this.config.SUPPORT_HOURS ?? null,
      })).catch(() => undefined);
    }
    return receipt;
  }

  /**
   * The team a public registration goes to. One support team: that one. Several: among the teams
   * with a counsellor who covers the registrant's region (all teams when none does, or no region
   * was given), the configured INTAKE_DEFAULT_TEAM_ID if it is one of them, else the oldest.
   */
  private async teamForPublicRegistration(regionCode: string | null): Promise<string> {
    const teams = await this.registrations.supportTeams(regionCode);
    if (teams.length === 0) throw IntakeErrors.noSupportTeam();
    if (teams.length === 1) return teams[0].id;
    const covering = teams.filter((t) => t.covers_region);
    const candidates = covering.length > 0 ? covering : teams;
    return candidates.find((t) => t.id === this.config.INTAKE_DEFAULT_TEAM_ID)?.id ?? candidates[0].id;
  }

  async list(user: AuthUser, query: ListRegistrationsQuery): Promise<RegistrationPage> {
    const teamId = teamOf(user);
    const now = new Date();
    const page = await this.registrations.list({
      teamId, status: query.status, overdue: query.overdue, now, limit: query.limit ?? 50, after: query.after, before: query.before,
    });
    if (!page) throw CommonErrors.invalidField(query.after ? 'after' : 'before', { nl: 'onbekende aanmelding.', en: 'unknown registration.' }, 'invalid_cursor');
    const items = page.rows.map((row) => this.summary(row, now));
    await this.audit.record({
      action: 'registration.listed', subjectType: 'registration',
      details: { teamId, status: query.status ?? null, overdue: query.overdue ?? null, ids: items.map((i) => i.id) },
    });
    const cursorItem = query.before && !query.after ? items[0] : items[items.length - 1];
    return { items, nextCursor: page.more && cursorItem ? cursorItem.id : null };
  }

  /**
   * Overdue registrations for the start page: a coordinator's whole team's, a counsellor's those
   * assigned to them. References and the missed target only (no names): not a read of any one
   * registration, so nothing is audited per registration.
   */
  async overdueFor(user: AuthUser, limit: number, now = new Date()): Promise<{ items: OverdueRegistration[]; total: number }> {
    const scope = user.role === 'coordinator' && user.organisationId ? { teamId: user.organisationId }
      : user.role === 'counsellor' ? { counsellorId: user.id } : null;
    if (!scope) return { items: [], total: 0 };
    const { rows, total } = await this.registrations.overdue(scope, now, limit);
    return {
      items: rows.map((r) => ({ registrationId: r.id, reference: r.reference, caseId: r.case_id, target: r.target, dueAt: new Date(r.due_at).toISOString() })),
      total,
    };
  }

  async get(user: AuthUser, id: string): Promise<RegistrationResponse> {
    const row = await this.requireInTeam(user, id);
    await this.audit.record({ action: 'registration.read', subjectType: 'registration', subjectId: id, caseId: row.case_id });
    return this.detail(row);
  }

  /** A registration of the caller's team (404 for every other id), for this module's services. */
  async requireInTeam(user: AuthUser, id: string, options: { lock?: boolean } = {}): Promise<RegistrationRow> {
    const row = await this.registrations.findInTeam(id, teamOf(user), options);
    if (!row) throw CommonErrors.notFound('registration');
    return row;
  }

  /**
   * Applies a coordinator's changes. Every check runs before anything is written. A change of
   * status follows the status machine and is appended to the history; it takes effect at the
   * moment the same request gives for it: `statusChangedAt` when the change is recorded afterwards
   * (checked against the history), else `firstContactAt` for contacted or `welcomeTalkPlannedAt` for
   * welcome_planned (never before the previous change), otherwise now.
   */
  @Transactional()
  async update(user: AuthUser, id: string, dto: UpdateRegistrationDto): Promise<RegistrationResponse> {
    const row = await this.requireInTeam(user, id, { lock: true });
    const now = new Date();
    const changes: RegistrationChanges = {};
    const receivedAt = new Date(row.received_at);

    const moment = (field: 'firstContactAt' | 'welcomeTalkPlannedAt'): Date | null | undefined => {
      const value = dto[field];
      if (value === undefined || value === null) return value;
      const at = new Date(value);
      if (at.getTime() < receivedAt.getTime()) throw IntakeErrors.dateBeforeReceipt(field);
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw IntakeErrors.dateInFuture(field);
      return at;
    };
    changes.firstContactAt = moment('firstContactAt');
    changes.welcomeTalkPlannedAt = moment('welcomeTalkPlannedAt');
    if (dto.welcomeTalkDate !== undefined) {
      if (dto.welcomeTalkDate !== null && dto.welcomeTalkDate < calendarDayInNetherlands(receivedAt)) throw IntakeErrors.dateBeforeReceipt('welcomeTalkDate');
      changes.welcomeTalkDate = dto.welcomeTalkDate;
    }
    if (dto.assignedCounsellorId !== undefined) {
      if (dto.assignedCounsellorId !== null && !(await this.registrations.isCounsellorOfTeam(dto.assignedCounsellorId, row.team_id))) {
        throw IntakeErrors.notACounsellor();
      }
      changes.assignedCounsellorId = dto.assignedCounsellorId;
    }
    if (dto.outOfScopeReason !== undefined) changes.outOfScopeReason = dto.outOfScopeReason?.trim() ?? null;

    const from = row.status;
    const to = dto.status;
    let effectiveAt: Date | null = null;
    if (to !== undefined && to !== from) {
      if (!canTransition(from, to)) throw IntakeErrors.transitionNotAllowed(from, to, ALLOWED_TRANSITIONS[from]);
      const reason = changes.outOfScopeReason !== undefined ? changes.outOfScopeReason : row.out_of_scope_reason;
      if (to === 'out_of_scope' && !reason) throw IntakeErrors.outOfScopeReasonRequired();
      // Marking "contacted" or "welcome planned" without the moment means: it happened just now.
      if (to === 'contacted' && changes.firstContactAt === undefined && row.first_contact_at === null) changes.firstContactAt = now;
      if (to === 'welcome_planned' && changes.welcomeTalkPlannedAt === undefined && row.welcome_talk_planned_at === null) changes.welcomeTalkPlannedAt = now;
      changes.status = to;
      const lastChange = await this.registrations.lastChangeAt(id);
      if (dto.statusChangedAt !== undefined) {
        // Recorded afterwards: the moment is the coordinator's, and must fit the history as it stands.
        effectiveAt = new Date(dto.statusChangedAt);
        if (effectiveAt.getTime() < receivedAt.getTime()) throw IntakeErrors.dateBeforeReceipt('statusChangedAt');
        if (effectiveAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw IntakeErrors.dateInFuture('statusChangedAt');
        if (lastChange && effectiveAt.getTime() < new Date(lastChange).getTime()) throw IntakeErrors.statusChangedBeforePrevious(new Date(lastChange));
      } else {
        const given = to === 'contacted' ? dto.firstContactAt : to === 'welcome_planned' ? dto.welcomeTalkPlannedAt : null;
        effectiveAt = given ? new Date(given) : now;
        if (lastChange && effectiveAt.getTime() < new Date(lastChange).getTime()) effectiveAt = new Date(lastChange);
      }
    } else if (dto.statusChangedAt !== undefined) {
      throw IntakeErrors.statusChangedAtWithoutChange();
    }

    await this.registrations.update(id, changes);
    if (changes.status && effectiveAt) await this.registrations.appendHistory(id, from, changes.status, effectiveAt, user.id);
    const fields = Object.entries(changes).filter(([, v]) => v !== undefined).map(([k]) => k);
    await this.audit.record({
      action: 'registration.updated', subjectType: 'registration', subjectId: id, caseId: row.case_id,
      // A back-dated change shows in the audit trail with the moment it was given for.
      details: { fields, ...(changes.status ? { from, to: changes.status, effectiveAt: effectiveAt?.toISOString() } : {}) },
    });
    return this.detail((await this.registrations.findInTeam(id, row.team_id))!);
  }

  /** Changes the status from within this module (e.g. on conversion to a case), following the machine. */
  async transition(user: AuthUser, row: RegistrationRow, to: RegistrationStatus, changes: RegistrationChanges = {}): Promise<void> {
    const all: RegistrationChanges = { ...changes };
    if (to !== row.status) {
      if (!canTransition(row.status, to)) throw IntakeErrors.transitionNotAllowed(row.status, to, ALLOWED_TRANSITIONS[row.status]);
      all.status = to;
    }
    await this.registrations.update(row.id, all);
    if (all.status) {
      const lastChange = await this.registrations.lastChangeAt(row.id);
      const now = new Date();
      const at = lastChange && new Date(lastChange).getTime() > now.getTime() ? new Date(lastChange) : now;
      await this.registrations.appendHistory(row.id, row.status, to, at, user.id);
    }
  }

  /**
   * For the monitor: the status each registration had at `instant` (e.g. the last moment of a
   * month), reconstructed from the history. Registrations received after `instant` are absent.
   * Optionally limited to one team. The SQL function `registration_status_at(instant)` gives the same.
   */
  statusAt(registrationIds: string[] | 'all', instant: Date, teamId?: string): Promise<Map<string, RegistrationStatus>> {
    return this.registrations.statusAt(registrationIds, instant, teamId);
  }

  summary(row: RegistrationRow, now = new Date()): RegistrationSummary {
    const flags = overdueFlags({
      status: row.status,
      contactDueAt: new Date(row.contact_due_at),
      welcomeDueAt: new Date(row.welcome_due_at),
      firstContactAt: row.first_contact_at ? new Date(row.first_contact_at) : null,
      welcomeTalkPlannedAt: row.welcome_talk_planned_at ? new Date(row.welcome_talk_planned_at) : null,
    }, now);
    return {
      id: row.id,
      reference: row.reference,
      route: row.route,
      registrantType: row.registrant_type,
      channel: row.channel,
      name: row.name,
      email: row.email,
      phone: row.phone,
      municipality: row.municipality,
      regionCode: row.region_code,
      status: row.status,
      receivedAt: iso(row.received_at)!,
      contactDueAt: iso(row.contact_due_at)!,
      welcomeDueAt: iso(row.welcome_due_at)!,
      firstContactAt: iso(row.first_contact_at),
      welcomeTalkPlannedAt: iso(row.welcome_talk_planned_at),
      welcomeTalkDate: row.welcome_talk_date,
      ...flags,
      nextDueAt: iso(row.next_due_at),
      assignedCounsellorId: row.assigned_counsellor_id,
      outOfScopeReason: row.out_of_scope_reason,
      caseId: row.case_id,
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
    };
  }

  private async detail(row: RegistrationRow): Promise<RegistrationResponse> {
    const history = await this.registrations.history(row.id);
    return {
      ...this.summary(row),
      message: row.message,
      consentToContactAt: iso(row.consent_to_contact_at)!,
      enteredById: row.entered_by_id,
      history: history.map(toStatusChange),
    };
  }
}

function toStatusChange(row: StatusChangeRow): RegistrationStatusChangeResponse {
  return {
    from: row.from_status,
    to: row.to_status,
    changedAt: iso(row.changed_at)!,
    recordedAt: iso(row.recorded_at)!,
    changedById: row.changed_by_id,
  };
}
