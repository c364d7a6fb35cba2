import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { CaseloadService } from './caseload.service.js';
import {
  CaseloadResponse, CounsellorProfileDto, CounsellorProfileResponse, SetTeamCapacityDto, TeamCapacityResponse,
} from './dto/caseload.dto.js';

@ApiTags('intake')
@Controller('api')
export class CaseloadController {
  constructor(private readonly caseload: CaseloadService) {}

  @RequirePermission(Permission.CaseloadManage)
  @Get('caseload')
  @ApiOkResponse({ type: CaseloadResponse })
  overview(@CurrentUser() user: AuthUser): Promise<CaseloadResponse> {
    return this.caseload.overview(user);
  }

  @RequirePermission(Permission.TeamCapacityConfigure)
  @Put('team/capacity')
  @ApiOkResponse({ type: TeamCapacityResponse })
  setTeamCapacity(@CurrentUser() user: AuthUser, @Body() dto: SetTeamCapacityDto): Promise<TeamCapacityResponse> {
    return this.caseload.setTeamCapacity(user, dto);
  }

  @RequirePermission(Permission.CaseloadManage)
  @Put('counsellors/:id/profile')
  @ApiOkResponse({ type: CounsellorProfileResponse })
  setCounsellorProfile(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CounsellorProfileDto): Promise<CounsellorProfileResponse> {
    return this.caseload.setCounsellorProfile(user, id, dto);
  }
}
