import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { PageQueryDto } from '../common/pagination.js';
import { CaseUpdateListResponse, CaseUpdateResponse, PostUpdateDto } from './dto/update.dto.js';
import { UpdatesService } from './updates.service.js';

@ApiTags('cases')
@Controller('api/cases/:id/updates')
export class UpdatesController {
  constructor(private readonly updates: UpdatesService) {}

  @RequirePermission(Permission.CaseUpdatePost)
  @Post()
  @ApiCreatedResponse({ type: CaseUpdateResponse })
  post(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: PostUpdateDto): Promise<CaseUpdateResponse> {
    return this.updates.postUpdate(user, id, dto);
  }

  @RequirePermission(Permission.CaseUpdateRead)
  @Get()
  @ApiOkResponse({ type: CaseUpdateListResponse })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<CaseUpdateListResponse> {
    return this.updates.listUpdates(user, id, query);
  }
}
