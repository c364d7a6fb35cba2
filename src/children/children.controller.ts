import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { CHECKLISTS } from './checklist.js';
import { ChildVoiceService } from './child-voice.service.js';
import { ChecklistQuery, ChecklistResponse, ChildVoiceResponse, MyChildRecordsResponse, PutChildVoiceDto } from './dto/children.dto.js';

@ApiTags('children')
@Controller('api')
export class ChildrenPlaceController {
  constructor(private readonly voices: ChildVoiceService) {}

  /** The checklist for children: what happens now, who can I talk to, what are my rights. Public. */
  @Public()
  @Get('children/checklist')
  @ApiOkResponse({ type: ChecklistResponse })
  checklist(@Query() query: ChecklistQuery): ChecklistResponse {
    return CHECKLISTS[query.lang ?? 'nl'];
  }

  /** The caller's own child records (a child's home), with their voice. */
  @RequirePermission(Permission.ChildVoiceWrite)
  @Get('children/me')
  @ApiOkResponse({ type: MyChildRecordsResponse })
  mine(@CurrentUser() user: AuthUser): Promise<MyChildRecordsResponse> {
    return this.voices.myRecords(user);
  }

  @RequirePermission(Permission.ChildVoiceRead)
  @Get('cases/:id/children/:childId/voice')
  @ApiOkResponse({ type: ChildVoiceResponse })
  readVoice(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('childId', UuidParam) childId: string): Promise<ChildVoiceResponse> {
    return this.voices.readVoice(user, id, childId);
  }

  @RequirePermission(Permission.ChildVoiceWrite)
  @Put('cases/:id/children/:childId/voice')
  @ApiOkResponse({ type: ChildVoiceResponse })
  saveVoice(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('childId', UuidParam) childId: string, @Body() dto: PutChildVoiceDto): Promise<ChildVoiceResponse> {
    return this.voices.saveVoice(user, id, childId, dto);
  }
}
