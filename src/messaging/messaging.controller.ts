import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { ListMessagesQuery, MarkReadDto, MessagePageResponse, MessageResponse, ReadMarkerResponse, SendMessageDto } from './dto/message.dto.js';
import { AddThreadMemberDto, CreateThreadDto, ThreadResponse } from './dto/thread.dto.js';
import { MessagesService } from './messages.service.js';
import { ThreadsService } from './threads.service.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

@ApiTags('threads')
@Controller('api')
@RequirePermission(Permission.Messaging)
export class MessagingController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
  ) {}

  @Post('cases/:id/threads')
  @ApiCreatedResponse({ type: ThreadResponse })
  createThread(@CurrentUser() user: AuthUser, @Param('id', UuidParam) caseId: string, @Body() dto: CreateThreadDto): Promise<ThreadResponse> {
    return this.threads.createThread(user, caseId, dto);
  }

  @Get('cases/:id/threads')
  @ApiOkResponse({ type: [ThreadResponse] })
  listThreads(@CurrentUser() user: AuthUser, @Param('id', UuidParam) caseId: string): Promise<ThreadResponse[]> {
    return this.threads.listThreads(user, caseId);
  }

  @Post('threads/:id/members')
  @ApiCreatedResponse({ type: ThreadResponse, description: '201 when added, 200 when already a member.' })
  async addMember(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) threadId: string, @Body() dto: AddThreadMemberDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ThreadResponse> {
    const { thread, added } = await this.threads.addMember(user, threadId, dto.userId.toLowerCase(), { shareHistory: dto.shareHistory });
    response.status(added ? 201 : 200);
    return thread;
  }

  @Delete('threads/:id/members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  removeMember(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) threadId: string,
    @Param('userId', UuidParam) memberId: string,
  ): Promise<void> {
    return this.threads.removeMember(user, threadId, memberId);
  }

  @Get('threads/:id/messages')
  @ApiOkResponse({ type: MessagePageResponse })
  listMessages(@CurrentUser() user: AuthUser, @Param('id', UuidParam) threadId: string, @Query() query: ListMessagesQuery): Promise<MessagePageResponse> {
    return this.messages.list(user, threadId, query);
  }

  @Post('threads/:id/messages')
  @ApiCreatedResponse({ type: MessageResponse, description: '201 when stored; 200 with the first message when this clientMessageId was sent before.' })
  async sendMessage(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) threadId: string, @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<MessageResponse> {
    const { message, created } = await this.messages.send(user, threadId, dto);
    response.status(created ? 201 : 200);
    return message;
  }

  @Post('threads/:id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadMarkerResponse })
  markRead(@CurrentUser() user: AuthUser, @Param('id', UuidParam) threadId: string, @Body() dto: MarkReadDto): Promise<ReadMarkerResponse> {
    return this.messages.markRead(user, threadId, dto.messageId.toLowerCase());
  }
}
