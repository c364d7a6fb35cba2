import { Body, Controller, Get, Header, Param, Patch, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import {
  CreateActionDto, CreateGoalDto, PlanActionResponse, PlanGoalResponse, PlanResponse, UpdateActionDto, UpdateGoalDto,
} from './dto/plan.dto.js';
import { planPdf } from './plan.pdf.js';
import { PlanService } from './plan.service.js';

@ApiTags('plan')
@Controller('api/cases/:id')
export class PlanController {
  constructor(private readonly plan: PlanService) {}

  @RequirePermission(Permission.CasePlanRead)
  @Get('plan')
  @ApiOkResponse({ type: PlanResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<PlanResponse> {
    return this.plan.getPlan(user, id);
  }

  @RequirePermission(Permission.CasePlanRead)
  @Get('plan.pdf')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  async pdf(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<StreamableFile> {
    const pdf = await planPdf(await this.plan.planForPdf(user, id), { now: new Date() });
    res.header('Content-Disposition', 'attachment; filename="ons-plan.pdf"');
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
  }

  @RequirePermission(Permission.CasePlanWrite)
  @Post('plan/goals')
  @ApiCreatedResponse({ type: PlanGoalResponse })
  addGoal(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateGoalDto): Promise<PlanGoalResponse> {
    return this.plan.addGoal(user, id, dto);
  }

  @RequirePermission(Permission.CasePlanWrite)
  @Patch('plan/goals/:goalId')
  @ApiOkResponse({ type: PlanGoalResponse })
  updateGoal(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('goalId', UuidParam) goalId: string, @Body() dto: UpdateGoalDto): Promise<PlanGoalResponse> {
    return this.plan.updateGoal(user, id, goalId, dto);
  }

  @RequirePermission(Permission.CasePlanWrite)
  @Post('plan/goals/:goalId/actions')
  @ApiCreatedResponse({ type: PlanActionResponse })
  addAction(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('goalId', UuidParam) goalId: string, @Body() dto: CreateActionDto): Promise<PlanActionResponse> {
    return this.plan.addAction(user, id, goalId, dto);
  }

  @RequirePermission(Permission.CasePlanActionUpdate)
  @Patch('plan/goals/:goalId/actions/:actionId')
  @ApiOkResponse({ type: PlanActionResponse })
  updateAction(
    @CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('goalId', UuidParam) goalId: string,
    @Param('actionId', UuidParam) actionId: string, @Body() dto: UpdateActionDto,
  ): Promise<PlanActionResponse> {
    return this.plan.updateAction(user, id, goalId, actionId, dto);
  }
}
