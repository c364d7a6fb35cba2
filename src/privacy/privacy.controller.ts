import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiConflictResponse, ApiCreatedResponse, ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import {
  ErasureDecisionDto, ErasureRequestDto, ErasureRequestListQuery, ErasureRequestListResponse, ErasureRequestResponse, ExportCreatedResponse,
  ExportListResponse, ExportStatusResponse, LegalHoldDto, LegalHoldResponse,
} from './dto/privacy.dto.js';
import { ErasureRequestsService } from './erasure-requests.service.js';
import { ExportsService } from './exports.service.js';
import { LegalHoldService } from './legal-hold.service.js';

/** A user's own copy of everything (inzage) and their erasure requests. */
@ApiTags('privacy')
@Controller('api/me')
export class MyPrivacyController {
  constructor(private readonly exports: ExportsService, private readonly erasure: ErasureRequestsService) {}

  @RequirePermission(Permission.Self)
  @Post('exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: ExportCreatedResponse })
  @ApiConflictResponse({ description: 'An export is already queued or running (code export_running, with its id).' })
  @ApiTooManyRequestsResponse({ description: 'More than 10 exports asked for in 24 hours (code rate_limited, Retry-After).' })
  request(@CurrentUser() user: AuthUser): Promise<ExportCreatedResponse> {
    return this.exports.requestExport(user);
  }

  @RequirePermission(Permission.Self)
  @Get('exports')
  @ApiOkResponse({ type: ExportListResponse })
  list(@CurrentUser() user: AuthUser): Promise<ExportListResponse> {
    return this.exports.list(user);
  }

  @RequirePermission(Permission.Self)
  @Get('exports/:id')
  @ApiOkResponse({ type: ExportStatusResponse })
  @ApiNotFoundResponse({ description: 'No export of yours with this id.' })
  @ApiGoneResponse({ description: 'The export has expired (code export_expired).' })
  status(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<ExportStatusResponse> {
    return this.exports.status(user, id);
  }

  @RequirePermission(Permission.Self)
  @Get('exports/:id/download')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The ZIP: data.json, overzicht.pdf, attachments/.' })
  @ApiConflictResponse({ description: 'Not ready yet, or failed (code export_not_ready).' })
  @ApiGoneResponse({ description: 'The export has expired (code export_expired).' })
  @Header('Cache-Control', 'no-store')
  async download(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    const file = await this.exports.download(user, id);
    return new StreamableFile(file.stream, { type: 'application/zip', length: file.size, disposition: `attachment; filename="${file.fileName}"` });
  }

  @RequirePermission(Permission.Self)
  @Post('erasure-requests')
  @ApiCreatedResponse({ type: ErasureRequestResponse })
  @ApiConflictResponse({ description: 'An earlier request is still open (code erasure_request_open, with its id).' })
  requestErasure(@CurrentUser() user: AuthUser, @Body() dto: ErasureRequestDto): Promise<ErasureRequestResponse> {
    return this.erasure.request(user, dto.note);
  }

  @RequirePermission(Permission.Self)
  @Get('erasure-requests')
  @ApiOkResponse({ type: ErasureRequestListResponse })
  ownErasureRequests(@CurrentUser() user: AuthUser): Promise<ErasureRequestListResponse> {
    return this.erasure.own(user);
  }
}

/** A coordinator's list of the team's erasure requests, and the decision. */
@ApiTags('privacy')
@Controller('api/erasure-requests')
export class ErasureRequestsController {
  constructor(private readonly erasure: ErasureRequestsService) {}

  @RequirePermission(Permission.ErasureRequestDecide)
  @Get()
  @ApiOkResponse({ type: ErasureRequestListResponse })
  list(@CurrentUser() user: AuthUser, @Query() query: ErasureRequestListQuery): Promise<ErasureRequestListResponse> {
    return this.erasure.forTeam(user, query.status ?? 'open', query.limit, query.before);
  }

  @RequirePermission(Permission.ErasureRequestDecide)
  @Post(':id/decision')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ErasureRequestResponse })
  @ApiConflictResponse({ description: 'Already decided (code erasure_request_decided).' })
  decide(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: ErasureDecisionDto): Promise<ErasureRequestResponse> {
    return this.erasure.decide(user, id, dto);
  }
}

/** Legal hold on a case: retention leaves it alone while it is held. */
@ApiTags('privacy')
@Controller('api/cases/:id/legal-hold')
export class LegalHoldController {
  constructor(private readonly holds: LegalHoldService) {}

  @RequirePermission(Permission.CaseLegalHold)
  @Get()
  @ApiOkResponse({ type: LegalHoldResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LegalHoldResponse> {
    return this.holds.get(user, id);
  }

  @RequirePermission(Permission.CaseLegalHold)
  @Post()
  @ApiCreatedResponse({ type: LegalHoldResponse })
  @ApiConflictResponse({ description: 'The case is already held (code legal_hold_exists).' })
  place(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: LegalHoldDto): Promise<LegalHoldResponse> {
    return this.holds.place(user, id, dto.reason);
  }

  @RequirePermission(Permission.CaseLegalHold)
  @Delete()
  @ApiOkResponse({ type: LegalHoldResponse })
  lift(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LegalHoldResponse> {
    return this.holds.lift(user, id);
  }
}
