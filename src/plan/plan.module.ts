import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PlanDemoService } from './plan-demo.service.js';
import { PlanController } from './plan.controller.js';
import { PlanService } from './plan.service.js';

/** One family, one plan (issue 18): goals and actions of a case — tables `plan_goal`, `plan_action`. */
@Module({
  imports: [MessagingModule, CasesModule, AnalysisModule],
  controllers: [PlanController],
  providers: [PlanService, PlanDemoService],
  exports: [PlanService, PlanDemoService],
})
export class PlanModule {}
