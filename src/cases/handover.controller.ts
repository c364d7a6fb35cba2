import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { HandoverDto, HandoverRequestDto, HandoverRequestResponse, HandoverResponse } from './dto/handover.dto.js';
import { HandoverService } from './handover.service.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

@ApiTags('cases')
@Controller('api/cases/:id')
export class HandoverController {
  constructor(private readonly handovers: HandoverService) {}

  @RequirePermission(Permission.CaseHandoverPerform)
  @Post('handover')
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResponse })
  handOver(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: HandoverDto): Promise<HandoverResponse> {
    return this.handovers.handOver(user, id, dto);
  }

  @RequirePermission(Permission.CaseHandoverRequest)
  @Post('handover-requests')
  @ApiCreatedResponse({ type: HandoverRequestResponse })
  requestHandover(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: HandoverRequestDto): Promise<HandoverRequestResponse> {
    return this.handovers.requestHandover(user, id, dto.reason);
  }

  @RequirePermission(Permission.CaseUpdate)
  @Get('handover-requests')
  @ApiOkResponse({ type: [HandoverRequestResponse] })
  requests(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<HandoverRequestResponse[]> {
    return this.handovers.listRequests(user, id);
  }
}
