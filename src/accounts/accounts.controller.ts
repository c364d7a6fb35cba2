import { Body, Controller, Get, Inject, Ip, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { AccountsService } from './accounts.service.js';
import { AcceptInvitationDto, CreateInvitationDto, InvitationResponse } from './dto/create-invitation.dto.js';
import { CreateOrganisationDto } from './dto/create-organisation.dto.js';
import { OrganisationResponse, UserResponse } from './dto/user.response.js';

const FAILED_ACCEPTANCE = new Set(['invitation_unknown', 'invitation_used', 'invitation_expired']);

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

  @RequirePermission(Permission.InvitationCreate)
  @Post('invitations')
  @ApiCreatedResponse({ type: InvitationResponse })
  createInvitation(@CurrentUser() user: AuthUser, @Body() dto: CreateInvitationDto): Promise<InvitationResponse> {
    return this.accounts.createInvitation(user, dto);
  }

  /** Public: the token is the credential. Failed attempts (unknown, used, expired) count per address. */
  @Public()
  @Post('invitations/:token/accept')
  @ApiCreatedResponse({ type: UserResponse })
  async acceptInvitation(@Param('token') token: string, @Body() dto: AcceptInvitationDto, @Ip() ip: string): Promise<UserResponse> {
    const limits = [{ key: `invitation:address:${ip}`, max: this.config.LOGIN_MAX_FAILURES_PER_ADDRESS, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS }];
    return this.rateLimiter.attempt(limits, () => this.accounts.acceptInvitation(token, dto.password),
      (error) => error instanceof DomainError && FAILED_ACCEPTANCE.has(error.code));
  }
}
