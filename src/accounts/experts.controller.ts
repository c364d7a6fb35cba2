import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ExpertResponse, UpdateExpertDto } from './dto/expert.dto.js';
import { ExpertsService } from './experts.service.js';

/** The expert pool's experts and their specialisms (issue 19). */
@ApiTags('expert pool')
@Controller('api/experts')
export class ExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  @RequirePermission(Permission.ExpertRead)
  @Get()
  @ApiOkResponse({ type: [ExpertResponse] })
  list(): Promise<ExpertResponse[]> {
    return this.experts.listExperts();
  }

  @RequirePermission(Permission.ExpertManage)
  @Patch(':id')
  @ApiOkResponse({ type: ExpertResponse })
  change(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateExpertDto): Promise<ExpertResponse> {
    return this.experts.changeSpecialism(user, id, dto.specialism);
  }
}
