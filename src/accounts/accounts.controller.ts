import { Body, Controller, Get, HttpCode, Inject, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import type { Page } from '../common/pagination.js';
import { AccountsService } from './accounts.service.js';
import {
  AcceptInvitationDto, CreateInvitationDto, InvitationPage, InvitationPreview, InvitationResponse, ListInvitationsQuery,
} from './dto/create-invitation.dto.js';
import { CreateOrganisationDto, UpdateOrganisationDto } from './dto/create-organisation.dto.js';
import { OrganisationResponse, UserResponse } from './dto/user.response.js';

const FAILED_REDEMPTION = new Set(['invitation_unknown', 'invitation_used', 'invitation_expired']);

@ApiTags('accounts')
@Controller('api')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @RequirePermission(Permission.OrganisationCreate)
  @Post('organisations')
  @ApiCreatedResponse({ type: OrganisationResponse })
  createOrganisation(@Body() dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    return this.accounts.createOrganisation(dto);
  }

  @RequirePermission(Permission.OrganisationRead)
  @Get('organisations')
  @ApiOkResponse({ type: [OrganisationResponse] })
  listOrganisations(): Promise<OrganisationResponse[]> {
    return this.accounts.listOrganisations();
  }

  @RequirePermission(Permission.OrganisationRead)
  @Get('organisations/:id')
  @ApiOkResponse({ type: OrganisationResponse })
  getOrganisation(@Param('id', ParseUUIDPipe) id: string): Promise<OrganisationResponse> {
    return this.accounts.getOrganisation(id);
  }

  @RequirePermission(Permission.OrganisationUpdate)
  @Patch('organisations/:id')
  @ApiOkResponse({ type: OrganisationResponse })
  updateOrganisation(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOrganisationDto): Promise<OrganisationResponse> {
    return this.accounts.updateOrganisation(id, dto);
  }

  @RequirePermission(Permission.InvitationCreate)
  @Get('invitations')
  @ApiOkResponse({ type: InvitationPage })
  listInvitations(@CurrentUser() user: AuthUser, @Query() query: ListInvitationsQuery): Promise<Page<InvitationResponse>> {
    return this.accounts.listInvitations(user, query);
  }

  /** The link goes to the invited address by mail; the answer never holds it. */
  @RequirePermission(Permission.InvitationCreate)
  @Post('invitations')
  @ApiCreatedResponse({ type: InvitationResponse })
  createInvitation(@CurrentUser() user: AuthUser, @Body() dto: CreateInvitationDto): Promise<InvitationResponse> {
    return this.accounts.createInvitation(user, dto);
  }

  @RequirePermission(Permission.InvitationCreate)
  @Post('invitations/:id/resend')
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationResponse })
  resendInvitation(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<InvitationResponse> {
    return this.accounts.resendInvitation(user, id);
  }

  /** Public: the token is the credential. Failed look-ups (unknown, used, expired) count per address like failed acceptances. */
  @Public()
  @Get('invitations/:token')
  @ApiOkResponse({ type: InvitationPreview })
  previewInvitation(@Param('token') token: string, @Ip() ip: string): Promise<InvitationPreview> {
    return this.limitFailures(ip, () => this.accounts.previewInvitation(token));
  }

  /** Public: the token is the credential. Failed attempts (unknown, used, expired) count per address. */
  @Public()
  @Post('invitations/:token/accept')
  @ApiCreatedResponse({ type: UserResponse })
  acceptInvitation(@Param('token') token: string, @Body() dto: AcceptInvitationDto, @Ip() ip: string): Promise<UserResponse> {
    return this.limitFailures(ip, () => this.accounts.acceptInvitation(token, dto.password));
  }

  /** An existing account, logged in as the invited address, joins the case it was invited into. */
  @RequirePermission(Permission.Self)
  @Post('invitations/:token/join')
  @HttpCode(200)
  @ApiOkResponse({ schema: { properties: { caseId: { type: 'string', format: 'uuid' } } } })
  joinInvitation(@CurrentUser() user: AuthUser, @Param('token') token: string): Promise<{ caseId: string }> {
    // Logged in already and the token is 256 random bits: nothing to guess here, so no address limit.
    return this.accounts.joinInvitation(user, token);
  }

  private limitFailures<T>(ip: string, attempt: () => Promise<T>): Promise<T> {
    const limits = [{ key: `invitation:address:${ip}`, max: this.config.LOGIN_MAX_FAILURES_PER_ADDRESS, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS }];
    return this.rateLimiter.attempt(limits, attempt, (error) => error instanceof DomainError && FAILED_REDEMPTION.has(error.code));
  }
}
