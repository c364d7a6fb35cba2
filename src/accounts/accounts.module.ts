import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { MailModule } from '../mail/mail.module.js';
import { Invitation } from './invitation.entity.js';
import { Organisation } from './organisation.entity.js';
import { User } from './user.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, Organisation, Invitation]), MailModule],
  controllers: [AccountsController],
  providers: [AccountsService, AdminBootstrapService],
  exports: [AccountsService],
})
export class AccountsModule {}
