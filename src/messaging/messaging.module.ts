import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { MessageWriter } from './message-writer.js';
import { MessagesService } from './messages.service.js';
import { MessagingDemoService } from './messaging-demo.service.js';
import { MessagingController } from './messaging.controller.js';
import { MessagingListeners } from './messaging.listeners.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { RealtimeService } from './realtime/realtime.service.js';
import { ThreadMembersService } from './thread-members.service.js';
import { ThreadsService } from './threads.service.js';

/** Case threads, messages, read markers, the socket.io gateway and "new message" e-mails. */
@Module({
  imports: [AuthModule, CasesModule],
  controllers: [MessagingController, NotificationsController],
  providers: [
    ThreadMembersService, ThreadsService, MessagesService, MessageWriter, RealtimeService, RealtimeGateway, MessagingListeners,
    NotificationsService, MessagingDemoService,
  ],
  exports: [ThreadMembersService, ThreadsService, RealtimeService, MessagingDemoService, MessagesService],
})
export class MessagingModule {}
