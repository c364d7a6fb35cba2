import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PlanController } from './plan.controller.js';
import { PlanService } from './plan.service.js';

/** One family, one plan (issue 18): goals and actions of a case — tables `plan_goal`, `plan_action`. */
@Module({
  imports: [MessagingModule],
  controllers: [PlanController],
  providers: [PlanService],
  exports: [PlanService],
})
export class PlanModule {}
