import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ChildVoiceService } from './child-voice.service.js';
import { ChildrenDemoService } from './children-demo.service.js';
import { ChildrenPlaceController } from './children.controller.js';

/**
 * Children's own place (issue 20): the child's voice (table `child_voice`) and the checklist for
 * children. Child records and their link to a child's account belong to the cases module
 * (`ChildAccountsService`); this module reads them only through it.
 */
@Module({
  imports: [AccountsModule, CasesModule, MessagingModule],
  controllers: [ChildrenPlaceController],
  providers: [ChildVoiceService, ChildrenDemoService],
  exports: [ChildrenDemoService, ChildVoiceService],
})
export class ChildrenModule {}
