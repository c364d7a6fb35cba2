import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { CasesService } from '../cases/cases.service.js';
import { Transactional } from '../database/transaction-host.js';
import { MailService } from '../mail/mail.service.js';
import { CaseloadService } from './caseload.service.js';
import type { ConversionResponse, ConvertRegistrationDto, RegistrantInvitation } from './dto/convert-registration.dto.js';
import { IntakeErrors } from './intake.errors.js';
import { leadNoticeMail } from './lead-notice-mail.js';
import { CONVERTIBLE_STATUSES } from './registration-status.js';
import { type RegistrationRow, RegistrationsRepository } from './registrations.repository.js';
import { RegistrationsService } from './registrations.service.js';

/** Who the registrant becomes in the case: a parent or a child; a professional or "other" registrant is neither. */
export function registrantRole(row: Pick<RegistrationRow, 'route' | 'registrant_type'>): 'parent' | 'child' | null {
  if (row.route === 'child' || row.registrant_type === 'child') return 'child';
  if (row.route === 'parent' || ['mother', 'father', 'both_parents'].includes(row.registrant_type)) return 'parent';
  return null;
}

/**
 * Turns a registration into a case through CasesService (never the cases tables), in one
 * transaction: the case with the registration's region and (assigned or given) lead counsellor, the
 * registrant invited by mail as parent/child (email known), the registration linked to the case and
 * moved to in_guidance. An existing account is never attached: anyone can type someone else's
 * address into the public form, so the person joins only by accepting the mailed invitation.
 */
@Injectable()
export class RegistrationConversionService {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly rows: RegistrationsRepository,
    private readonly cases: CasesService,
    private readonly accounts: AccountsService,
    private readonly caseload: CaseloadService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  @Transactional()
  async convert(user: AuthUser, registrationId: string, dto: ConvertRegistrationDto): Promise<ConversionResponse> {
    const row = await this.registrations.requireInTeam(user, registrationId, { lock: true });
    if (row.case_id) throw IntakeErrors.alreadyConverted(row.case_id);
    if (!CONVERTIBLE_STATUSES.includes(row.status)) throw IntakeErrors.notConvertible(row.status);

    const role = registrantRole(row);
    const leadCounsellorId = dto.leadCounsellorId !== undefined ? dto.leadCounsellorId : row.assigned_counsellor_id;
    const regionCodes = row.region_code ? [row.region_code] : [];
    const created = await this.cases.createCase(user, {
      title: dto.title?.trim() ?? `${row.name.slice(0, 180)} (${row.reference})`,
      regionCodes,
      leadCounsellorId,
      participants: [],
    }, { startedAt: row.received_at });

    let invitation: RegistrantInvitation | null = null;
    let registrant: ConversionResponse['registrant'];
    if (!role) registrant = 'not_a_parent_or_child';
    else if (!row.email) registrant = 'no_email';
    else {
      const invited = await this.accounts.inviteIntoCheckedCase(user, { email: row.email, displayName: row.name, role }, { caseId: created.id, caseRole: role });
      invitation = { id: invited.id, role, email: invited.email, expiresAt: invited.expiresAt, status: invited.status };
      registrant = 'invited';
    }

    await this.registrations.transition(user, row, 'in_guidance', {
      caseId: created.id,
      invitationId: invitation?.id ?? null,
      ...(row.assigned_counsellor_id === null && leadCounsellorId ? { assignedCounsellorId: leadCounsellorId } : {}),
    });
    await this.audit.record({
      action: 'registration.converted', subjectType: 'registration', subjectId: row.id, caseId: created.id,
      details: { caseId: created.id, registrant, invitationId: invitation?.id ?? null },
    });
    const warnings = await this.caseload.capacityWarnings(row.team_id);
    const leadNotified = leadCounsellorId && leadCounsellorId !== user.id
      ? await this.notifyLead(user, leadCounsellorId, created.id, created.reference) : false;
    return {
      registrationId: row.id,
      caseId: created.id,
      caseReference: created.reference,
      caseStatus: created.status,
      registrationStatus: 'in_guidance',
      regionCodes,
      leadCounsellorId: leadCounsellorId ?? null,
      registrant,
      invitation,
      warnings,
      leadNotified,
    };
  }

  /**
   * Mails the new lead counsellor (last, so a refused conversion mails nothing). A mail server that is
   * down does not undo the case: the answer says the notice did not go, and the coordinator tells them.
   */
  private async notifyLead(user: AuthUser, counsellorId: string, caseId: string, caseReference: string): Promise<boolean> {
    const contact = await this.rows.activeUserContact(counsellorId);
    if (!contact) return false;
    try {
      await this.mail.send(leadNoticeMail({
        to: contact.email, displayName: contact.display_name, coordinatorName: user.displayName, caseReference, link: this.mail.link(`/cases/${caseId}`),
      }));
      return true;
    } catch {
      return false;
    }
  }
}
