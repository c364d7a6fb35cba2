import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { MAX_PAGE } from '../common/pagination.js';
import { ConfirmStoryDto, SaveStoryDto, StoryResponse, StoryVersionsResponse } from './dto/story.dto.js';
import { StoryService } from './story.service.js';

class StoryVersionsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Versions older than this one (the previous page\'s nextCursor).' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  before?: number;
}

@ApiTags('cases')
@Controller('api/cases/:id/story')
export class StoryController {
  constructor(private readonly story: StoryService) {}

  @RequirePermission(Permission.CaseStoryRead)
  @Get()
  @ApiOkResponse({ type: StoryResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StoryResponse> {
    return this.story.getStory(user, id);
  }

  /** Every save is a new version; older ones stay listable. */
  @RequirePermission(Permission.CaseStoryWrite)
  @Put()
  @ApiOkResponse({ type: StoryResponse })
  save(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SaveStoryDto): Promise<StoryResponse> {
    return this.story.saveStory(user, id, dto.sections);
  }

  @RequirePermission(Permission.CaseStoryRead)
  @Get('versions')
  @ApiOkResponse({ type: StoryVersionsResponse })
  versions(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: StoryVersionsQueryDto): Promise<StoryVersionsResponse> {
    return this.story.listVersions(user, id, query.limit, query.before);
  }

  /** The parent confirms that this version is their story. */
  @RequirePermission(Permission.CaseStoryConfirm)
  @Post('confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: StoryResponse })
  confirm(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ConfirmStoryDto): Promise<StoryResponse> {
    return this.story.confirmStory(user, id, dto.version);
  }
}
