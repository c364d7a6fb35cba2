import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { forPublication, assembleMonthlyReport, type MonthlyReport } from './monthly-report.js';
import { monthlyReportCsv } from './monthly-report.csv.js';
import { monthlyReportPdf } from './monthly-report.pdf.js';
import { MonthlyReportRepository } from './monthly-report.repository.js';
import { ReportErrors } from './reports.errors.js';

export type ReportFormat = 'json' | 'csv' | 'pdf';

/** The month (YYYY-MM) an instant falls in, in the Netherlands. */
export function amsterdamMonth(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(instant).slice(0, 7);
}

/** The monthly monitor of a coordinator's own team, as JSON, CSV or PDF. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: MonthlyReportRepository,
    private readonly audit: AuditService,
  ) {}

  async monthly(user: AuthUser, month: string, publish: boolean, format: ReportFormat): Promise<{ report: MonthlyReport; teamName: string }> {
    if (user.role !== 'coordinator' || !user.organisationId) throw ReportErrors.notInATeam();
    const now = new Date();
    // The current month is allowed (figures so far, `period.complete: false`); a month yet to begin is refused.
    if (month > amsterdamMonth(now)) throw ReportErrors.monthInFuture(month);
    const figures = await this.repository.figures(user.organisationId, month, { withNotes: !publish });
    const report = assembleMonthlyReport(month, figures, now);
    // Aggregates only: the audit event names the team, month and form, never a person.
    await this.audit.record({
      action: 'report.monthly.read', subjectType: 'team', subjectId: user.organisationId,
      details: { month, publish, format },
    });
    return { report: publish ? forPublication(report) : report, teamName: figures.teamName };
  }

  async monthlyJson(user: AuthUser, month: string, publish: boolean): Promise<MonthlyReport> {
    return (await this.monthly(user, month, publish, 'json')).report;
  }

  async monthlyCsv(user: AuthUser, month: string, publish: boolean, separator: 'comma' | 'semicolon' = 'comma'): Promise<string> {
    return monthlyReportCsv((await this.monthly(user, month, publish, 'csv')).report, separator);
  }

  async monthlyPdf(user: AuthUser, month: string, publish: boolean): Promise<Buffer> {
    const { report, teamName } = await this.monthly(user, month, publish, 'pdf');
    return monthlyReportPdf(report, { teamName });
  }
}
