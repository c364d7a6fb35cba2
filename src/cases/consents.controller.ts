import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { ConsentsService } from './consents.service.js';
import { ConsentListResponse, ConsentResponse, GrantConsentDto, RevokeConsentQueryDto } from './dto/consent.dto.js';

@ApiTags('cases')
@Controller('api/cases/:id/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @RequirePermission(Permission.CaseConsentManage)
  @Post()
  @ApiCreatedResponse({ type: ConsentResponse })
  grant(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: GrantConsentDto): Promise<ConsentResponse> {
    return this.consents.grantConsent(user, id, dto);
  }

  @RequirePermission(Permission.CaseConsentRead)
  @Get()
  @ApiOkResponse({ type: ConsentListResponse })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ConsentListResponse> {
    return this.consents.listConsents(user, id);
  }

  /** Revokes at once: the very next request of the grantee no longer sees what it opened. */
  @RequirePermission(Permission.CaseConsentManage)
  @Delete(':consentId')
  @ApiOkResponse({ type: ConsentResponse })
  revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('consentId', ParseUUIDPipe) consentId: string,
    @Query() query: RevokeConsentQueryDto,
  ): Promise<ConsentResponse> {
    return this.consents.revokeConsent(user, id, consentId, query.givenByParentId);
  }
}
