import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, PLACEMENTS, RESULT_KINDS, SUPPORT_REQUESTS,
} from '../cases/case-vocabulary.js';
import { TransactionHost } from '../database/transaction-host.js';
import { REGISTRANT_TYPES, REGISTRATION_ROUTES, REGISTRATION_STATUSES } from '../intake/intake-vocabulary.js';
import { GOAL_OWNERS, GOAL_STATUSES } from '../shared/plan-vocabulary.js';

/** The months of the report: every boundary is local midnight in Europe/Amsterdam. */
export interface MonthBounds {
  /** First instant of the month before (inclusive). */
  prevStart: Date;
  /** First instant of the month (inclusive) = end of the month before (exclusive). */
  start: Date;
  /** First instant of the next month: the month's end (exclusive). */
  end: Date;
  /** The 12 months of the series, oldest first, ending with the report's month. */
  seriesMonths: string[];
}

type Counts = Record<string, number>;

/** What the SQL returns for the registrations (intake's tables), at the month's end and the previous month's end. */
export interface RegistrationFigures {
  total: number;
  newThisMonth: number;
  byStatus: Counts;
  byRoute: Counts;
  byRegistrantType: Counts;
  contactedWithin2Days: number;
  welcomePlannedWithin7Days: number;
  prev: { total: number; newThisMonth: number; byStatus: Counts; contactedWithin2Days: number; welcomePlannedWithin7Days: number };
  /** Registrations received per bucket of the series' boundaries (see REGISTRATIONS_SQL); absent buckets are 0. */
  receivedPerBucket: Record<string, number> | null;
}

/** What the SQL returns for the case file's tables (cases in view at the month's end). */
export interface CaseFigures {
  cases: { total: number; newThisMonth: number; prevTotal: number; prevNewThisMonth: number };
  children: {
    total: number; placed: number; withMeasure: number; withoutMeasure: number; unknownMeasure: number;
    byPlacement: Counts; prevTotal: number; prevPlaced: number;
  };
  placementReasons: Counts & { casesWithKnownReasons: number };
  householdComposition: Counts;
  custody: { yes: number; no: number; unknown: number };
  desiredSituation: Counts & { casesKnown: number };
  supportRequests: Counts & { casesKnown: number };
  regions: { casesWithKnownRegions: number; byRegion: { code: string; cases: number }[] };
  results: { thisMonth: number; byKind: Counts; cumulative: number; prevThisMonth: number };
  /** Issue 18: the plans of the cases in view (goals as recorded now, made before the month's end). */
  plan: PlanFigures;
}

export interface PlanFigures {
  goals: { total: number; byOwner: Counts; byStatus: Counts; byOwnerAndStatus: Record<string, Counts> };
  casesWithGoals: number;
  /** Cases with at least one goal of the parents' own (owner `parent` or `family`). */
  casesWithParentGoal: number;
  resultsLinkedToGoals: { thisMonth: number; cumulative: number };
}

export interface ResultNote {
  kind: string;
  date: string;
  note: string;
}

/** `count(*) FILTER (WHERE <expr> = '<value>')` per value, as one JSON object keyed by value. Values come from code, never from input. */
function countsBy(expr: string, values: readonly string[], alsoWhere = 'true'): string {
  return `json_build_object(${values.map((v) => `'${v}', count(*) FILTER (WHERE ${alsoWhere} AND ${expr} = '${v}')`).join(', ')})`;
}

/** Sums of the pre-aggregated counts `n` per value, as one JSON object keyed by value. */
function sumsBy(expr: string, values: readonly string[], alsoWhere = 'true'): string {
  return `json_build_object(${values.map((v) => `'${v}', COALESCE(sum(n) FILTER (WHERE ${alsoWhere} AND ${expr} = '${v}'), 0)`).join(', ')})`;
}

/** Same for array columns: in how many rows the array holds each value. */
function countsContaining(column: string, values: readonly string[]): string {
  return values.map((v) => `'${v}', count(*) FILTER (WHERE '${v}' = ANY(${column}))`).join(', ');
}

/**
 * $1 team, $2 start of the month, $3 end of the month, $4 the 13 boundaries of the 12-month series
 * (ending with $3).
 *
 * A registration's status at an instant is the `to_status` of its latest history row at or before
 * that instant (ties by `seq`), exactly as intake's `registration_status_at()` defines it. Only
 * registrations with a change since the start of the month are looked up, in one grouped pass over
 * their history (for an older month that is most of them, and one lateral probe each cost twice as
 * much); for all others the status stands as it is now (intake keeps `registration.status` equal to
 * the latest history row).
 */
export const REGISTRATIONS_SQL = `
WITH moved AS (
  SELECT h.registration_id,
         (array_agg(h.to_status ORDER BY h.changed_at DESC, h.seq DESC) FILTER (WHERE h.changed_at < $3))[1] AS at_end,
         (array_agg(h.to_status ORDER BY h.changed_at DESC, h.seq DESC) FILTER (WHERE h.changed_at < $2))[1] AS at_prev
    FROM registration_status_history h
   WHERE h.registration_id IN (SELECT registration_id FROM registration_status_history WHERE changed_at >= $2) AND h.changed_at < $3
   GROUP BY h.registration_id
),
-- One row per combination of what the report distinguishes: a few hundred rows instead of every registration.
g AS (
  SELECT r.route, r.registrant_type,
         CASE WHEN m.registration_id IS NULL THEN r.status ELSE m.at_end END AS status_end,
         CASE WHEN r.received_at >= $2 THEN NULL WHEN m.registration_id IS NULL THEN r.status ELSE m.at_prev END AS status_prev,
         width_bucket(r.received_at, $4::timestamptz[]) AS bucket,
         r.first_contact_at < $3 AND r.first_contact_at <= r.received_at + interval '48 hours' AS contact_end,
         r.welcome_talk_planned_at < $3 AND r.welcome_talk_planned_at <= r.received_at + interval '168 hours' AS welcome_end,
         r.first_contact_at < $2 AND r.first_contact_at <= r.received_at + interval '48 hours' AS contact_prev,
         r.welcome_talk_planned_at < $2 AND r.welcome_talk_planned_at <= r.received_at + interval '168 hours' AS welcome_prev,
         count(*)::int AS n
    FROM registration r
    LEFT JOIN moved m ON m.registration_id = r.id
   WHERE r.team_id = $1 AND r.received_at < $3
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
)
SELECT json_build_object(
  'total', COALESCE(sum(n), 0),
  'newThisMonth', COALESCE(sum(n) FILTER (WHERE bucket = 12), 0),
  'byStatus', ${sumsBy('status_end', REGISTRATION_STATUSES)},
  'byRoute', ${sumsBy('route', REGISTRATION_ROUTES)},
  'byRegistrantType', ${sumsBy('registrant_type', REGISTRANT_TYPES)},
  'contactedWithin2Days', COALESCE(sum(n) FILTER (WHERE contact_end), 0),
  'welcomePlannedWithin7Days', COALESCE(sum(n) FILTER (WHERE welcome_end), 0),
  'prev', json_build_object(
    'total', COALESCE(sum(n) FILTER (WHERE bucket < 12), 0),
    'newThisMonth', COALESCE(sum(n) FILTER (WHERE bucket = 11), 0),
    'byStatus', ${sumsBy('status_prev', REGISTRATION_STATUSES)},
    'contactedWithin2Days', COALESCE(sum(n) FILTER (WHERE bucket < 12 AND contact_prev), 0),
    'welcomePlannedWithin7Days', COALESCE(sum(n) FILTER (WHERE bucket < 12 AND welcome_prev), 0)
  ),
  -- $4 holds the series' 13 month boundaries (the last is $3): bucket k (1..12) is month k, bucket 0 all before.
  'receivedPerBucket', (SELECT json_object_agg(bucket, n) FROM (SELECT bucket, sum(n)::int AS n FROM g GROUP BY bucket) x)
) AS figures
FROM g`;

/**
 * $1 team, $2 start of the previous month, $3 start of the month, $4 end of the month,
 * $5 first day of the month (date), $6 first day of the next month (date), $7 first day of the previous month (date).
 *
 * The cases in view at a month's end: the team's cases that had started by then (`started_at`: a
 * case converted from a registration starts when that registration was received, any other case
 * when it was created) and did not stand as `out_of_scope` then (a case's status at an instant:
 * its latest status change before it; before its first recorded change, the status it was opened
 * with).
 * Children, placement, measures and the structured fields have no history: they count as recorded
 * now, for the cases in view then.
 */
export const CASES_SQL = `
WITH moved AS (
  SELECT h.case_id,
         (array_agg(h.to_status ORDER BY h.changed_at DESC) FILTER (WHERE h.changed_at < $4))[1] AS at_end,
         (array_agg(h.to_status ORDER BY h.changed_at DESC) FILTER (WHERE h.changed_at < $3))[1] AS at_prev,
         (array_agg(h.to_status ORDER BY h.changed_at))[1] AS first
    FROM case_status_history h
   WHERE h.case_id IN (SELECT case_id FROM case_status_history WHERE changed_at >= $3)
   GROUP BY h.case_id
),
cases AS (
  SELECT c.id, c.region_codes, c.household_composition, c.registrant_has_custody, c.placement_reasons,
         c.desired_situation, c.support_requests, c.started_at,
         CASE WHEN m.case_id IS NULL THEN c.status ELSE COALESCE(m.at_end, m.first) END AS status_end,
         CASE WHEN m.case_id IS NULL THEN c.status ELSE COALESCE(m.at_prev, m.first) END AS status_prev
    FROM case_file c
    LEFT JOIN moved m ON m.case_id = c.id
   WHERE c.team_id = $1 AND c.started_at < $4
),
in_view AS (
  SELECT *, started_at < $3 AND status_prev IS DISTINCT FROM 'out_of_scope' AS in_prev
    FROM cases WHERE status_end IS DISTINCT FROM 'out_of_scope'
),
kids AS (
  SELECT ch.placement, ch.protection_measure, v.in_prev, ch.placement NOT IN ('home', 'unknown') AS placed, count(*)::int AS n
    FROM in_view v JOIN case_child ch ON ch.case_id = v.id
   GROUP BY 1, 2, 3
),
results AS (
  SELECT cr.kind, cr.date >= $5::date AS this_month, cr.date >= $7::date AND cr.date < $5::date AS prev_month, count(*)::int AS n
    FROM in_view v JOIN case_result cr ON cr.case_id = v.id WHERE cr.date < $6::date
   GROUP BY 1, 2, 3
),
-- Issue 18: the goals of the plans of the cases in view, made before the month's end (status as recorded now).
goals AS (
  SELECT g.case_id, g.owner, g.status FROM in_view v JOIN plan_goal g ON g.case_id = v.id WHERE g.created_at < $4
)
SELECT json_build_object(
  'plan', json_build_object(
    'goals', (SELECT json_build_object(
        'total', count(*),
        'byOwner', ${countsBy('owner', GOAL_OWNERS)},
        'byStatus', ${countsBy('status', GOAL_STATUSES)},
        'byOwnerAndStatus', json_build_object(${GOAL_OWNERS.map((o) => `'${o}', ${countsBy('status', GOAL_STATUSES, `owner = '${o}'`)}`).join(', ')})) FROM goals),
    'casesWithGoals', (SELECT count(DISTINCT case_id) FROM goals),
    'casesWithParentGoal', (SELECT count(DISTINCT case_id) FROM goals WHERE owner IN ('parent', 'family')),
    'resultsLinkedToGoals', (SELECT json_build_object('thisMonth', count(*) FILTER (WHERE cr.date >= $5::date), 'cumulative', count(*))
                               FROM in_view v JOIN case_result cr ON cr.case_id = v.id WHERE cr.date < $6::date AND cr.goal_id IS NOT NULL)),
  -- Every per-case figure in one pass over the cases in view.
  'cases', (SELECT json_build_object(
      'total', count(*), 'newThisMonth', count(*) FILTER (WHERE started_at >= $3),
      'prevTotal', count(*) FILTER (WHERE in_prev), 'prevNewThisMonth', count(*) FILTER (WHERE in_prev AND started_at >= $2),
      'placementReasons', json_build_object('casesWithKnownReasons', count(*) FILTER (WHERE cardinality(placement_reasons) > 0),
                                            ${countsContaining('placement_reasons', PLACEMENT_REASONS)}),
      'householdComposition', ${countsBy('household_composition', HOUSEHOLD_COMPOSITIONS)},
      'custody', json_build_object('yes', count(*) FILTER (WHERE registrant_has_custody), 'no', count(*) FILTER (WHERE NOT registrant_has_custody),
                                   'unknown', count(*) FILTER (WHERE registrant_has_custody IS NULL)),
      'desiredSituation', json_build_object('casesKnown', count(*) FILTER (WHERE cardinality(desired_situation) > 0),
                                            ${countsContaining('desired_situation', DESIRED_SITUATIONS)}),
      'supportRequests', json_build_object('casesKnown', count(*) FILTER (WHERE cardinality(support_requests) > 0),
                                           ${countsContaining('support_requests', SUPPORT_REQUESTS)}),
      'casesWithKnownRegions', count(*) FILTER (WHERE cardinality(region_codes) > 0)) FROM in_view),
  'children', (SELECT json_build_object(
      'total', COALESCE(sum(n), 0), 'placed', COALESCE(sum(n) FILTER (WHERE placed), 0),
      'withMeasure', COALESCE(sum(n) FILTER (WHERE placed AND protection_measure IN ('supervision_order', 'guardianship', 'other')), 0),
      'withoutMeasure', COALESCE(sum(n) FILTER (WHERE placed AND protection_measure = 'none'), 0),
      'unknownMeasure', COALESCE(sum(n) FILTER (WHERE placed AND protection_measure = 'unknown'), 0),
      'byPlacement', ${sumsBy('placement', PLACEMENTS)},
      'prevTotal', COALESCE(sum(n) FILTER (WHERE in_prev), 0), 'prevPlaced', COALESCE(sum(n) FILTER (WHERE in_prev AND placed), 0)) FROM kids),
  'byRegion', (SELECT COALESCE(json_agg(json_build_object('code', code, 'cases', n) ORDER BY n DESC, code), '[]'::json)
                 FROM (SELECT u.code, sum(g.n)::int AS n
                         -- Few distinct region lists: group the cases by them before unnesting.
                         FROM (SELECT region_codes, count(*) AS n FROM in_view GROUP BY region_codes) g, unnest(g.region_codes) AS u(code)
                        GROUP BY u.code) x),
  'results', (SELECT json_build_object(
      'thisMonth', COALESCE(sum(n) FILTER (WHERE this_month), 0),
      'byKind', ${sumsBy('kind', RESULT_KINDS, 'this_month')},
      'cumulative', COALESCE(sum(n), 0),
      'prevThisMonth', COALESCE(sum(n) FILTER (WHERE prev_month), 0)) FROM results)
) AS figures`;

/** The notes of the month's results (free text: only for the team's own, unpublished report). $1 team, $2/$3 first day of the month/next month. */
export const RESULT_NOTES_SQL = `
SELECT cr.kind, cr.date::text AS date, cr.note
  FROM case_result cr JOIN case_file c ON c.id = cr.case_id
 WHERE c.team_id = $1 AND cr.date >= $2::date AND cr.date < $3::date AND cr.note IS NOT NULL
 ORDER BY cr.date, cr.created_at
 LIMIT 200`;

/** Local midnights in Europe/Amsterdam, whatever the session's time zone. $1 = 'YYYY-MM'. */
export const BOUNDS_SQL = `
SELECT (d AT TIME ZONE 'Europe/Amsterdam') AS start,
       ((d + interval '1 month') AT TIME ZONE 'Europe/Amsterdam') AS "end",
       ((d - interval '1 month') AT TIME ZONE 'Europe/Amsterdam') AS prev_start,
       ARRAY(SELECT (d + k * interval '1 month') AT TIME ZONE 'Europe/Amsterdam' FROM generate_series(-11, 1) k ORDER BY k) AS series_bounds,
       ARRAY(SELECT to_char(d + k * interval '1 month', 'YYYY-MM') FROM generate_series(-11, 0) k ORDER BY k) AS series_months,
       to_char(d, 'YYYY-MM-DD') AS first_day, to_char(d + interval '1 month', 'YYYY-MM-DD') AS next_first_day,
       to_char(d - interval '1 month', 'YYYY-MM-DD') AS prev_first_day
  FROM (SELECT ($1 || '-01')::timestamp AS d) m`;

export interface MonthlyFigures {
  teamName: string;
  bounds: MonthBounds;
  registrations: RegistrationFigures;
  cases: CaseFigures;
  notes: ResultNote[];
}

/** Runs one statement; a TypeORM EntityManager or QueryRunner both fit. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** What `pg_export_snapshot()` returns, e.g. `00000003-0000001B-1`: checked before it goes into SET TRANSACTION. */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+-[0-9]+$/i;

/**
 * The monitor's figures, computed in PostgreSQL. A READ-ONLY exception to "modules talk through
 * services": it aggregates intake's and the case file's tables in SQL (100,000 registrations must
 * answer in well under a second); it never writes, and never loads rows or personal data into Node.
 */
@Injectable()
export class MonthlyReportRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Every query of one report (for the benchmark's print-out). */
  static readonly statements = { BOUNDS_SQL, REGISTRATIONS_SQL, CASES_SQL, RESULT_NOTES_SQL };

  async figures(teamId: string, month: string, options: { withNotes: boolean }): Promise<MonthlyFigures> {
    return monthlyFigures(this.txHost.tx.connection, teamId, month, options);
  }
}

/**
 * The report on two connections of `dataSource` at once: the registrations' statement on one, the
 * case file's on the other, so PostgreSQL uses two CPU cores. Both read one snapshot (exported by
 * the first, imported by the second), so the figures add up even while the team keeps working.
 */
export async function monthlyFigures(dataSource: DataSource, teamId: string, month: string, options: { withNotes: boolean }): Promise<MonthlyFigures> {
  const first = dataSource.createQueryRunner();
  const second = dataSource.createQueryRunner();
  let committed = false;
  try {
    await Promise.all([first.connect(), second.connect()]);
    await first.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    const [{ snapshot }] = await first.query(`SELECT pg_export_snapshot() AS snapshot`);
    if (!SNAPSHOT_ID.test(snapshot)) throw new Error('unexpected snapshot id from pg_export_snapshot()');
    await second.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    await second.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    const figures = await monthlyFiguresOn(first, second, teamId, month, options);
    await Promise.all([first.query('COMMIT'), second.query('COMMIT')]);
    committed = true;
    return figures;
  } finally {
    await Promise.all([first, second].map(async (runner) => {
      // A failed statement leaves its transaction open and aborted: end it before the connection returns to the pool.
      if (!committed) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }));
  }
}

/**
 * The report's statements, each inside a REPEATABLE READ transaction the caller opened on `first`
 * and `second` (which must share one snapshot). The registrations' and the case file's statements
 * run at the same time when `first` and `second` are two connections, one after the other when
 * they are the same.
 */
export async function monthlyFiguresOn(first: Queryable, second: Queryable, teamId: string, month: string, options: { withNotes: boolean }): Promise<MonthlyFigures> {
  // JIT compilation costs more than it saves on these sub-second aggregates.
  const settings = async (db: Queryable) => {
    await db.query(`SET LOCAL jit = off`);
    await db.query(`SET LOCAL work_mem = '32MB'`);
  };
  await settings(first);
  if (second !== first) await settings(second);
  const [b] = await first.query(BOUNDS_SQL, [month]);
  const bounds: MonthBounds = { prevStart: b.prev_start, start: b.start, end: b.end, seriesMonths: b.series_months };
  const registrationsAndRest = async () => {
    const [reg] = await first.query(REGISTRATIONS_SQL, [teamId, bounds.start, bounds.end, b.series_bounds]);
    const notes: ResultNote[] = options.withNotes ? await first.query(RESULT_NOTES_SQL, [teamId, b.first_day, b.next_first_day]) : [];
    const [team] = await first.query(`SELECT name FROM organisation WHERE id = $1`, [teamId]);
    return { reg, notes, team };
  };
  // The case file's statement joins children and results to the materialised cases in view. The
  // planner has no statistics for a CTE, so it would hash the whole child and result tables (the
  // larger sides); merge joins over their covering indexes stream them in case order instead
  // (see bench:report). Set back after that statement, for when both run on one connection.
  const caseFile = async () => {
    await second.query(`SET LOCAL enable_hashjoin = off`);
    const [row] = await second.query(CASES_SQL, [teamId, bounds.prevStart, bounds.start, bounds.end, b.first_day, b.next_first_day, b.prev_first_day]);
    await second.query(`SET LOCAL enable_hashjoin TO DEFAULT`);
    return row;
  };
  const [{ reg, notes, team }, row] = second === first
    ? [await registrationsAndRest(), await caseFile()]
    : await Promise.all([registrationsAndRest(), caseFile()]);
  // The per-case figures come from one pass (see CASES_SQL); put them where the report expects them.
  const { placementReasons, householdComposition, custody, desiredSituation, supportRequests, casesWithKnownRegions, ...cases } = row.figures.cases;
  const caseFigures: CaseFigures = {
    cases, children: row.figures.children, results: row.figures.results, plan: row.figures.plan,
    placementReasons, householdComposition, custody, desiredSituation, supportRequests,
    regions: { casesWithKnownRegions, byRegion: row.figures.byRegion },
  };
  return { teamName: team?.name ?? '', bounds, registrations: reg.figures, cases: caseFigures, notes };
}
