import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { In, type DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hashToken, newToken } from '../auth/session-token.js';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../common/domain-error.js';
import { AccountErrors } from './accounts.errors.js';
import { InvitationAccepted } from './accounts.events.js';
import type { CreateInvitationDto, InvitationResponse } from './dto/create-invitation.dto.js';
import type { CreateOrganisationDto } from './dto/create-organisation.dto.js';
import { OrganisationResponse, UserResponse } from './dto/user.response.js';
import { Invitation } from './invitation.entity.js';
import { Organisation } from './organisation.entity.js';
import { assertAcceptablePassword } from './password-policy.js';
import { hashPassword } from './passwords.js';
import type { OrganisationKind, Role } from './roles.js';
import { User } from './user.entity.js';

export const INVITATION_VALIDITY_DAYS = 14;

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  password: string;
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly txHost: TransactionHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly events: EventEmitter2,
  ) {}

  private get users() {
    return this.txHost.tx.getRepository(User);
  }

  private get organisations() {
    return this.txHost.tx.getRepository(Organisation);
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
      passwordHash: await hashPassword(input.password),
      totpEnabledAt: null,
      disabledAt: null,
    }));
    await this.audit.record({ action: 'user.created', subjectType: 'user', subjectId: user.id, details: { role: user.role } });
    return user;
  }

  @Transactional()
  async createOrganisation(dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    const organisation = await this.organisations.save(this.organisations.create({ name: dto.name.trim(), kind: dto.kind }));
    await this.audit.record({ action: 'organisation.created', subjectType: 'organisation', subjectId: organisation.id, details: { kind: dto.kind } });
    return OrganisationResponse.of(organisation);
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
   * Who may invite whom: an admin anyone; a coordinator counsellors and coordinators of their own
   * support team, partners, foster parents and experts of other organisations, parents and children.
   */
  @Transactional()
  async createInvitation(
    inviter: AuthUser,
    dto: CreateInvitationDto,
    /** Set by modules that invite someone into a case they already checked the inviter may manage. */
    intoCase?: { caseId: string; caseRole: 'parent' | 'child' },
  ): Promise<InvitationResponse> {
    const organisationId = await this.organisationForInvitation(inviter, dto);
    const taken = await this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: dto.email }).getExists();
    if (taken) throw AccountErrors.emailTaken();
    const token = newToken();
    const expiresAt = new Date(Date.now() + INVITATION_VALIDITY_DAYS * 86400_000);
    const invitation = await this.txHost.tx.getRepository(Invitation).save({
      tokenHash: hashToken(token),
      email: dto.email.trim(),
      displayName: dto.displayName.trim(),
      role: dto.role,
      organisationId,
      invitedById: inviter.id,
      expiresAt,
      caseId: intoCase?.caseId ?? null,
      caseRole: intoCase?.caseRole ?? null,
      acceptedAt: null,
      acceptedUserId: null,
    });
    await this.audit.record({ action: 'invitation.created', subjectType: 'invitation', subjectId: invitation.id, details: { role: dto.role } });
    return {
      id: invitation.id,
      token,
      acceptUrl: `${this.config.PUBLIC_URL.replace(/\/$/, '')}/invitation/${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  }

  private async organisationForInvitation(inviter: AuthUser, dto: CreateInvitationDto): Promise<string | null> {
    const organisation = dto.organisationId ? await this.organisations.findOneBy({ id: dto.organisationId }) : null;
    if (dto.organisationId && !organisation) throw AccountErrors.unknownOrganisation();
    const kind: OrganisationKind | undefined = organisation?.kind;
    const teamRoles: Role[] = ['coordinator', 'counsellor'];
    const partnerRoles: Role[] = ['partner', 'expert', 'foster_parent'];

    if (inviter.role === 'coordinator') {
      if (dto.role === 'admin') throw AccountErrors.roleNotAllowed();
      if (teamRoles.includes(dto.role)) {
        if (organisation && organisation.id !== inviter.organisationId) {
          throw AccountErrors.organisationNotAllowed({ nl: 'u kunt alleen collega’s van uw eigen team uitnodigen.', en: 'you can only invite colleagues of your own team.' });
        }
        return inviter.organisationId;
      }
    }
    if (dto.role === 'parent' || dto.role === 'child') {
      if (organisation) throw AccountErrors.organisationNotAllowed({ nl: 'ouders en kinderen horen niet bij een organisatie.', en: 'parents and children do not belong to an organisation.' });
      return null;
    }
    if (teamRoles.includes(dto.role)) {
      if (!organisation || kind !== 'support_team') {
        throw AccountErrors.organisationNotAllowed({ nl: 'kies het ondersteuningsteam van deze persoon.', en: 'choose this person’s support team.' });
      }
      return organisation.id;
    }
    if (partnerRoles.includes(dto.role)) {
      if (!organisation && dto.role !== 'foster_parent') {
        throw AccountErrors.organisationNotAllowed({ nl: 'kies de organisatie van deze persoon.', en: 'choose this person’s organisation.' });
      }
      if (kind === 'support_team') {
        throw AccountErrors.organisationNotAllowed({ nl: 'een ketenpartner hoort niet bij het ondersteuningsteam.', en: 'a chain partner does not belong to the support team.' });
      }
      return organisation?.id ?? null;
    }
    return organisation?.id ?? null; // admin invited by admin
  }

  /** Redeems an invitation once: creates the account and marks the invitation used, or changes nothing. */
  @Transactional()
  async acceptInvitation(token: string, password: string): Promise<UserResponse> {
    const invitations = this.txHost.tx.getRepository(Invitation);
    const invitation = await invitations.createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.token_hash = :hash', { hash: hashToken(token) })
      .getOne();
    if (!invitation) throw AccountErrors.invitationUnknown();
    if (invitation.acceptedAt) throw AccountErrors.invitationUsed();
    if (invitation.expiresAt.getTime() <= Date.now()) throw AccountErrors.invitationExpired();
    const user = await this.createUser({
      email: invitation.email,
      displayName: invitation.displayName,
      role: invitation.role,
      organisationId: invitation.organisationId,
      password,
    });
    await invitations.update({ id: invitation.id }, { acceptedAt: new Date(), acceptedUserId: user.id });
    await this.events.emitAsync(InvitationAccepted.event, new InvitationAccepted(
      invitation.id, user.id, invitation.invitedById, invitation.caseId, invitation.caseRole,
    ));
    await this.audit.record({ action: 'invitation.accepted', subjectType: 'invitation', subjectId: invitation.id, actorUserId: user.id, actorRole: user.role });
    return this.describeUser(user.id);
  }
}
