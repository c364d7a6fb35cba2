import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountAttentionService } from './account-attention.service.js';
import { AccountCredentialsService } from './account-credentials.service.js';
import { AccountStatusController } from './account-status.controller.js';
import { AccountStatusService } from './account-status.service.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { ExpertsController } from './experts.controller.js';
import { ExpertsService } from './experts.service.js';
import { MailModule } from '../mail/mail.module.js';
import { Invitation } from './invitation.entity.js';
import { Organisation } from './organisation.entity.js';
import { User } from './user.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, Organisation, Invitation]), MailModule],
  controllers: [AccountsController, AccountStatusController, ExpertsController],
  providers: [AccountsService, AccountCredentialsService, AccountStatusService, AccountAttentionService, AdminBootstrapService, ExpertsService],
  exports: [AccountsService, AccountCredentialsService, AccountAttentionService, ExpertsService],
})
export class AccountsModule {}
