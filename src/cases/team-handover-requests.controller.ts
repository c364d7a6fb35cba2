import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { TeamHandoverRequestResponse } from './dto/handover.dto.js';
import { HandoverService } from './handover.service.js';

@ApiTags('cases')
@Controller('api/handover-requests')
export class TeamHandoverRequestsController {
  constructor(private readonly handovers: HandoverService) {}

  /** The open handover requests of the coordinator's team's cases, oldest first (at most 500). */
  @RequirePermission(Permission.CaseHandoverPerform)
  @Get()
  @ApiOkResponse({ type: [TeamHandoverRequestResponse] })
  openRequests(@CurrentUser() user: AuthUser): Promise<TeamHandoverRequestResponse[]> {
    return this.handovers.listOpenTeamRequests(user);
  }
}
