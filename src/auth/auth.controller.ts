import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService } from '../accounts/accounts.service.js';
import { UserResponse } from '../accounts/dto/user.response.js';
import { AppConfig } from '../config/app-config.js';
import { AuthService } from './auth.service.js';
import type { AuthUser } from './auth-user.js';
import { AllowWithoutSecondFactor, CurrentUser, Public, RequirePermission } from './decorators.js';
import { ChangePasswordDto, LoginDto, LoginResponse, TotpEnableDto, TotpSetupResponse } from './dto/auth.dto.js';
import { Permission } from './permission.js';
import { cookieLifetime, SESSION_COOKIE } from './session-token.js';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  async login(@Body() dto: LoginDto, @Ip() ip: string, @Res({ passthrough: true }) response: FastifyReply): Promise<LoginResponse> {
    const result = await this.auth.login(dto, ip);
    response.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      ...cookieLifetime(this.config.SESSION_ABSOLUTE_HOURS * 3600),
    });
    return result;
  }

  @RequirePermission(Permission.Self)
  @AllowWithoutSecondFactor()
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) response: FastifyReply): Promise<void> {
    await this.auth.logout(user);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @RequirePermission(Permission.Self)
  @AllowWithoutSecondFactor()
  @Post('auth/totp/setup')
  @HttpCode(200)
  @ApiOkResponse({ type: TotpSetupResponse })
  setupTotp(@CurrentUser() user: AuthUser): Promise<TotpSetupResponse> {
    return this.auth.setupTotp(user);
  }

  @RequirePermission(Permission.Self)
  @AllowWithoutSecondFactor()
  @Post('auth/totp/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  async enableTotp(@CurrentUser() user: AuthUser, @Body() dto: TotpEnableDto): Promise<UserResponse> {
    await this.auth.enableTotp(user, dto.code);
    return this.accounts.describeUser(user.id);
  }

  @RequirePermission(Permission.Self)
  @AllowWithoutSecondFactor()
  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    const session = { secondFactorPending: !user.secondFactor && user.totpEnabled, signedInWithOrganisationId: user.oidcOrganisationId ?? null };
    // The session lookup already read the user and their organisation: answer without another query.
    if (user.organisation !== undefined) {
      const { id, email, displayName, role, organisation, totpEnabled } = user;
      return { id, email, displayName, role, organisation, totpEnabled, ...session };
    }
    return { ...(await this.accounts.describeUser(user.id)), ...session };
  }

  /**
   * The second step of a session that passed only the first (a provider login whose ID token shows
   * no second factor the organisation accepts): the TOTP code, counted like a failed login when wrong.
   */
  @RequirePermission(Permission.Self)
  @AllowWithoutSecondFactor()
  @Post('auth/totp/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  async verifyTotp(@CurrentUser() user: AuthUser, @Body() dto: TotpEnableDto, @Ip() ip: string): Promise<UserResponse> {
    await this.auth.verifyTotp(user, dto.code, ip);
    return this.accounts.describeUser(user.id);
  }

  @RequirePermission(Permission.Self)
  @Post('me/password')
  @HttpCode(204)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto);
  }
}
