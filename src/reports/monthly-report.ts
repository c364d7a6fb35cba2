import {
  DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, PLACEMENTS, RESULT_KINDS, SUPPORT_REQUESTS,
} from '../cases/case-vocabulary.js';
import { YOUTH_CARE_REGIONS } from '../cases/regions.js';
import { REGISTRANT_TYPES, REGISTRATION_ROUTES, REGISTRATION_STATUSES } from '../intake/intake-vocabulary.js';
import type { MonthlyFigures } from './monthly-report.repository.js';
import { GOAL_OWNERS, GOAL_STATUSES } from '../shared/plan-vocabulary.js';

/** A count as reported: the number, or `"<5"` in a report meant for publication. */
export type Count = number | '<5';
export const SUPPRESSED = '<5' as const;
/** Counts below this are shown as "<5" in a published report. */
export const SUPPRESSION_THRESHOLD = 5;
/** How many regions `regions.top` lists. */
export const TOP_REGIONS = 5;

type CountsOf<K extends string> = Record<K, Count>;

export interface RegionCount { code: string; name: string; cases: Count }

export interface MonthSummary {
  registrations: { total: Count; inGuidance: Count; outOfScope: Count; closedDormantNotStarted: Count; open: Count; newThisMonth: Count };
  responseTimes: { contactWithin2DaysPct: number | null; welcomeWithin7DaysPct: number | null };
  cases: { total: Count; newThisMonth: Count };
  children: { total: Count; placed: Count };
  results: { thisMonth: Count };
}

export interface MonthlyReport {
  month: string;
  period: { start: string; end: string; timeZone: 'Europe/Amsterdam'; complete: boolean };
  published: boolean;
  generatedAt: string;
  registrations: {
    total: Count; inGuidance: Count; outOfScope: Count; closedDormantNotStarted: Count; open: Count; newThisMonth: Count;
    byStatus: CountsOf<(typeof REGISTRATION_STATUSES)[number]>;
    byRoute: CountsOf<(typeof REGISTRATION_ROUTES)[number]>;
    byRegistrantType: CountsOf<(typeof REGISTRANT_TYPES)[number]>;
    byMonth: { month: string; new: Count; total: Count }[];
  };
  responseTimes: {
    registrations: Count; contactedWithin2Days: Count; welcomePlannedWithin7Days: Count;
    contactWithin2DaysPct: number | null; welcomeWithin7DaysPct: number | null;
  };
  cases: { total: Count; newThisMonth: Count };
  children: {
    total: Count; placed: Count;
    protectionMeasure: { with: Count; without: Count; unknown: Count };
    byPlacement: CountsOf<(typeof PLACEMENTS)[number]>;
  };
  placementReasons: { casesWithKnownReasons: Count } & CountsOf<(typeof PLACEMENT_REASONS)[number]>;
  regions: { count: number; casesWithKnownRegions: Count; top: RegionCount[]; byRegion: RegionCount[] };
  householdComposition: CountsOf<(typeof HOUSEHOLD_COMPOSITIONS)[number]>;
  custody: { yes: Count; no: Count; unknown: Count };
  desiredSituation: { casesKnown: Count } & CountsOf<(typeof DESIRED_SITUATIONS)[number]>;
  supportRequests: { casesKnown: Count } & CountsOf<(typeof SUPPORT_REQUESTS)[number]>;
  results: { thisMonth: Count; byKind: CountsOf<(typeof RESULT_KINDS)[number]>; cumulative: Count; notes?: { kind: string; date: string; note: string }[] };
  /** Issue 18: the plans (1 gezin 1 plan) of the cases in view. */
  plan: {
    goals: {
      total: Count;
      byOwner: CountsOf<(typeof GOAL_OWNERS)[number]>;
      byStatus: CountsOf<(typeof GOAL_STATUSES)[number]>;
      byOwnerAndStatus: Record<(typeof GOAL_OWNERS)[number], CountsOf<(typeof GOAL_STATUSES)[number]>>;
    };
    casesWithGoals: Count;
    casesWithParentGoal: Count;
    /** Whole percent of the cases in view with at least one goal of the parents' own (parent or family). */
    casesWithParentGoalPct: number | null;
    resultsLinkedToGoals: { thisMonth: Count; cumulative: Count };
  };
  previousMonth: MonthSummary & { month: string };
  /** This month minus the previous month (percentages: in percentage points). */
  change: MonthSummary;
}

/** Whole percent, rounded half up; null when there is nothing to divide by. */
export function wholePercent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((100 * part) / whole) : null;
}

const REGION_NAMES = new Map(YOUTH_CARE_REGIONS.map((r) => [r.code, r.name]));

function pick<K extends string>(counts: Record<string, number> | null | undefined, keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, Number(counts?.[k] ?? 0)])) as Record<K, number>;
}

function minus(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

/** Turns the SQL's figures into the report (every count exact; see `forPublication` for the published form). */
export function assembleMonthlyReport(month: string, figures: MonthlyFigures, now: Date): MonthlyReport {
  const r = figures.registrations;
  const c = figures.cases;
  const byStatus = pick(r.byStatus, REGISTRATION_STATUSES);
  const prevStatus = pick(r.prev.byStatus, REGISTRATION_STATUSES);
  const grouped = (s: Record<string, number>) => ({
    inGuidance: s.in_guidance,
    outOfScope: s.out_of_scope,
    closedDormantNotStarted: s.closed + s.dormant + s.not_started,
    open: s.new + s.contacted + s.welcome_planned,
  });

  const buckets = r.receivedPerBucket ?? {};
  let running = Number(buckets['0'] ?? 0);
  const byMonth = figures.bounds.seriesMonths.map((m, i) => {
    const received = Number(buckets[String(i + 1)] ?? 0);
    running += received;
    return { month: m, new: received, total: running };
  });

  const regionRows = (c.regions.byRegion ?? []).map((x) => ({ code: x.code, name: REGION_NAMES.get(x.code) ?? x.code, cases: Number(x.cases) }));

  const current: MonthSummary = {
    registrations: { total: r.total, ...grouped(byStatus), newThisMonth: r.newThisMonth },
    responseTimes: { contactWithin2DaysPct: wholePercent(r.contactedWithin2Days, r.total), welcomeWithin7DaysPct: wholePercent(r.welcomePlannedWithin7Days, r.total) },
    cases: { total: c.cases.total, newThisMonth: c.cases.newThisMonth },
    children: { total: c.children.total, placed: c.children.placed },
    results: { thisMonth: c.results.thisMonth },
  };
  const previous: MonthSummary = {
    registrations: { total: r.prev.total, ...grouped(prevStatus), newThisMonth: r.prev.newThisMonth },
    responseTimes: { contactWithin2DaysPct: wholePercent(r.prev.contactedWithin2Days, r.prev.total), welcomeWithin7DaysPct: wholePercent(r.prev.welcomePlannedWithin7Days, r.prev.total) },
    cases: { total: c.cases.prevTotal, newThisMonth: c.cases.prevNewThisMonth },
    children: { total: c.children.prevTotal, placed: c.children.prevPlaced },
    results: { thisMonth: c.results.prevThisMonth },
  };

  return {
    month,
    period: {
      start: new Date(figures.bounds.start).toISOString(),
      end: new Date(figures.bounds.end).toISOString(),
      timeZone: 'Europe/Amsterdam',
      complete: now.getTime() >= new Date(figures.bounds.end).getTime(),
    },
    published: false,
    generatedAt: now.toISOString(),
    registrations: {
      ...current.registrations,
      byStatus,
      byRoute: pick(r.byRoute, REGISTRATION_ROUTES),
      byRegistrantType: pick(r.byRegistrantType, REGISTRANT_TYPES),
      byMonth,
    },
    responseTimes: {
      registrations: r.total,
      contactedWithin2Days: r.contactedWithin2Days,
      welcomePlannedWithin7Days: r.welcomePlannedWithin7Days,
      ...current.responseTimes,
    },
    cases: current.cases,
    children: {
      total: c.children.total,
      placed: c.children.placed,
      protectionMeasure: { with: c.children.withMeasure, without: c.children.withoutMeasure, unknown: c.children.unknownMeasure },
      byPlacement: pick(c.children.byPlacement, PLACEMENTS),
    },
    placementReasons: { casesWithKnownReasons: c.placementReasons.casesWithKnownReasons, ...pick(c.placementReasons, PLACEMENT_REASONS) },
    regions: {
      count: regionRows.length,
      casesWithKnownRegions: c.regions.casesWithKnownRegions,
      top: regionRows.slice(0, TOP_REGIONS),
      byRegion: regionRows,
    },
    householdComposition: pick(c.householdComposition, HOUSEHOLD_COMPOSITIONS),
    custody: { yes: c.custody.yes, no: c.custody.no, unknown: c.custody.unknown },
    desiredSituation: { casesKnown: c.desiredSituation.casesKnown, ...pick(c.desiredSituation, DESIRED_SITUATIONS) },
    supportRequests: { casesKnown: c.supportRequests.casesKnown, ...pick(c.supportRequests, SUPPORT_REQUESTS) },
    results: { thisMonth: c.results.thisMonth, byKind: pick(c.results.byKind, RESULT_KINDS), cumulative: c.results.cumulative, notes: figures.notes },
    plan: {
      goals: {
        total: Number(c.plan.goals.total),
        byOwner: pick(c.plan.goals.byOwner, GOAL_OWNERS),
        byStatus: pick(c.plan.goals.byStatus, GOAL_STATUSES),
        byOwnerAndStatus: Object.fromEntries(GOAL_OWNERS.map((o) => [o, pick(c.plan.goals.byOwnerAndStatus?.[o], GOAL_STATUSES)])) as MonthlyReport['plan']['goals']['byOwnerAndStatus'],
      },
      casesWithGoals: Number(c.plan.casesWithGoals),
      casesWithParentGoal: Number(c.plan.casesWithParentGoal),
      casesWithParentGoalPct: wholePercent(Number(c.plan.casesWithParentGoal), c.cases.total),
      resultsLinkedToGoals: { thisMonth: Number(c.plan.resultsLinkedToGoals.thisMonth), cumulative: Number(c.plan.resultsLinkedToGoals.cumulative) },
    },
    previousMonth: { month: figures.bounds.seriesMonths[figures.bounds.seriesMonths.length - 2], ...previous },
    change: difference(current, previous),
  };
}

function difference(a: MonthSummary, b: MonthSummary): MonthSummary {
  const d = (x: Count, y: Count) => (x as number) - (y as number);
  return {
    registrations: {
      total: d(a.registrations.total, b.registrations.total),
      inGuidance: d(a.registrations.inGuidance, b.registrations.inGuidance),
      outOfScope: d(a.registrations.outOfScope, b.registrations.outOfScope),
      closedDormantNotStarted: d(a.registrations.closedDormantNotStarted, b.registrations.closedDormantNotStarted),
      open: d(a.registrations.open, b.registrations.open),
      newThisMonth: d(a.registrations.newThisMonth, b.registrations.newThisMonth),
    },
    responseTimes: {
      contactWithin2DaysPct: minus(a.responseTimes.contactWithin2DaysPct, b.responseTimes.contactWithin2DaysPct),
      welcomeWithin7DaysPct: minus(a.responseTimes.welcomeWithin7DaysPct, b.responseTimes.welcomeWithin7DaysPct),
    },
    cases: { total: d(a.cases.total, b.cases.total), newThisMonth: d(a.cases.newThisMonth, b.cases.newThisMonth) },
    children: { total: d(a.children.total, b.children.total), placed: d(a.children.placed, b.children.placed) },
    results: { thisMonth: d(a.results.thisMonth, b.results.thisMonth) },
  };
}

/** Numbers that are not counts of people, cases or events: never suppressed. */
const NOT_COUNTS = new Set(['regions.count']);

function suppressCounts(value: unknown, path: string): unknown {
  if (typeof value === 'number') {
    if (path.endsWith('Pct') || NOT_COUNTS.has(path)) return value;
    // A change (either way) smaller than the threshold would give a small count away just the same.
    return Math.abs(value) < SUPPRESSION_THRESHOLD ? SUPPRESSED : value;
  }
  if (Array.isArray(value)) return value.map((v) => suppressCounts(v, path));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ['code', 'name', 'month'].includes(k) ? v : suppressCounts(v, `${path}.${k}`)]));
  }
  return value;
}

/**
 * The report as it may be published: every count (and every change) below 5 becomes "<5", no free
 * text, and no percentage of fewer than 5 registrations.
 */
export function forPublication(report: MonthlyReport): MonthlyReport {
  const { notes: _notes, ...results } = report.results;
  const base: MonthlyReport = { ...report, results };
  const out = Object.fromEntries(Object.entries(base).map(([k, v]) =>
    ['month', 'period', 'published', 'generatedAt'].includes(k) ? [k, v] : [k, suppressCounts(v, k)])) as unknown as MonthlyReport;
  out.published = true;
  if (typeof report.responseTimes.registrations === 'number' && report.responseTimes.registrations < SUPPRESSION_THRESHOLD) {
    out.responseTimes.contactWithin2DaysPct = null;
    out.responseTimes.welcomeWithin7DaysPct = null;
    out.change.responseTimes = { contactWithin2DaysPct: null, welcomeWithin7DaysPct: null };
  }
  // A share of fewer than 5 cases (or of a count below 5) would give the small count away.
  const parentGoals = report.plan.casesWithParentGoal;
  if (typeof report.cases.total === 'number' && (report.cases.total < SUPPRESSION_THRESHOLD || (typeof parentGoals === 'number' && parentGoals < SUPPRESSION_THRESHOLD))) {
    out.plan.casesWithParentGoalPct = null;
  }
  const prevRegs = report.previousMonth.registrations.total;
  if (typeof prevRegs === 'number' && prevRegs < SUPPRESSION_THRESHOLD) {
    out.previousMonth.responseTimes = { contactWithin2DaysPct: null, welcomeWithin7DaysPct: null };
    out.change.responseTimes = { contactWithin2DaysPct: null, welcomeWithin7DaysPct: null };
  }
  return out;
}
