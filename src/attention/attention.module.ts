import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { AttentionController } from './attention.controller.js';
import { AttentionService } from './attention.service.js';

/** The start page's "needs your attention": a read model over what each module answers for the caller. Owns no table. */
@Module({
  imports: [AccountsModule, CasesModule, IntakeModule, MessagingModule, PrivacyModule],
  controllers: [AttentionController],
  providers: [AttentionService],
})
export class AttentionModule {}
