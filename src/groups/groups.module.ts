import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { GroupPrivacyService } from './group-privacy.service.js';
import { GroupAccessReader } from './group-access.js';
import { GroupMessagesService } from './group-messages.service.js';
import { GroupReportsService } from './group-reports.service.js';
import { GroupsDemoService } from './groups-demo.service.js';
import { GroupsController } from './groups.controller.js';
import { GroupsGateway } from './groups.gateway.js';
import { GroupsService } from './groups.service.js';

/** Peer groups (lotgenotengroepen, issue 19): groups, members under pseudonyms, messages, moderation and reports. */
@Module({
  imports: [AuthModule, MessagingModule],
  controllers: [GroupsController],
  providers: [GroupAccessReader, GroupsService, GroupMessagesService, GroupReportsService, GroupsGateway, GroupsDemoService, GroupPrivacyService],
  exports: [GroupsDemoService, GroupPrivacyService],
})
export class GroupsModule {}
