import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { AfterCommitSubscriber } from './after-commit.js';
import { MessageWriter } from './message-writer.js';
import { MessagesService } from './messages.service.js';
import { MessagingDemoService } from './messaging-demo.service.js';
import { MessagingController } from './messaging.controller.js';
import { MessagingListeners } from './messaging.listeners.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { RealtimeService } from './realtime/realtime.service.js';
import { ThreadAccessService } from './thread-access.service.js';
import { ThreadsService } from './threads.service.js';

/** Case threads, messages, read markers, the socket.io gateway and "new message" e-mails. */
@Module({
  imports: [AuthModule, CasesModule],
  controllers: [MessagingController, NotificationsController],
  providers: [
    ThreadAccessService, ThreadsService, MessagesService, MessageWriter, RealtimeService, RealtimeGateway, MessagingListeners,
    NotificationsService, MessagingDemoService,
  ],
  exports: [ThreadAccessService, RealtimeService, MessagingDemoService],
})
export class MessagingModule implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    // Lets services publish to sockets only once their transaction committed (see after-commit.ts).
    if (!this.dataSource.subscribers.some((s) => s instanceof AfterCommitSubscriber)) {
      this.dataSource.subscribers.push(new AfterCommitSubscriber());
    }
  }
}
