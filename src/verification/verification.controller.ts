import { Controller, Get, Header, Ip, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { presentedToken } from '../auth/session-token.js';
import { VerificationCodeResponse } from './dto/verification-code.response.js';
import { ListOwnVerificationsQuery, ListTeamVerificationsQuery, VerificationCheckPage, VerificationCheckResponse } from './dto/verification-log.dto.js';
import { InvalidVerifyResponse, toVerifyResponse, ValidVerifyResponse, VERIFY_RESPONSE_SCHEMA, type VerifyResponse } from './dto/verify.response.js';
import { VerificationCodesService } from './verification-codes.service.js';
import { VerificationLogService } from './verification-log.service.js';

@ApiTags('verification')
@Controller('api')
export class VerificationController {
  constructor(
    private readonly codes: VerificationCodesService,
    private readonly log: VerificationLogService,
  ) {}

  /** A counsellor with a valid credential gets a 10-minute code and a QR code to show a partner. */
  @RequirePermission(Permission.VerificationCodeCreate)
  @Post('verification/codes')
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: VerificationCodeResponse })
  async createCode(@CurrentUser() user: AuthUser): Promise<VerificationCodeResponse> {
    return VerificationCodeResponse.of(await this.codes.issueCode(user));
  }

  /**
   * Public and rate-limited per address (429 with Retry-After). A code that cannot be a code at all
   * answers 400 `malformed_code`; a well-formed one answers 200 with `valid` true or false.
   */
  @Public()
  @Get('verify/:code')
  @Header('Cache-Control', 'no-store')
  @ApiExtraModels(ValidVerifyResponse, InvalidVerifyResponse)
  @ApiOkResponse({ schema: VERIFY_RESPONSE_SCHEMA })
  @ApiTooManyRequestsResponse({ description: 'Too many checks from this address; see Retry-After.' })
  async verify(@Param('code') code: string, @Ip() ip: string, @Req() request: FastifyRequest): Promise<VerifyResponse> {
    const sessionToken = presentedToken(request.headers, request.cookies);
    return toVerifyResponse(await this.codes.verifyPresentedCode(code, { ip, sessionToken }));
  }

  /** The checks made of the caller's own codes, newest first. */
  @RequirePermission(Permission.VerificationHistoryRead)
  @Get('me/verifications')
  @ApiOkResponse({ type: VerificationCheckPage })
  async ownVerifications(@CurrentUser() user: AuthUser, @Query() query: ListOwnVerificationsQuery): Promise<VerificationCheckPage> {
    const page = await this.log.listOwn(user, query);
    return { items: page.items.map(VerificationCheckResponse.of), nextCursor: page.nextCursor };
  }

  /** Every check of the coordinator's team's counsellors, newest first. */
  @RequirePermission(Permission.VerificationLogRead)
  @Get('verification/log')
  @ApiOkResponse({ type: VerificationCheckPage })
  async teamVerifications(@CurrentUser() user: AuthUser, @Query() query: ListTeamVerificationsQuery): Promise<VerificationCheckPage> {
    const page = await this.log.listTeam(user, query);
    return { items: page.items.map(VerificationCheckResponse.of), nextCursor: page.nextCursor };
  }
}
