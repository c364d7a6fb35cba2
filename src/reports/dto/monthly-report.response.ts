import { ApiProperty } from '@nestjs/swagger';

/** Counts are integers, or the string "<5" in a published report. */
const counts = (description: string) => ({ type: 'object' as const, description: `${description} Counts: integer, or "<5" when published.`, additionalProperties: true });

/** The monthly report (see api.md, "Intake, caseload and the monitor"). Counts are integers, or "<5" in a published report. */
export class MonthlyReportResponse {
  @ApiProperty({ example: '2022-05' }) month: string;
  @ApiProperty({ type: 'object', description: '{ start, end (exclusive; local midnights in Europe/Amsterdam, as UTC), timeZone, complete }', additionalProperties: true })
  period: Record<string, unknown>;
  @ApiProperty({ description: 'true: counts below 5 shown as "<5" and no free text.' }) published: boolean;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty(counts('Cumulative to the month end, statuses as they stood then: total, inGuidance, outOfScope, closedDormantNotStarted, open, newThisMonth, byStatus, byRoute, byRegistrantType, byMonth [{ month, new, total }] (12 months).'))
  registrations: Record<string, unknown>;
  @ApiProperty(counts('Whole percents of ALL registrations to the month end: contactWithin2DaysPct, welcomeWithin7DaysPct; and the counts behind them.'))
  responseTimes: Record<string, unknown>;
  @ApiProperty(counts('Families in view (cases): total, newThisMonth.')) cases: Record<string, unknown>;
  @ApiProperty(counts('total, placed (placement other than home/unknown), protectionMeasure { with, without, unknown } among the placed, byPlacement.'))
  children: Record<string, unknown>;
  @ApiProperty(counts('casesWithKnownReasons and cases per reason.')) placementReasons: Record<string, unknown>;
  @ApiProperty(counts('count (distinct regions), casesWithKnownRegions, top [{ code, name, cases }] (5), byRegion (all).')) regions: Record<string, unknown>;
  @ApiProperty(counts('Cases per household composition.')) householdComposition: Record<string, unknown>;
  @ApiProperty(counts('yes, no, unknown: whether the registrant has custody.')) custody: Record<string, unknown>;
  @ApiProperty(counts('casesKnown and cases per desired situation.')) desiredSituation: Record<string, unknown>;
  @ApiProperty(counts('casesKnown and cases per support request.')) supportRequests: Record<string, unknown>;
  @ApiProperty(counts('thisMonth, byKind (this month), cumulative; notes [{ kind, date, note }] only when not published.')) results: Record<string, unknown>;
  @ApiProperty(counts('The previous month: month, registrations, responseTimes, cases, children, results.')) previousMonth: Record<string, unknown>;
  @ApiProperty(counts('This month minus the previous month, same keys (percentages in percentage points).')) change: Record<string, unknown>;
}
