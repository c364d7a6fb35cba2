import { Body, Controller, Get, Inject, Ip, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors } from '../../common/domain-error.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import { AppConfig } from '../../config/app-config.js';
import { Public, RequirePermission } from '../decorators.js';
import { RateLimiter } from '../rate-limit/rate-limiter.service.js';
import { Permission } from '../permission.js';
import { cookieLifetime, SESSION_COOKIE } from '../session-token.js';
import { IdentityProviderLookupResponse, IdentityProviderResponse, PutIdentityProviderDto } from './identity-provider.dto.js';
import { ATTEMPT_MINUTES, OIDC_BROWSER_COOKIE, OidcService } from './oidc.service.js';

const BROWSER_COOKIE_PATH = '/api/auth/oidc';

@ApiTags('auth')
@Controller('api')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @RequirePermission(Permission.OrganisationUpdate)
  @Put('organisations/:id/identity-provider')
  @ApiOkResponse({ type: IdentityProviderResponse })
  put(@Param('id', UuidParam) id: string, @Body() dto: PutIdentityProviderDto): Promise<IdentityProviderResponse> {
    return this.oidc.put(id, dto);
  }

  @RequirePermission(Permission.OrganisationUpdate)
  @Get('organisations/:id/identity-provider')
  @ApiOkResponse({ type: IdentityProviderResponse })
  get(@Param('id', UuidParam) id: string): Promise<IdentityProviderResponse> {
    return this.oidc.get(id);
  }

  /** Which organisation's provider serves this address (by its domain); 404 when none does. */
  @Public()
  @Get('auth/oidc/providers')
  @ApiOkResponse({ type: IdentityProviderLookupResponse })
  providers(@Query('email') email: unknown): Promise<IdentityProviderLookupResponse> {
    if (typeof email !== 'string' || email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      throw CommonErrors.invalidField('email', { nl: 'vul een geldig e-mailadres in.', en: 'enter a valid email address.' });
    }
    return this.oidc.lookup(email);
  }

  /** 302 to the provider (code flow with PKCE, state, nonce), or back to the login page saying why not. */
  @Public()
  @Get('auth/oidc/:organisationId/start')
  @ApiResponse({ status: 302, description: 'To the provider, or to /login?oidc_error=… saying why not.' })
  async start(@Param('organisationId', UuidParam) organisationId: string, @Ip() ip: string, @Res() response: FastifyReply): Promise<void> {
    // Each start stores an attempt and may ask the provider: a generous per-address limit (an office shares one address).
    await this.rateLimiter.consume([{
      key: `oidc:start:address:${ip}`, max: this.config.LOGIN_MAX_FAILURES_PER_ADDRESS * 10, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS,
    }]);
    const result = await this.oidc.start(organisationId);
    if (!result.ok) return this.toLogin(response, result.failure);
    response.setCookie(OIDC_BROWSER_COOKIE, result.browserToken, {
      httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: BROWSER_COOKIE_PATH, ...cookieLifetime(ATTEMPT_MINUTES * 60),
    });
    response.redirect(result.location, 302);
  }

  /** The provider's redirect back: a session cookie and 302 to `/`, or the login page with the reason. */
  @Public()
  @Get('auth/oidc/callback')
  @ApiResponse({ status: 302, description: 'To / with the session cookie, or to /login?oidc_error=… saying why not.' })
  async callback(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const outcome = await this.oidc.callback(request.query as Record<string, unknown>, rawQuery, request.cookies[OIDC_BROWSER_COOKIE]);
    response.clearCookie(OIDC_BROWSER_COOKIE, { path: BROWSER_COOKIE_PATH });
    if (!outcome.ok) return this.toLogin(response, outcome.failure);
    response.setCookie(SESSION_COOKIE, outcome.token, {
      httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: '/', ...cookieLifetime(this.config.SESSION_ABSOLUTE_HOURS * 3600),
    });
    response.redirect('/', 302);
  }

  /**
   * "Also log out at your organisation" (RP-initiated logout), offered after the portal's own logout:
   * 302 to the provider's end-session endpoint when it has one, otherwise back to the login page.
   */
  @Public()
  @Get('auth/oidc/:organisationId/logout')
  @ApiResponse({ status: 302, description: 'To the provider\'s end-session endpoint, or to the login page.' })
  async logout(@Param('organisationId', UuidParam) organisationId: string, @Res() response: FastifyReply): Promise<void> {
    response.redirect(await this.oidc.logoutLocation(organisationId), 302);
  }

  private toLogin(response: FastifyReply, failure: string): void {
    response.redirect(`/login?oidc_error=${encodeURIComponent(failure)}`, 302);
  }
}
