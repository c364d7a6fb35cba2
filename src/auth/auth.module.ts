import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AccessGuard } from './access.guard.js';
import { AccountSessionsListener } from './account-sessions.listener.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SessionStrategy } from './session.strategy.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [PassportModule, AccountsModule],
  controllers: [AuthController],
  providers: [AuthService, SessionsService, AccountSessionsListener, SessionStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [SessionsService],
})
export class AuthModule {}
