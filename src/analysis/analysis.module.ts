import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { ConsultationsService } from '../consultations/consultations.service.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { AnalysisController, ConsultationAnalysisController } from './analysis.controller.js';
import { AnalysisService } from './analysis.service.js';
import { ConsultedExperts } from './consulted-experts.js';

/**
 * The shared explanatory analysis (issue 18) — tables `analysis_version`, `analysis_position`.
 * `ConsultedExperts` answers "is this expert consulted on this case?" for the expert pool's experts,
 * who do not take part in the case: the expert pool's answer (an open consultation of that expert
 * on that case, whose consent basis, if any, still holds; see `ConsultationsService.isConsultedOn`).
 */
@Module({
  imports: [MessagingModule, ConsultationsModule],
  controllers: [AnalysisController, ConsultationAnalysisController],
  providers: [AnalysisService, { provide: ConsultedExperts, useExisting: ConsultationsService }],
  exports: [AnalysisService],
})
export class AnalysisModule {}
