import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import type { Page } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ConsultationsService } from './consultations.service.js';
import {
  ConsultationCreatedResponse, ConsultationListItem, ConsultationListQuery, ConsultationMessageResponse, ConsultationPage, ConsultationResponse,
  CreateConsultationDto, PostConsultationMessageDto,
} from './dto/consultation.dto.js';

/** The expert pool, consulted without names (issue 19). */
@ApiTags('expert pool')
@Controller('api')
export class ConsultationsController {
  constructor(private readonly consultations: ConsultationsService) {}

  @RequirePermission(Permission.ConsultationRequest)
  @Post('cases/:id/consultations')
  @ApiCreatedResponse({ type: ConsultationCreatedResponse })
  request(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateConsultationDto): Promise<ConsultationCreatedResponse> {
    return this.consultations.requestConsultation(user, id, dto);
  }

  @RequirePermission(Permission.Consultation)
  @Get('consultations')
  @ApiOkResponse({ type: ConsultationPage })
  list(@CurrentUser() user: AuthUser, @Query() query: ConsultationListQuery): Promise<Page<ConsultationListItem>> {
    return this.consultations.listConsultations(user, query);
  }

  @RequirePermission(Permission.Consultation)
  @Get('consultations/:id')
  @ApiOkResponse({ type: ConsultationResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<ConsultationResponse> {
    return this.consultations.getConsultation(user, id);
  }

  @RequirePermission(Permission.Consultation)
  @Post('consultations/:id/messages')
  @ApiCreatedResponse({ type: ConsultationMessageResponse })
  post(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: PostConsultationMessageDto): Promise<ConsultationMessageResponse> {
    return this.consultations.postMessage(user, id, dto);
  }

  @RequirePermission(Permission.Consultation)
  @Post('consultations/:id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsultationResponse })
  close(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<ConsultationResponse> {
    return this.consultations.closeConsultation(user, id);
  }
}
