import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/parse-uuid.pipe.js';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { CasesService } from './cases.service.js';
import { CaseListQueryDto, CaseListResponse, CaseResponse, CreateCaseDto, StatusChangeResponse, UpdateCaseDto } from './dto/case.dto.js';
import { AddParticipantDto, ParticipantResponse } from './dto/participant.dto.js';
import { ParticipantsService } from './participants.service.js';

@ApiTags('cases')
@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly participants: ParticipantsService,
  ) {}

  @RequirePermission(Permission.CaseCreate)
  @Post()
  @ApiCreatedResponse({ type: CaseResponse })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateCaseDto): Promise<CaseResponse> {
    const created = await this.cases.createCase(user, dto);
    return this.cases.getCase(user, created.id);
  }

  @RequirePermission(Permission.CaseRead)
  @Get()
  @ApiOkResponse({ type: CaseListResponse })
  list(@CurrentUser() user: AuthUser, @Query() query: CaseListQueryDto): Promise<CaseListResponse> {
    return this.cases.listCases(user, query);
  }

  @RequirePermission(Permission.CaseRead)
  @Get(':id')
  @ApiOkResponse({ type: CaseResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CaseResponse> {
    return this.cases.getCase(user, id);
  }

  @RequirePermission(Permission.CaseUpdate)
  @Patch(':id')
  @ApiOkResponse({ type: CaseResponse })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCaseDto): Promise<CaseResponse> {
    return this.cases.updateCase(user, id, dto);
  }

  @RequirePermission(Permission.CaseResultRead)
  @Get(':id/status-history')
  @ApiOkResponse({ type: [StatusChangeResponse] })
  statusHistory(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StatusChangeResponse[]> {
    return this.cases.statusHistory(user, id);
  }

  @RequirePermission(Permission.CaseRead)
  @Get(':id/participants')
  @ApiOkResponse({ type: [ParticipantResponse] })
  listParticipants(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ParticipantResponse[]> {
    return this.participants.listParticipants(user, id);
  }

  @RequirePermission(Permission.CaseParticipantManage)
  @Post(':id/participants')
  @ApiCreatedResponse({ type: ParticipantResponse })
  addParticipant(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AddParticipantDto): Promise<ParticipantResponse> {
    return this.participants.addParticipantByRequest(user, id, dto);
  }

  @RequirePermission(Permission.CaseParticipantManage)
  @Delete(':id/participants/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeParticipant(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    await this.participants.removeParticipant(user, id, userId);
  }
}
