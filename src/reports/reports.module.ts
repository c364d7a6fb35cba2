import { Module } from '@nestjs/common';
import { MonthlyReportRepository } from './monthly-report.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** The monthly monitor: figures computed in SQL from intake's and the case file's tables, as JSON, CSV and PDF. */
@Module({
  controllers: [ReportsController],
  providers: [MonthlyReportRepository, ReportsService],
})
export class ReportsModule {}
