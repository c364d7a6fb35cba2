import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { AttentionService } from './attention.service.js';
import { AttentionResponse } from './dto/attention.dto.js';

@ApiTags('attention')
@Controller('api/me')
export class AttentionController {
  constructor(private readonly attention: AttentionService) {}

  /** What needs the caller's attention (the start page): counts and titles of their own cases and conversations. */
  @RequirePermission(Permission.Self)
  @Get('attention')
  @ApiOkResponse({ type: AttentionResponse })
  attentionFor(@CurrentUser() user: AuthUser): Promise<AttentionResponse> {
    return this.attention.attentionFor(user);
  }
}
