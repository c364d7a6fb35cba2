import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { PageQueryDto } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import {
  AddGroupMemberDto, CreateGroupDto, GroupMemberResponse, GroupMembershipResponse, GroupPageResponse, GroupMessagePageResponse, GroupMessageResponse,
  GroupReasonDto, GroupReportCreatedResponse, GroupReportPageResponse, GroupReportResponse, GroupResponse, JoinGroupDto, ListGroupMessagesQuery,
  MuteMemberDto, ReportGroupMessageDto, ResolveReportDto, SendGroupMessageDto,
} from './dto/group.dto.js';
import { GroupMessagesService } from './group-messages.service.js';
import { GroupReportsService } from './group-reports.service.js';
import { GroupsService } from './groups.service.js';

/** Peer groups (lotgenotengroepen, issue 19). Members appear by handle and pseudonym only. */
@ApiTags('groups')
@Controller('api/groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly messages: GroupMessagesService,
    private readonly reports: GroupReportsService,
  ) {}

  // Before ':id': a literal segment, not a group id.
  @Get('reports/escalated')
  @RequirePermission(Permission.GroupEscalationRead)
  @ApiOkResponse({ type: GroupReportPageResponse, description: 'Open reports of the caller\'s team\'s groups that are urgent or waited 24 hours.' })
  escalated(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<GroupReportPageResponse> {
    return this.reports.listEscalated(user, query);
  }

  @Post()
  @RequirePermission(Permission.GroupCreate)
  @ApiCreatedResponse({ type: GroupResponse })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateGroupDto): Promise<GroupResponse> {
    return this.groups.create(user, dto);
  }

  @Get()
  @RequirePermission(Permission.GroupRead)
  @ApiOkResponse({ type: GroupPageResponse })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<GroupPageResponse> {
    return this.groups.list(user, query);
  }

  @Get(':id')
  @RequirePermission(Permission.GroupRead)
  @ApiOkResponse({ type: GroupResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string): Promise<GroupResponse> {
    return this.groups.get(user, groupId);
  }

  @Get(':id/members')
  @RequirePermission(Permission.GroupRead)
  @ApiOkResponse({ type: [GroupMemberResponse] })
  members(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string): Promise<GroupMemberResponse[]> {
    return this.groups.listMembers(user, groupId);
  }

  @Post(':id/join-requests')
  @RequirePermission(Permission.GroupJoin)
  @ApiCreatedResponse({ type: GroupMembershipResponse })
  join(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Body() dto: JoinGroupDto): Promise<GroupMembershipResponse> {
    return this.groups.requestToJoin(user, groupId, dto);
  }

  @Post(':id/members')
  @RequirePermission(Permission.GroupModerate)
  @ApiCreatedResponse({ type: GroupMemberResponse, description: '201 when accepted or added, 200 when an active member\'s pseudonym or role changed.' })
  async addMember(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Body() dto: AddGroupMemberDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<GroupMemberResponse> {
    const { member, created } = await this.groups.addMember(user, groupId, dto);
    response.status(created ? 201 : 200);
    return member;
  }

  @Delete(':id/members/:userId')
  @RequirePermission(Permission.GroupModerate)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'A member\'s handle (or, for coordinators and oneself, an account id).' })
  removeMember(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Param('userId', UuidParam) memberRef: string): Promise<void> {
    return this.groups.removeMember(user, groupId, memberRef);
  }

  @Post(':id/members/:userId/mute')
  @RequirePermission(Permission.GroupModerate)
  @HttpCode(200)
  @ApiOkResponse({ type: GroupMemberResponse })
  mute(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Param('userId', UuidParam) memberRef: string, @Body() dto: MuteMemberDto,
  ): Promise<GroupMemberResponse> {
    return this.groups.mute(user, groupId, memberRef, dto);
  }

  @Get(':id/messages')
  @RequirePermission(Permission.GroupRead)
  @ApiOkResponse({ type: GroupMessagePageResponse })
  listMessages(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Query() query: ListGroupMessagesQuery): Promise<GroupMessagePageResponse> {
    return this.messages.list(user, groupId, query);
  }

  @Post(':id/messages')
  @RequirePermission(Permission.GroupTakePart)
  @ApiCreatedResponse({ type: GroupMessageResponse, description: '201 when stored; 200 with the first message when this clientMessageId was sent before.' })
  async send(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Body() dto: SendGroupMessageDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<GroupMessageResponse> {
    const { message, created } = await this.messages.send(user, groupId, dto);
    response.status(created ? 201 : 200);
    return message;
  }

  @Post(':id/messages/:messageId/hide')
  @RequirePermission(Permission.GroupModerate)
  @HttpCode(200)
  @ApiOkResponse({ type: GroupMessageResponse })
  hide(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Param('messageId', UuidParam) messageId: string, @Body() dto: GroupReasonDto,
  ): Promise<GroupMessageResponse> {
    return this.messages.hide(user, groupId, messageId, dto.reason);
  }

  @Post(':id/messages/:messageId/reports')
  @RequirePermission(Permission.GroupTakePart)
  @ApiCreatedResponse({ type: GroupReportCreatedResponse })
  report(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Param('messageId', UuidParam) messageId: string, @Body() dto: ReportGroupMessageDto,
  ): Promise<GroupReportCreatedResponse> {
    return this.reports.report(user, groupId, messageId, dto);
  }

  @Get(':id/reports')
  @RequirePermission(Permission.GroupModerate)
  @ApiOkResponse({ type: GroupReportPageResponse })
  listReports(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Query() query: PageQueryDto): Promise<GroupReportPageResponse> {
    return this.reports.listForGroup(user, groupId, query);
  }

  @Post(':id/reports/:reportId/resolve')
  @RequirePermission(Permission.GroupModerate)
  @HttpCode(200)
  @ApiOkResponse({ type: GroupReportResponse })
  resolve(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Param('reportId', UuidParam) reportId: string, @Body() dto: ResolveReportDto,
  ): Promise<GroupReportResponse> {
    return this.reports.resolve(user, groupId, reportId, dto);
  }
}
