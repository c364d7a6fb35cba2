import { Controller, Get, Header, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import { MonthlyReportCsvQuery, MonthlyReportQuery } from './dto/monthly-report.query.js';
import { MonthlyReportResponse, toMonthlyReportResponse } from './dto/monthly-report.response.js';
import { ReportsService } from './reports.service.js';

function fileName(query: MonthlyReportQuery, ext: string): string {
  return `voortgangsrapportage-${query.month}${query.publish ? '-publicatie' : ''}.${ext}`;
}

@ApiTags('reports')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @RequirePermission(Permission.ReportRead)
  @Get('monthly')
  @ApiOkResponse({ type: MonthlyReportResponse })
  @ApiUnprocessableEntityResponse({ description: 'The month has not started yet (code month_in_future).' })
  async monthly(@CurrentUser() user: AuthUser, @Query() query: MonthlyReportQuery): Promise<MonthlyReportResponse> {
    return toMonthlyReportResponse(await this.reports.monthlyJson(user, query.month, query.publish ?? false));
  }

  @RequirePermission(Permission.ReportRead)
  @Get('monthly.csv')
  @ApiProduces('text/csv')
  @Header('Cache-Control', 'no-store')
  async monthlyCsv(@CurrentUser() user: AuthUser, @Query() query: MonthlyReportCsvQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const csv = await this.reports.monthlyCsv(user, query.month, query.publish ?? false, query.separator ?? 'comma');
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="${fileName(query, 'csv')}"`);
    return csv;
  }

  @RequirePermission(Permission.ReportRead)
  @Get('monthly.pdf')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  async monthlyPdf(@CurrentUser() user: AuthUser, @Query() query: MonthlyReportQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<StreamableFile> {
    const pdf = await this.reports.monthlyPdf(user, query.month, query.publish ?? false);
    res.header('Content-Disposition', `attachment; filename="${fileName(query, 'pdf')}"`);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
  }
}
