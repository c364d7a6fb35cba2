import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { AnalysisService } from './analysis.service.js';
import {
  AnalysisPositionResponse, AnalysisResponse, AnalysisVersionListResponse, AnalysisVersionsQuery, ExpertAdditionDto, RecordPositionDto, SaveAnalysisDto,
} from './dto/analysis.dto.js';

@ApiTags('analysis')
@Controller('api/cases/:id/analysis')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @RequirePermission(Permission.CaseAnalysisRead)
  @Get()
  @ApiOkResponse({ type: AnalysisResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<AnalysisResponse> {
    return this.analysis.getAnalysis(user, id);
  }

  @RequirePermission(Permission.CaseAnalysisWrite)
  @Put()
  @ApiOkResponse({ type: AnalysisResponse })
  save(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: SaveAnalysisDto): Promise<AnalysisResponse> {
    return this.analysis.saveAnalysis(user, id, dto.sections);
  }

  @RequirePermission(Permission.CaseAnalysisRead)
  @Get('versions')
  @ApiOkResponse({ type: AnalysisVersionListResponse })
  versions(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: AnalysisVersionsQuery): Promise<AnalysisVersionListResponse> {
    return this.analysis.listVersions(user, id, query.limit, query.before);
  }

  @RequirePermission(Permission.CaseAnalysisPosition)
  @Post('positions')
  @ApiCreatedResponse({ type: AnalysisPositionResponse })
  position(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: RecordPositionDto): Promise<AnalysisPositionResponse> {
    return this.analysis.recordPosition(user, id, dto);
  }

  @RequirePermission(Permission.CaseAnalysisSignOff)
  @Post('sign-off')
  @HttpCode(200)
  @ApiOkResponse({ type: AnalysisResponse })
  signOff(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<AnalysisResponse> {
    return this.analysis.signOff(user, id);
  }
}

/**
 * The expert pool's way into the analysis (issue 19): an expert consulted on a case adds their view
 * to a section from the consultation, never seeing the case, its id or the analysis's text.
 */
@ApiTags('consultations')
@Controller('api/consultations/:id/analysis-additions')
export class ConsultationAnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @RequirePermission(Permission.Consultation)
  @Post()
  @ApiCreatedResponse({ type: AnalysisPositionResponse })
  add(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: ExpertAdditionDto): Promise<AnalysisPositionResponse> {
    return this.analysis.addExpertView(user, id, dto);
  }
}
