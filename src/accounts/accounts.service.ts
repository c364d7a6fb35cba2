import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hashToken, newToken } from '../auth/session-token.js';
import { CommonErrors } from '../common/domain-error.js';
import { DEFAULT_PAGE, type Page, toPage } from '../common/pagination.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { MailService } from '../mail/mail.service.js';
import { emitInTransaction } from '../database/in-transaction-events.js';
import { AccountErrors } from './accounts.errors.js';
import { InvitationAccepted } from './accounts.events.js';
import { CASE_INVITATIONS, type CaseInvitations, defaultCaseRole } from './case-invitations.js';
import type { CreateInvitationDto, InvitationPreview, InvitationResponse, ListInvitationsQuery } from './dto/create-invitation.dto.js';
import type { CreateOrganisationDto, UpdateOrganisationDto } from './dto/create-organisation.dto.js';
import { OrganisationResponse, UserResponse } from './dto/user.response.js';
import { InvitationMails } from './invitation-mails.js';
import { Invitation } from './invitation.entity.js';
import { Organisation } from './organisation.entity.js';
import { assertAcceptablePassword } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { type InvitationCaseRole, mailDomainOf, ROLE_ORGANISATION_KINDS, type Role, type Specialism } from './roles.js';
import { User } from './user.entity.js';

export const INVITATION_VALIDITY_DAYS = 14;

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  password: string;
  /** Experts only (issue 19). */
  specialism?: Specialism | null;
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly txHost: TransactionHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly mail: MailService,
    private readonly moduleRef: ModuleRef,
  ) {}

  private get users() {
    return this.txHost.tx.getRepository(User);
  }

  private get organisations() {
    return this.txHost.tx.getRepository(Organisation);
  }

  private get invitations() {
    return this.txHost.tx.getRepository(Invitation);
  }

  async describeUser(userId: string): Promise<UserResponse> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw CommonErrors.notFound('user');
    const organisation = user.organisationId ? await this.organisations.findOneBy({ id: user.organisationId }) : null;
    return UserResponse.of(user, organisation);
  }

  async describeUsers(userIds: string[]): Promise<Map<string, UserResponse>> {
    const users = userIds.length ? await this.users.findBy({ id: In(userIds) }) : [];
    const orgIds = [...new Set(users.map((u) => u.organisationId).filter((id): id is string => id !== null))];
    const organisations = orgIds.length ? await this.organisations.findBy({ id: In(orgIds) }) : [];
    const byId = new Map(organisations.map((o) => [o.id, o]));
    return new Map(users.map((u) => [u.id, UserResponse.of(u, u.organisationId ? byId.get(u.organisationId) ?? null : null)]));
  }

  async countUsers(): Promise<number> {
    return this.dataSource.getRepository(User).count();
  }

  /** Creates an account in the caller's transaction; the email must be free and the password acceptable. */
  async createUser(input: NewUser): Promise<User> {
    assertAcceptablePassword(input.password, 'password', input.email);
    const taken = await this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: input.email }).getExists();
    if (taken) throw AccountErrors.emailTaken();
    const user = await this.users.save(this.users.create({
      email: input.email.trim(),
      displayName: input.displayName.trim(),
      role: input.role,
      organisationId: input.organisationId,
      specialism: input.role === 'expert' ? input.specialism ?? null : null,
      passwordHash: await hashPassword(input.password),
      totpEnabledAt: null,
      disabledAt: null,
    }));
    await this.audit.record({ action: 'user.created', subjectType: 'user', subjectId: user.id, details: { role: user.role } });
    return user;
  }

  @Transactional()
  async createOrganisation(dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    const mailDomains = dto.mailDomains ?? [];
    await this.requireFreeMailDomains(mailDomains, null);
    const organisation = await this.organisations.save(this.organisations.create({ name: dto.name.trim(), kind: dto.kind, mailDomains }));
    await this.audit.record({ action: 'organisation.created', subjectType: 'organisation', subjectId: organisation.id, details: { kind: dto.kind, mailDomains } });
    return OrganisationResponse.of(organisation);
  }

  @Transactional()
  async updateOrganisation(id: string, dto: UpdateOrganisationDto): Promise<OrganisationResponse> {
    const organisation = await this.organisations.createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
    if (!organisation) throw CommonErrors.notFound('organisation');
    if (dto.mailDomains) await this.requireFreeMailDomains(dto.mailDomains, id);
    if (dto.name !== undefined) organisation.name = dto.name.trim();
    if (dto.mailDomains !== undefined) organisation.mailDomains = dto.mailDomains;
    await this.organisations.save(organisation);
    await this.audit.record({
      action: 'organisation.updated', subjectType: 'organisation', subjectId: id,
      details: { fields: Object.keys(dto), ...(dto.mailDomains ? { mailDomains: dto.mailDomains } : {}) },
    });
    return OrganisationResponse.of(organisation);
  }

  /** A domain is verified for one organisation only (it decides where invitations and provider logins belong). */
  private async requireFreeMailDomains(domains: string[], exceptOrganisationId: string | null): Promise<void> {
    if (domains.length === 0) return;
    // Two organisations claiming one domain at once: the second waits, then sees the first.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('organisation.mail_domains'))`);
    const [taken]: { domain: string }[] = await this.txHost.tx.query(
      `SELECT d AS domain FROM organisation o CROSS JOIN LATERAL unnest(o.mail_domains) AS d
        WHERE o.mail_domains && $1::text[] AND d = ANY($1::text[]) AND ($2::uuid IS NULL OR o.id <> $2::uuid) LIMIT 1`,
      [domains, exceptOrganisationId],
    );
    if (taken) throw AccountErrors.mailDomainTaken(taken.domain);
  }

  async listOrganisations(): Promise<OrganisationResponse[]> {
    const all = await this.organisations.find({ order: { name: 'ASC' } });
    return all.map(OrganisationResponse.of);
  }

  async getOrganisation(id: string): Promise<OrganisationResponse> {
    const organisation = await this.organisations.findOneBy({ id });
    if (!organisation) throw CommonErrors.notFound('organisation');
    return OrganisationResponse.of(organisation);
  }

  /**
   * Invites someone by mail; the link goes only to the invited address, never to the inviter.
   * Who may invite whom (api.md, "Accounts and login"): a coordinator into their own organisation;
   * anyone else only with an address in the organisation's verified mail domains; an admin only
   * the first coordinator of an organisation that has none (admins never create accounts that can
   * read cases); counsellors and coordinators bring family members and partners straight into a case.
   * An address that has an account gets the same answer; its owner gets a mail instead.
   */
  @Transactional()
  async createInvitation(inviter: AuthUser, dto: CreateInvitationDto): Promise<InvitationResponse> {
    const organisation = await this.invitationOrganisation(inviter, dto);
    // An expert is invited with the specialism they are consulted for (issue 19); nobody else has one.
    if (dto.role === 'expert' && !dto.specialism) throw AccountErrors.specialismRequired();
    if (dto.role !== 'expert' && dto.specialism !== undefined) throw AccountErrors.specialismNotForRole();
    if (dto.caseRole && !dto.caseId) throw AccountErrors.caseRoleWithoutCase();
    let intoCase: { caseId: string; caseRole: InvitationCaseRole; childId?: string } | null = null;
    if (dto.caseId) {
      const caseRole = dto.caseRole ?? defaultCaseRole(dto.role, organisation?.kind ?? null);
      if (!caseRole) throw AccountErrors.caseRoleNotAllowed();
      await this.caseInvitations.requireInvitable(inviter, dto.caseId, caseRole, dto.role);
      intoCase = { caseId: dto.caseId, caseRole };
    }
    // Issue 20: an invitation as `child` may name the child record to link on acceptance.
    if (dto.childId) {
      if (intoCase?.caseRole !== 'child') throw AccountErrors.childIdNeedsChildRole();
      await this.caseInvitations.requireChildLinkable(intoCase.caseId, dto.childId);
      intoCase.childId = dto.childId;
    }
    return this.sendInvitation(inviter, dto, organisation?.id ?? null, intoCase);
  }

  /** For a module that already checked the inviter may bring people into this case (the intake's conversion). */
  @Transactional()
  async inviteIntoCheckedCase(
    inviter: AuthUser,
    person: { email: string; displayName: string; role: 'parent' | 'child' },
    intoCase: { caseId: string; caseRole: 'parent' | 'child' },
  ): Promise<InvitationResponse> {
    return this.sendInvitation(inviter, person, null, intoCase);
  }

  private get caseInvitations(): CaseInvitations {
    return this.moduleRef.get<CaseInvitations>(CASE_INVITATIONS, { strict: false });
  }

  /** The organisation the invitee will belong to, after checking the inviter may invite there. */
  private async invitationOrganisation(inviter: AuthUser, dto: CreateInvitationDto): Promise<Organisation | null> {
    // Only coordinators build a team; counsellors invite families and partners.
    if (inviter.role === 'counsellor' && TEAM_ROLES.includes(dto.role)) throw AccountErrors.roleNotAllowed();
    let organisation = dto.organisationId ? await this.organisations.findOneBy({ id: dto.organisationId }) : null;
    if (dto.organisationId && !organisation) throw AccountErrors.unknownOrganisation();
    const kinds = ROLE_ORGANISATION_KINDS[dto.role];
    // A coordinator inviting a colleague names no organisation: their own.
    if (!organisation && !kinds.includes(null) && inviter.role === 'coordinator' && inviter.organisationId) {
      const own = await this.organisations.findOneBy({ id: inviter.organisationId });
      if (own && kinds.includes(own.kind)) organisation = own;
    }
    if (!kinds.includes(organisation?.kind ?? null)) throw AccountErrors.organisationNotAllowed(ORGANISATION_HINT[dto.role]);

    const own = organisation !== null && organisation.id === inviter.organisationId;
    if (inviter.role === 'admin') {
      if (dto.role === 'admin') return null;
      // Experts (issue 19) read no case: an admin may invite them into a pool, by its verified domains.
      if (dto.role !== 'coordinator' && dto.role !== 'expert') throw AccountErrors.roleNotAllowed();
      if (dto.role === 'coordinator' && await this.hasCoordinator(organisation!.id)) throw AccountErrors.organisationHasCoordinator();
    } else {
      if (dto.role === 'admin') throw AccountErrors.roleNotAllowed();
      // The expert pool's own coordinator builds the pool (issue 19); a counsellor or another
      // organisation's coordinator adds an existing expert to a case as a participant instead.
      if (dto.role === 'expert' && !(own && inviter.role === 'coordinator')) throw AccountErrors.roleNotAllowed();
      if (TEAM_ROLES.includes(dto.role) && !own) {
        throw AccountErrors.organisationNotAllowed({ nl: 'u kunt alleen collega’s van uw eigen team uitnodigen.', en: 'you can only invite colleagues of your own team.' });
      }
      if (own && inviter.role === 'coordinator') return organisation;
    }
    if (organisation && !organisation.mailDomains.includes(mailDomainOf(dto.email))) throw AccountErrors.emailDomainNotVerified();
    return organisation;
  }

  private async hasCoordinator(organisationId: string): Promise<boolean> {
    return this.users.createQueryBuilder('u')
      .where('u.organisation_id = :organisationId AND u.role = :role AND u.disabled_at IS NULL', { organisationId, role: 'coordinator' })
      .getExists();
  }

  private async sendInvitation(
    inviter: AuthUser,
    person: { email: string; displayName: string; role: Role; specialism?: Specialism },
    organisationId: string | null,
    intoCase: { caseId: string; caseRole: InvitationCaseRole; childId?: string } | null,
  ): Promise<InvitationResponse> {
    const token = newToken();
    const invitation = await this.invitations.save(this.invitations.create({
      tokenHash: hashToken(token),
      email: person.email.trim(),
      displayName: person.displayName.trim(),
      role: person.role,
      organisationId,
      invitedById: inviter.id,
      expiresAt: new Date(Date.now() + INVITATION_VALIDITY_DAYS * 86400_000),
      caseId: intoCase?.caseId ?? null,
      caseRole: intoCase?.caseRole ?? null,
      specialism: person.role === 'expert' ? person.specialism ?? null : null,
      childId: intoCase?.childId ?? null,
      acceptedAt: null,
      acceptedUserId: null,
      lastSentAt: new Date(),
      sendCount: 1,
    }));
    await this.audit.record({
      action: 'invitation.created', subjectType: 'invitation', subjectId: invitation.id, caseId: intoCase?.caseId ?? null,
      details: { role: person.role, caseRole: intoCase?.caseRole ?? null, ...(person.role === 'expert' ? { specialism: person.specialism ?? null } : {}) },
    });
    await this.mailInvitation(inviter, invitation, token);
    return invitationResponse(invitation);
  }

  /** The mail that goes with an invitation: the link for a new account, or for an existing one, a join link or a notice. */
  private async mailInvitation(inviter: AuthUser, invitation: Invitation, token: string): Promise<void> {
    const existing = await this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: invitation.email }).getExists();
    const inviterOrganisation = inviter.organisationId ? (await this.organisations.findOneBy({ id: inviter.organisationId }))?.name ?? null : null;
    const input = {
      to: invitation.email,
      displayName: invitation.displayName,
      inviterName: inviter.displayName,
      inviterOrganisation,
      link: this.mail.link(`/invitation/${token}`),
      expiresAt: invitation.expiresAt,
      intoCase: invitation.caseId !== null,
    };
    const mail = !existing ? InvitationMails.newAccount(input)
      : invitation.caseId ? InvitationMails.existingAccountIntoCase(input)
        : InvitationMails.existingAccountNotice(input, this.mail.link('/'));
    await this.mail.send(mail);
  }

  /** A new link for an invitation that was not used yet; the old link stops working. */
  @Transactional()
  async resendInvitation(inviter: AuthUser, invitationId: string): Promise<InvitationResponse> {
    const invitation = await this.invitations.createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :id', { id: invitationId }).getOne();
    if (!invitation || !(await this.maySeeInvitation(inviter, invitation))) throw CommonErrors.notFound('invitation');
    if (invitation.acceptedAt) throw AccountErrors.invitationUsed();
    if (inviter.role === 'admin' && invitation.role === 'coordinator' && invitation.organisationId && await this.hasCoordinator(invitation.organisationId)) {
      throw AccountErrors.organisationHasCoordinator();
    }
    const token = newToken();
    invitation.tokenHash = hashToken(token);
    invitation.expiresAt = new Date(Date.now() + INVITATION_VALIDITY_DAYS * 86400_000);
    invitation.lastSentAt = new Date();
    invitation.sendCount += 1;
    await this.invitations.save(invitation);
    await this.audit.record({ action: 'invitation.resent', subjectType: 'invitation', subjectId: invitation.id, caseId: invitation.caseId, details: { sendCount: invitation.sendCount } });
    await this.mailInvitation(inviter, invitation, token);
    return invitationResponse(invitation);
  }

  /** The inviter's own invitations; a coordinator's team's too; with `caseId`, every invitation into a case the caller manages. */
  async listInvitations(user: AuthUser, query: ListInvitationsQuery): Promise<Page<InvitationResponse>> {
    if (query.caseId) await this.caseInvitations.requireManage(user, query.caseId);
    const limit = query.limit ?? DEFAULT_PAGE;
    const qb = this.invitations.createQueryBuilder('i').innerJoin(User, 'by', 'by.id = i.invited_by_id');
    if (query.caseId) qb.where('i.case_id = :caseId', { caseId: query.caseId });
    else if (user.role === 'coordinator') qb.where('(i.invited_by_id = :me OR by.organisation_id = :org)', { me: user.id, org: user.organisationId });
    else qb.where('i.invited_by_id = :me', { me: user.id });
    if (query.organisationId) qb.andWhere('i.organisation_id = :organisationId', { organisationId: query.organisationId });
    if (query.before) {
      qb.andWhere('(i.created_at, i.id) < (SELECT c.created_at, c.id FROM invitation c WHERE c.id = :before)', { before: query.before });
    }
    const rows = await qb.orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows.map(invitationResponse), limit, (item) => item.id);
  }

  private async maySeeInvitation(user: AuthUser, invitation: Invitation): Promise<boolean> {
    if (invitation.invitedById === user.id) return true;
    if (invitation.caseId && user.role !== 'admin') {
      try {
        await this.caseInvitations.requireManage(user, invitation.caseId);
        return true;
      } catch {
        return false;
      }
    }
    if (user.role !== 'coordinator' || !user.organisationId) return false;
    return this.users.existsBy({ id: invitation.invitedById, organisationId: user.organisationId });
  }

  /** What the holder of the link sees before accepting (the link is the credential: they may know it is theirs). */
  async previewInvitation(token: string): Promise<InvitationPreview> {
    const invitation = await this.usableInvitation(token, false);
    const [inviter] = await this.describeUsers([invitation.invitedById]).then((m) => [...m.values()]);
    const organisation = invitation.organisationId ? await this.organisations.findOneBy({ id: invitation.organisationId }) : null;
    return {
      email: invitation.email,
      displayName: invitation.displayName,
      role: invitation.role,
      invitedBy: inviter ? (inviter.organisation ? `${inviter.displayName} (${inviter.organisation.name})` : inviter.displayName) : '',
      organisationName: organisation?.name ?? null,
      intoCase: invitation.caseId !== null,
      accountExists: await this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: invitation.email }).getExists(),
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /** The invitation behind a token, if it can still be used; 404, 409 or 410 otherwise. */
  private async usableInvitation(token: string, lock: boolean): Promise<Invitation> {
    const qb = this.invitations.createQueryBuilder('i').where('i.token_hash = :hash', { hash: hashToken(token) });
    const invitation = await (lock ? qb.setLock('pessimistic_write') : qb).getOne();
    if (!invitation) throw AccountErrors.invitationUnknown();
    if (invitation.acceptedAt) throw AccountErrors.invitationUsed();
    if (invitation.expiresAt.getTime() <= Date.now()) throw AccountErrors.invitationExpired();
    return invitation;
  }

  /** Redeems an invitation once: creates the account and marks the invitation used, or changes nothing. */
  @Transactional()
  async acceptInvitation(token: string, password: string): Promise<UserResponse> {
    const invitation = await this.usableInvitation(token, true);
    if (invitation.role === 'coordinator' && invitation.organisationId && await this.invitedByAdmin(invitation) && await this.hasCoordinator(invitation.organisationId)) {
      throw AccountErrors.organisationHasCoordinator();
    }
    const user = await this.createUser({
      email: invitation.email,
      displayName: invitation.displayName,
      role: invitation.role,
      organisationId: invitation.organisationId,
      password,
      specialism: invitation.specialism,
    });
    await this.redeem(invitation, user.id, user.role);
    return this.describeUser(user.id);
  }

  /**
   * An existing account joins the case it was invited into: the logged-in owner of the invited
   * address says yes. Nobody is added to a case behind their back.
   */
  @Transactional()
  async joinInvitation(user: AuthUser, token: string): Promise<{ caseId: string }> {
    const invitation = await this.usableInvitation(token, true);
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) throw AccountErrors.invitationForAnotherAccount();
    if (!invitation.caseId) throw AccountErrors.invitationNotForExistingAccount();
    if (invitation.role !== user.role) throw AccountErrors.invitationRoleMismatch();
    await this.redeem(invitation, user.id, user.role);
    return { caseId: invitation.caseId };
  }

  private async redeem(invitation: Invitation, userId: string, role: Role): Promise<void> {
    await this.invitations.update({ id: invitation.id }, { acceptedAt: new Date(), acceptedUserId: userId });
    await emitInTransaction(this.events, InvitationAccepted.event, new InvitationAccepted(
      invitation.id, userId, invitation.invitedById, invitation.caseId, invitation.caseRole, invitation.childId,
    ));
    await this.audit.record({
      action: 'invitation.accepted', subjectType: 'invitation', subjectId: invitation.id, caseId: invitation.caseId,
      actorUserId: userId, actorRole: role,
    });
  }

  private async invitedByAdmin(invitation: Invitation): Promise<boolean> {
    return this.users.existsBy({ id: invitation.invitedById, role: 'admin' });
  }
}

const TEAM_ROLES: readonly Role[] = ['coordinator', 'counsellor'];

/** Why an organisation does not fit the invited role, per role. */
const ORGANISATION_HINT: Record<Role, { nl: string; en: string }> = {
  admin: { nl: 'een beheerder hoort niet bij een organisatie.', en: 'an administrator does not belong to an organisation.' },
  coordinator: { nl: 'kies de organisatie van deze coördinator.', en: 'choose this coordinator’s organisation.' },
  counsellor: { nl: 'kies het ondersteuningsteam van deze persoon.', en: 'choose this person’s support team.' },
  partner: { nl: 'kies de organisatie van deze persoon; een ketenpartner hoort niet bij het ondersteuningsteam.', en: 'choose this person’s organisation; a chain partner does not belong to the support team.' },
  expert: { nl: 'kies de expertpool van deze persoon.', en: 'choose this person’s expert pool.' },
  foster_parent: { nl: 'een pleegouder hoort bij geen organisatie of bij een pleegzorgorganisatie.', en: 'a foster parent belongs to no organisation or to a foster care organisation.' },
  parent: { nl: 'ouders en kinderen horen niet bij een organisatie.', en: 'parents and children do not belong to an organisation.' },
  child: { nl: 'ouders en kinderen horen niet bij een organisatie.', en: 'parents and children do not belong to an organisation.' },
};

function invitationResponse(invitation: Invitation): InvitationResponse {
  return {
    id: invitation.id,
    email: invitation.email,
    displayName: invitation.displayName,
    role: invitation.role,
    organisationId: invitation.organisationId,
    caseId: invitation.caseId,
    caseRole: invitation.caseRole,
    ...(invitation.role === 'expert' ? { specialism: invitation.specialism ?? null } : {}),
    expiresAt: invitation.expiresAt.toISOString(),
    lastSentAt: invitation.lastSentAt.toISOString(),
    status: invitation.acceptedAt ? 'accepted' : invitation.expiresAt.getTime() <= Date.now() ? 'expired' : 'sent',
  };
}
