import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Count, MonthlyReport } from '../monthly-report.js';

/** A count: the integer, or the string "<5" in a published report. */
const COUNT = { oneOf: [{ type: 'integer' as const }, { type: 'string' as const, enum: ['<5'] }] };
const count = (description?: string) => ({ ...COUNT, description });
/** Counts per code of a vocabulary (every code present, 0 when none). */
const countsPerCode = (description: string) => ({ type: 'object' as const, additionalProperties: COUNT, description });
const percent = (description: string) => ({ type: 'integer' as const, nullable: true, description: `${description} Whole percent; null when there is nothing to divide by.` });

class ReportPeriod {
  @ApiProperty({ format: 'date-time', description: 'Local midnight in Europe/Amsterdam, as UTC.' }) start: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive; local midnight in Europe/Amsterdam, as UTC.' }) end: string;
  @ApiProperty({ enum: ['Europe/Amsterdam'] }) timeZone: 'Europe/Amsterdam';
  @ApiProperty({ description: 'false while the month has not ended.' }) complete: boolean;
}

class RegistrationSummaryFigures {
  @ApiProperty(count('Cumulative to the month end.')) total: Count;
  @ApiProperty(COUNT) inGuidance: Count;
  @ApiProperty(COUNT) outOfScope: Count;
  @ApiProperty(COUNT) closedDormantNotStarted: Count;
  @ApiProperty(count('new, contacted or welcome_planned at the month end.')) open: Count;
  @ApiProperty(COUNT) newThisMonth: Count;
}

class MonthCount {
  @ApiProperty({ example: '2022-05' }) month: string;
  @ApiProperty(COUNT) new: Count;
  @ApiProperty(count('Cumulative to that month end.')) total: Count;
}

class RegistrationFigures extends RegistrationSummaryFigures {
  @ApiProperty(countsPerCode('Per registration status, as they stood at the month end.')) byStatus: Record<string, Count>;
  @ApiProperty(countsPerCode('Per route (parent, child, professional, other).')) byRoute: Record<string, Count>;
  @ApiProperty(countsPerCode('Per registrant type.')) byRegistrantType: Record<string, Count>;
  @ApiProperty({ type: [MonthCount], description: '12 months, oldest first.' }) byMonth: MonthCount[];
}

class ResponseTimeSummary {
  @ApiProperty(percent('Registrations contacted within 2 working days, of ALL registrations to the month end.')) contactWithin2DaysPct: number | null;
  @ApiProperty(percent('Welcome talks planned within 7 days, of ALL registrations to the month end.')) welcomeWithin7DaysPct: number | null;
}

class ResponseTimes extends ResponseTimeSummary {
  @ApiProperty(COUNT) registrations: Count;
  @ApiProperty(COUNT) contactedWithin2Days: Count;
  @ApiProperty(COUNT) welcomePlannedWithin7Days: Count;
}

class CaseFigures {
  @ApiProperty(count('Families in view (cases).')) total: Count;
  @ApiProperty(COUNT) newThisMonth: Count;
}

class ChildSummaryFigures {
  @ApiProperty(COUNT) total: Count;
  @ApiProperty(count('Placement other than home or unknown.')) placed: Count;
}

class ProtectionMeasureCounts {
  @ApiProperty(COUNT) with: Count;
  @ApiProperty(COUNT) without: Count;
  @ApiProperty(COUNT) unknown: Count;
}

class ChildFigures extends ChildSummaryFigures {
  @ApiProperty({ type: ProtectionMeasureCounts, description: 'Among the placed children.' }) protectionMeasure: ProtectionMeasureCounts;
  @ApiProperty(countsPerCode('Per placement.')) byPlacement: Record<string, Count>;
}

class RegionCount {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty(COUNT) cases: Count;
}

class RegionFigures {
  @ApiProperty({ description: 'Distinct regions.' }) count: number;
  @ApiProperty(COUNT) casesWithKnownRegions: Count;
  @ApiProperty({ type: [RegionCount], description: 'The 5 regions with the most cases.' }) top: RegionCount[];
  @ApiProperty({ type: [RegionCount] }) byRegion: RegionCount[];
}

class CustodyCounts {
  @ApiProperty(COUNT) yes: Count;
  @ApiProperty(COUNT) no: Count;
  @ApiProperty(COUNT) unknown: Count;
}

class ResultNote {
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() note: string;
}

class ResultSummaryFigures {
  @ApiProperty(COUNT) thisMonth: Count;
}

class ResultFigures extends ResultSummaryFigures {
  @ApiProperty(countsPerCode('Per result kind, this month.')) byKind: Record<string, Count>;
  @ApiProperty(COUNT) cumulative: Count;
  @ApiPropertyOptional({ type: [ResultNote], description: 'Only when not published.' }) notes?: ResultNote[];
}

class PlanGoalFigures {
  @ApiProperty(COUNT) total: Count;
  @ApiProperty(countsPerCode('Goals per owner: parent, child, family, team, partner.')) byOwner: Record<string, Count>;
  @ApiProperty(countsPerCode('Goals per status: open, in_progress, achieved, dropped.')) byStatus: Record<string, Count>;
  @ApiProperty({ type: 'object', additionalProperties: countsPerCode('Goals of this owner per status.'), description: 'Per owner, the goals per status.' })
  byOwnerAndStatus: Record<string, Record<string, Count>>;
}

class ResultsLinkedToGoals {
  @ApiProperty(COUNT) thisMonth: Count;
  @ApiProperty(count('Cumulative to the month end.')) cumulative: Count;
}

/** Issue 18: the plans (1 gezin 1 plan) of the cases in view; goals as recorded now, made before the month's end. */
class PlanFigures {
  @ApiProperty({ type: PlanGoalFigures }) goals: PlanGoalFigures;
  @ApiProperty(COUNT) casesWithGoals: Count;
  @ApiProperty(count("Cases with at least one goal of the parents' own (owner parent or family).")) casesWithParentGoal: Count;
  @ApiProperty(percent("Share of the cases in view with at least one goal of the parents' own.")) casesWithParentGoalPct: number | null;
  @ApiProperty({ type: ResultsLinkedToGoals, description: 'Results that name the goal they serve.' }) resultsLinkedToGoals: ResultsLinkedToGoals;
}

class MonthSummary {
  @ApiProperty({ type: RegistrationSummaryFigures }) registrations: RegistrationSummaryFigures;
  @ApiProperty({ type: ResponseTimeSummary }) responseTimes: ResponseTimeSummary;
  @ApiProperty({ type: CaseFigures }) cases: CaseFigures;
  @ApiProperty({ type: ChildSummaryFigures }) children: ChildSummaryFigures;
  @ApiProperty({ type: ResultSummaryFigures }) results: ResultSummaryFigures;
}

class PreviousMonth extends MonthSummary {
  @ApiProperty({ example: '2022-04' }) month: string;
}

/**
 * The monthly report (see api.md, "Intake, caseload and the monitor"). Counts are integers, or "<5"
 * in a published report. The per-code tables (`placementReasons`, `desiredSituation`, ...) hold
 * one count per code of the vocabulary besides the named totals.
 */
export class MonthlyReportResponse {
  @ApiProperty({ example: '2022-05' }) month: string;
  @ApiProperty({ type: ReportPeriod }) period: ReportPeriod;
  @ApiProperty({ description: 'true: counts below 5 shown as "<5" and no free text.' }) published: boolean;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: RegistrationFigures }) registrations: RegistrationFigures;
  @ApiProperty({ type: ResponseTimes }) responseTimes: ResponseTimes;
  @ApiProperty({ type: CaseFigures }) cases: CaseFigures;
  @ApiProperty({ type: ChildFigures }) children: ChildFigures;
  @ApiProperty(countsPerCode('casesWithKnownReasons, and the cases per placement reason.')) placementReasons: { casesWithKnownReasons: Count } & Record<string, Count>;
  @ApiProperty({ type: RegionFigures }) regions: RegionFigures;
  @ApiProperty(countsPerCode('Cases per household composition.')) householdComposition: Record<string, Count>;
  @ApiProperty({ type: CustodyCounts, description: 'Whether the registrant has custody.' }) custody: CustodyCounts;
  @ApiProperty(countsPerCode('casesKnown, and the cases per desired situation.')) desiredSituation: { casesKnown: Count } & Record<string, Count>;
  @ApiProperty(countsPerCode('casesKnown, and the cases per support request.')) supportRequests: { casesKnown: Count } & Record<string, Count>;
  @ApiProperty({ type: ResultFigures }) results: ResultFigures;
  @ApiProperty({ type: PlanFigures }) plan: PlanFigures;
  @ApiProperty({ type: PreviousMonth }) previousMonth: PreviousMonth;
  @ApiProperty({ type: MonthSummary, description: 'This month minus the previous month (percentages in percentage points).' }) change: MonthSummary;
}

/** The report as assembled is this response: a field the DTO lacks or types otherwise does not compile. */
export function toMonthlyReportResponse(report: MonthlyReport): MonthlyReportResponse {
  return report;
}
