import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { CredentialsService } from './credentials.service.js';
import { CredentialResponse } from './dto/credential.response.js';
import { IssueCredentialDto } from './dto/issue-credential.dto.js';

@ApiTags('verification')
@Controller('api/counsellors/:userId/credential')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  /** A coordinator of the counsellor's team, after checking their identity in person. Supersedes a current credential. */
  @RequirePermission(Permission.CredentialManage)
  @Put()
  @ApiOkResponse({ type: CredentialResponse })
  async issueCredential(
    @CurrentUser() user: AuthUser,
    @Param('userId', ParseUUIDPipe) counsellorId: string,
    @Body() dto: IssueCredentialDto,
  ): Promise<CredentialResponse> {
    return CredentialResponse.of(await this.credentials.issueCredential(user, counsellorId, new Date(dto.validUntil)));
  }

  /** The latest credential (current or revoked): coordinators of the team, and the counsellor themself. */
  @RequirePermission(Permission.CredentialRead)
  @Get()
  @ApiOkResponse({ type: CredentialResponse })
  async getCredential(@CurrentUser() user: AuthUser, @Param('userId', ParseUUIDPipe) counsellorId: string): Promise<CredentialResponse> {
    return CredentialResponse.of(await this.credentials.getCredential(user, counsellorId));
  }

  /** Revokes at once. Revoking again answers 409 `credential_already_revoked`. */
  @RequirePermission(Permission.CredentialManage)
  @Delete()
  @HttpCode(200)
  @ApiOkResponse({ type: CredentialResponse })
  async revokeCredential(@CurrentUser() user: AuthUser, @Param('userId', ParseUUIDPipe) counsellorId: string): Promise<CredentialResponse> {
    return CredentialResponse.of(await this.credentials.revokeCredential(user, counsellorId));
  }
}
