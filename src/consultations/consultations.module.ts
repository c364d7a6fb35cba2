import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ConsultationsDemoService } from './consultations-demo.service.js';
import { ConsultationsController } from './consultations.controller.js';
import { ConsultationsListeners } from './consultations.listeners.js';
import { ConsultationsService } from './consultations.service.js';

/**
 * The expert pool, consulted without names (issue 19): tables `consultation` and
 * `consultation_message`. `ConsultationsService.isConsultedOn(expertId, caseId)` is exported for
 * the shared explanatory analysis (issue 18).
 */
@Module({
  imports: [AccountsModule, CasesModule, MessagingModule],
  controllers: [ConsultationsController],
  providers: [ConsultationsService, ConsultationsDemoService, ConsultationsListeners],
  exports: [ConsultationsService, ConsultationsDemoService],
})
export class ConsultationsModule {}
