import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { pickLanguage } from '../common/language.js';
import { AccessLogService } from './access-log.service.js';
import { AccessLogResponse } from './dto/access-log.dto.js';
import { HandoverDto, HandoverRequestDto, HandoverRequestResponse, HandoverResponse } from './dto/handover.dto.js';
import { PageQueryDto } from '../common/pagination.js';
import { HandoverService } from './handover.service.js';

@ApiTags('cases')
@Controller('api/cases/:id')
export class HandoverController {
  constructor(
    private readonly handovers: HandoverService,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Who read or changed what, and when, in plain words (Dutch; English with Accept-Language: en). */
  @RequirePermission(Permission.CaseAccessLogRead)
  @Get('access-log')
  @ApiOkResponse({ type: AccessLogResponse })
  log(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<AccessLogResponse> {
    return this.accessLog.accessLog(user, id, query, pickLanguage(acceptLanguage));
  }

  @RequirePermission(Permission.CaseHandoverPerform)
  @Post('handover')
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResponse })
  handOver(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: HandoverDto): Promise<HandoverResponse> {
    return this.handovers.handOver(user, id, dto);
  }

  @RequirePermission(Permission.CaseHandoverRequest)
  @Post('handover-requests')
  @ApiCreatedResponse({ type: HandoverRequestResponse })
  requestHandover(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: HandoverRequestDto): Promise<HandoverRequestResponse> {
    return this.handovers.requestHandover(user, id, dto.reason);
  }

  @RequirePermission(Permission.CaseUpdate)
  @Get('handover-requests')
  @ApiOkResponse({ type: [HandoverRequestResponse] })
  requests(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<HandoverRequestResponse[]> {
    return this.handovers.listRequests(user, id);
  }
}
