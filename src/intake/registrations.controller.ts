import { Body, Controller, Get, Header, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { RateLimiter } from '../auth/rate-limit/rate-limiter.service.js';
import { presentedToken } from '../auth/session-token.js';
import { SessionsService } from '../auth/sessions.service.js';
import { pickLanguage } from '../common/language.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { CaseloadService } from './caseload.service.js';
import { SuggestionsResponse } from './dto/caseload.dto.js';
import { CreateRegistrationDto, FormTokenResponse, RegistrationReceipt } from './dto/create-registration.dto.js';
import { ListRegistrationsQuery } from './dto/list-registrations.query.js';
import { RegistrationPage, RegistrationResponse } from './dto/registration.response.js';
import { UpdateRegistrationDto } from './dto/update-registration.dto.js';
import { ConversionResponse, ConvertRegistrationDto } from './dto/convert-registration.dto.js';
import { RegistrationConversionService } from './registration-conversion.service.js';
import { RegistrationsService } from './registrations.service.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

@ApiTags('intake')
@Controller('api/registrations')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly caseload: CaseloadService,
    private readonly conversion: RegistrationConversionService,
    private readonly sessions: SessionsService,
    private readonly rateLimiter: RateLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * Public: no account needed. Anonymous submissions count against a limit per address; a logged-in
   * coordinator (who enters registrations that came by phone, mail or letter) is not limited.
   */
  @Public()
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: RegistrationReceipt })
  @ApiTooManyRequestsResponse({ description: 'Too many registrations from this address; see Retry-After.' })
  async submit(@Body() dto: CreateRegistrationDto, @Req() request: FastifyRequest): Promise<RegistrationReceipt> {
    const user = await this.sessions.resolve(presentedToken(request.headers, request.cookies));
    if (user) RequestContext.setUser(user);
    const coordinator = user?.role === 'coordinator' && user.secondFactor;
    if (!coordinator) {
      await this.rateLimiter.consume([{
        key: `registration:address:${request.ip}`,
        max: this.config.INTAKE_MAX_PER_ADDRESS,
        windowSeconds: this.config.INTAKE_RATE_WINDOW_SECONDS,
      }]);
    }
    return this.registrations.submit(dto, { user, language: pickLanguage(request.headers['accept-language']) });
  }

  /** Public: a signed token for the registration form, fetched when the form is shown. */
  @Public()
  @Get('form-token')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: FormTokenResponse })
  formToken(): Promise<FormTokenResponse> {
    return this.registrations.issueFormToken();
  }

  @RequirePermission(Permission.RegistrationManage)
  @Get()
  @ApiOkResponse({ type: RegistrationPage })
  list(@CurrentUser() user: AuthUser, @Query() query: ListRegistrationsQuery): Promise<RegistrationPage> {
    return this.registrations.list(user, query);
  }

  @RequirePermission(Permission.RegistrationManage)
  @Get(':id')
  @ApiOkResponse({ type: RegistrationResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<RegistrationResponse> {
    return this.registrations.get(user, id);
  }

  @RequirePermission(Permission.RegistrationManage)
  @Patch(':id')
  @ApiOkResponse({ type: RegistrationResponse })
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateRegistrationDto): Promise<RegistrationResponse> {
    return this.registrations.update(user, id, dto);
  }

  @RequirePermission(Permission.RegistrationManage)
  @Get(':id/suggestions')
  @ApiOkResponse({ type: SuggestionsResponse })
  suggestions(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<SuggestionsResponse> {
    return this.caseload.suggestions(user, id);
  }

  /** Turns the registration into a case, carrying over region, lead counsellor and the registrant (invited as parent or child). */
  @RequirePermission(Permission.RegistrationManage)
  @Post(':id/case')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ConversionResponse })
  convert(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: ConvertRegistrationDto): Promise<ConversionResponse> {
    return this.conversion.convert(user, id, dto);
  }
}
