import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { ChildrenService } from './children.service.js';
import { ChildResponse, CreateChildDto, CreateResultDto, ResultResponse, UpdateChildDto } from './dto/child.dto.js';

@ApiTags('cases')
@Controller('api/cases/:id')
export class ChildrenController {
  constructor(private readonly children: ChildrenService) {}

  @RequirePermission(Permission.CaseChildWrite)
  @Post('children')
  @ApiCreatedResponse({ type: ChildResponse })
  add(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateChildDto): Promise<ChildResponse> {
    return this.children.addChild(user, id, dto);
  }

  @RequirePermission(Permission.CaseChildRead)
  @Get('children')
  @ApiOkResponse({ type: [ChildResponse] })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ChildResponse[]> {
    return this.children.listChildren(user, id);
  }

  @RequirePermission(Permission.CaseChildRead)
  @Get('children/:childId')
  @ApiOkResponse({ type: ChildResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('childId', ParseUUIDPipe) childId: string): Promise<ChildResponse> {
    return this.children.getChild(user, id, childId);
  }

  @RequirePermission(Permission.CaseChildWrite)
  @Patch('children/:childId')
  @ApiOkResponse({ type: ChildResponse })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('childId', ParseUUIDPipe) childId: string, @Body() dto: UpdateChildDto): Promise<ChildResponse> {
    return this.children.updateChild(user, id, childId, dto);
  }

  @RequirePermission(Permission.CaseResultWrite)
  @Post('results')
  @ApiCreatedResponse({ type: ResultResponse })
  addResult(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateResultDto): Promise<ResultResponse> {
    return this.children.addResult(user, id, dto);
  }

  @RequirePermission(Permission.CaseResultRead)
  @Get('results')
  @ApiOkResponse({ type: [ResultResponse] })
  results(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ResultResponse[]> {
    return this.children.listResults(user, id);
  }
}
