import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { PageQueryDto } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ServiceSuggestionListResponse, ServiceSuggestionResponse, SuggestServiceDto } from './dto/service-suggestion.dto.js';
import { ServiceSuggestionsService } from './service-suggestions.service.js';

/** Contract extension (issue 20): help from the directory, suggested in a case to its parents. */
@ApiTags('directory')
@Controller('api/cases/:id/service-suggestions')
export class ServiceSuggestionsController {
  constructor(private readonly suggestions: ServiceSuggestionsService) {}

  @RequirePermission(Permission.ServiceSuggestionCreate)
  @Post()
  @ApiCreatedResponse({ type: ServiceSuggestionResponse })
  suggest(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: SuggestServiceDto): Promise<ServiceSuggestionResponse> {
    return this.suggestions.suggest(user, id, dto);
  }

  @RequirePermission(Permission.ServiceSuggestionRead)
  @Get()
  @ApiOkResponse({ type: ServiceSuggestionListResponse })
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: PageQueryDto): Promise<ServiceSuggestionListResponse> {
    return this.suggestions.list(user, id, query);
  }
}

/** Contract extension (issue 20): the parent's start page — help suggested in their own cases. */
@ApiTags('directory')
@Controller('api/me/service-suggestions')
export class MyServiceSuggestionsController {
  constructor(private readonly suggestions: ServiceSuggestionsService) {}

  @RequirePermission(Permission.ServiceSuggestionRead)
  @Get()
  @ApiOkResponse({ type: ServiceSuggestionListResponse })
  mine(@CurrentUser() user: AuthUser): Promise<ServiceSuggestionListResponse> {
    return this.suggestions.forParent(user);
  }
}
