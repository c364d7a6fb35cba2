import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../../auth/decorators.js';
import { Permission } from '../../auth/permission.js';
import { pickLanguage } from '../../common/language.js';
import { PageQueryDto } from '../../common/pagination.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import { AccessLogResponse } from './access-log.dto.js';
import { AccessLogService } from './access-log.service.js';

@ApiTags('cases')
@Controller('api/cases/:id')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLogService) {}

  /** Who read or changed what, and when, in plain words (Dutch; English with Accept-Language: en). */
  @RequirePermission(Permission.CaseAccessLogRead)
  @Get('access-log')
  @ApiOkResponse({ type: AccessLogResponse })
  log(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Query() query: PageQueryDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<AccessLogResponse> {
    return this.accessLog.accessLog(user, id, query, pickLanguage(acceptLanguage));
  }
}
