import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module.js';
import { AnalysisController } from './analysis.controller.js';
import { AnalysisService } from './analysis.service.js';
import { ConsultedExperts, NoConsultedExperts } from './consulted-experts.js';

/**
 * The shared explanatory analysis (issue 18) — tables `analysis_version`, `analysis_position`.
 * `ConsultedExperts` answers "is this expert consulted on this case?" for the expert pool's experts,
 * who do not take part in the case; until the expert pool provides it, nobody is.
 */
@Module({
  imports: [MessagingModule],
  controllers: [AnalysisController],
  providers: [AnalysisService, { provide: ConsultedExperts, useClass: NoConsultedExperts }],
  exports: [AnalysisService],
})
export class AnalysisModule {}
