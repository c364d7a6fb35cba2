/**
 * `npm run bench:report`: the monthly report over 100,000 registrations, 250,000 children and a year
 * of status history, generated in SQL in a database of its own (dropped afterwards). Prints the time
 * of the report (target: under 1 s), the SQL it runs, and as a baseline one count(*) over the
 * registrations.
 *
 * Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres) to create the
 * database. Set BENCH_KEEP=1 to keep it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { YOUTH_CARE_REGIONS } from '../src/cases/regions.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { runMigrations } from '../src/database/migrate.js';
import { MonthlyReportRepository, monthlyFigures, monthlyFiguresOn } from '../src/reports/monthly-report.repository.js';

const TEAM = '00000000-0000-4000-8000-000000000001';
const OTHER_TEAM = '00000000-0000-4000-8000-000000000002';
const USER = '00000000-0000-4000-8000-0000000000aa';
const REGISTRATIONS = 100_000;
const CHILDREN = 250_000;
/** The report's month: the last whole month of the generated year. */
const MONTH = '2026-10';
const RUNS = 5;

/** One year of intake and case data, all in SQL. 90 % of the registrations belong to the measured team. */
const GENERATE = [
  `INSERT INTO organisation (id, name, kind) VALUES ('${TEAM}', 'Bench team', 'support_team'), ('${OTHER_TEAM}', 'Bench other team', 'support_team')`,
  `INSERT INTO app_user (id, email, display_name, role, organisation_id, password_hash) VALUES ('${USER}', 'bench-coordinator@example.test', 'Bench coordinator', 'coordinator', '${TEAM}', 'x')`,
  // Received evenly from 1 Nov 2025 to 31 Oct 2026; contact within 0-3 days (95 %), a welcome talk planned within 0-8 days (2/3).
  `INSERT INTO registration (reference, team_id, channel, route, registrant_type, name, message, consent_to_contact_at, received_at,
                             contact_due_at, welcome_due_at, status, first_contact_at, welcome_talk_planned_at)
   SELECT 'B-' || i, CASE WHEN i % 10 = 0 THEN '${OTHER_TEAM}'::uuid ELSE '${TEAM}'::uuid END, 'phone',
          (ARRAY['parent','parent','parent','child','professional','other'])[1 + i % 6],
          (ARRAY['mother','mother','mother','father','both_parents','child','professional','other'])[1 + i % 8],
          'Bench ' || i, 'Bench', t, t, t + interval '2 days', t + interval '7 days', 'new',
          CASE WHEN i % 20 <> 0 THEN t + (i % 72) * interval '1 hour' END,
          CASE WHEN i % 3 <> 0 THEN t + (i % 9) * interval '1 day' END
     FROM (SELECT i, timestamptz '2025-11-01 00:00+01' + (i::float8 / ${REGISTRATIONS}) * interval '365 days' AS t
             FROM generate_series(1, ${REGISTRATIONS}) i) g`,
  // The history: new, contacted, welcome planned, an outcome after two weeks, and for 1 in 8 in guidance a later change.
  `INSERT INTO registration_status_history (registration_id, from_status, to_status, changed_at) SELECT id, NULL, 'new', received_at FROM registration`,
  `INSERT INTO registration_status_history (registration_id, from_status, to_status, changed_at)
   SELECT id, 'new', 'contacted', first_contact_at FROM registration WHERE first_contact_at IS NOT NULL`,
  `INSERT INTO registration_status_history (registration_id, from_status, to_status, changed_at)
   SELECT id, 'contacted', 'welcome_planned', greatest(welcome_talk_planned_at, first_contact_at) FROM registration
    WHERE welcome_talk_planned_at IS NOT NULL AND first_contact_at IS NOT NULL`,
  `INSERT INTO registration_status_history (registration_id, from_status, to_status, changed_at)
   SELECT id, CASE WHEN welcome_talk_planned_at IS NULL THEN 'contacted' ELSE 'welcome_planned' END,
          (ARRAY['in_guidance','in_guidance','in_guidance','in_guidance','in_guidance','in_guidance','out_of_scope','closed','dormant','not_started'])[1 + (hashtext(id::text) & 1023) % 10],
          received_at + interval '14 days'
     FROM registration WHERE first_contact_at IS NOT NULL`,
  `INSERT INTO registration_status_history (registration_id, from_status, to_status, changed_at)
   SELECT h.registration_id, 'in_guidance', (ARRAY['closed','dormant'])[1 + (hashtext(h.registration_id::text) & 1)], h.changed_at + interval '90 days'
     FROM registration_status_history h WHERE h.to_status = 'in_guidance' AND (hashtext(h.registration_id::text) & 7) = 0`,
  `UPDATE registration r SET status = s.to_status
     FROM (SELECT DISTINCT ON (registration_id) registration_id, to_status FROM registration_status_history
            ORDER BY registration_id, changed_at DESC, seq DESC) s
    WHERE s.registration_id = r.id`,
  // A case for every registration that reached guidance, with regions and the structured fields.
  `INSERT INTO case_file (reference, title, team_id, status, region_codes, household_composition, registrant_has_custody,
                          placement_reasons, desired_situation, support_requests, created_by_id, created_at, started_at)
   SELECT 'BC-' || r.reference, 'Bench case', r.team_id, 'active',
          ARRAY[($1::text[])[1 + (n % 8)]] || CASE WHEN n % 5 = 0 THEN ARRAY[($1::text[])[9 + n % 30]] ELSE ARRAY[]::text[] END,
          (ARRAY['single_parent','single_parent','two_parents','blended','other','unknown'])[1 + n % 6],
          CASE n % 3 WHEN 0 THEN true WHEN 1 THEN false END,
          CASE WHEN n % 3 = 0 THEN ARRAY['financial','housing'] WHEN n % 3 = 1 THEN ARRAY['unsafe_home'] ELSE ARRAY[]::text[] END,
          CASE WHEN n % 2 = 0 THEN ARRAY['contact_restoration','reverse_placement'] ELSE ARRAY[]::text[] END,
          CASE WHEN n % 2 = 1 THEN ARRAY['recognition','family_recovery'] ELSE ARRAY[]::text[] END,
          '${USER}', r.received_at + interval '14 days', r.received_at
     FROM (SELECT r.*, row_number() OVER () AS n FROM registration r
            WHERE EXISTS (SELECT 1 FROM registration_status_history h WHERE h.registration_id = r.id AND h.to_status = 'in_guidance')) r`,
  `UPDATE registration r SET case_id = c.id FROM case_file c WHERE c.reference = 'BC-' || r.reference`,
  `INSERT INTO case_status_history (case_id, from_status, to_status, changed_at) SELECT id, NULL, 'active', created_at FROM case_file`,
  `INSERT INTO case_status_history (case_id, from_status, to_status, changed_at)
   SELECT id, 'active', 'dormant', created_at + interval '60 days' FROM case_file WHERE hashtext(id::text) & 7 = 0`,
  `UPDATE case_file c SET status = 'dormant' WHERE EXISTS (SELECT 1 FROM case_status_history h WHERE h.case_id = c.id AND h.to_status = 'dormant')`,
  // 250,000 children spread over the cases.
  `WITH c AS (SELECT id, row_number() OVER (ORDER BY reference) AS n FROM case_file), k AS (SELECT count(*) AS k FROM case_file)
   INSERT INTO case_child (case_id, birth_year, placement, protection_measure)
   SELECT c.id, 2005 + i % 18, (ARRAY['home','foster_family','family_home','residential','other','unknown'])[1 + i % 6],
          (ARRAY['none','supervision_order','guardianship','other','unknown'])[1 + (i / 6) % 5]
     FROM generate_series(0, ${CHILDREN - 1}) i CROSS JOIN k JOIN c ON c.n = 1 + (i % k.k)`,
  // Two results per case (when their date has come).
  `INSERT INTO case_result (case_id, kind, date, note)
   SELECT c.id, (ARRAY['file_inspection','relation_improved','care_arranged','visiting_arrangement','contact_restored','therapy'])[1 + g % 6],
          (c.created_at + (g * 20) * interval '1 day')::date, CASE WHEN g = 0 THEN 'Bench note' END
     FROM case_file c, generate_series(0, 1) g WHERE c.created_at + (g * 20) * interval '1 day' < now()`,
  // As a database in steady state is (autovacuum): statistics and visibility maps up to date.
  `VACUUM ANALYZE`,
];

function ms(start: number): string {
  return `${(performance.now() - start).toFixed(1)} ms`;
}

/**
 * CPU time (user + system, ms) a PostgreSQL backend has used so far, from /proc (the server runs on
 * this machine). Unlike wall time it does not grow when other processes compete for the CPUs.
 */
function backendCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `ev_bench_report_${randomBytes(3).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  let dataSource: DataSource | undefined;
  try {
    console.log(`database ${name}: migrating`);
    await runMigrations(url.toString());
    dataSource = new DataSource(dataSourceOptions(url.toString()));
    await dataSource.initialize();

    let start = performance.now();
    const regions = YOUTH_CARE_REGIONS.map((r) => r.code);
    for (const sql of GENERATE) await dataSource.query(sql, sql.includes('$1') ? [regions] : []);
    const [sizes] = await dataSource.query(`SELECT (SELECT count(*) FROM registration)::int AS registrations,
      (SELECT count(*) FROM registration_status_history)::int AS status_changes, (SELECT count(*) FROM case_file)::int AS cases,
      (SELECT count(*) FROM case_child)::int AS children, (SELECT count(*) FROM case_result)::int AS results`);
    console.log(`generated in ${ms(start)}:`, sizes);

    // As the app runs it: two connections sharing one snapshot (registrations on one, the case file on the other).
    const runReport = (month: string) => monthlyFigures(dataSource!, TEAM, month, { withNotes: true });
    await runReport(MONTH); // warm the cache once, as a running server would be
    const timings: number[] = [];
    let figures: Awaited<ReturnType<typeof runReport>> | undefined;
    for (let i = 0; i < RUNS; i++) {
      start = performance.now();
      figures = await runReport(MONTH);
      timings.push(performance.now() - start);
    }
    const countTimings: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      start = performance.now();
      await dataSource.query(`SELECT count(*) FROM registration`);
      countTimings.push(performance.now() - start);
    }
    const oldTimings: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      start = performance.now();
      await runReport('2026-01');
      oldTimings.push(performance.now() - start);
    }

    // The same statements one after the other on one connection without parallel workers, measuring
    // the backend's CPU time too: what one idle core needs, whatever else the machine is doing.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid`);
    await runner.query(`SET max_parallel_workers_per_gather = 0`);
    const measure = async (fn: () => Promise<unknown>) => {
      const cpu0 = backendCpuMs(pid);
      const t0 = performance.now();
      await fn();
      const cpu1 = backendCpuMs(pid);
      return { wall: performance.now() - t0, cpu: cpu0 === null || cpu1 === null ? NaN : cpu1 - cpu0 };
    };
    const serialReport = () => measure(async () => {
      await runner.startTransaction('REPEATABLE READ');
      await monthlyFiguresOn(runner.manager, runner.manager, TEAM, MONTH, { withNotes: true });
      await runner.commitTransaction();
    });
    const serialCount = () => measure(() => runner.query(`SELECT count(*) FROM registration`));
    await serialReport();
    const serial = [];
    const serialCounts = [];
    for (let i = 0; i < RUNS; i++) serial.push(await serialReport());
    for (let i = 0; i < RUNS; i++) serialCounts.push(await serialCount());
    await runner.release();

    console.log('\n== the SQL of one report (REPEATABLE READ on two connections sharing one snapshot, SET LOCAL jit = off; enable_hashjoin = off for CASES_SQL) ==');
    for (const [label, sql] of Object.entries(MonthlyReportRepository.statements)) console.log(`-- ${label}\n${sql.trim()}\n`);
    console.log('== figures (team of %d registrations) ==', figures!.registrations.total);
    console.log(JSON.stringify({ registrations: { ...figures!.registrations, byRoute: undefined, byRegistrantType: undefined }, children: figures!.cases.children }, null, 0));
    console.log('\n== timings (median of %d runs, after one warm-up) ==', RUNS);
    console.log(`monthly report ${MONTH}: ${median(timings).toFixed(1)} ms  (runs: ${timings.map((t) => t.toFixed(0)).join(', ')} ms)  target < 1000 ms: ${median(timings) < 1000 ? 'MET' : 'NOT MET'}`);
    console.log(`monthly report 2026-01 (most statuses changed since): ${median(oldTimings).toFixed(1)} ms  (runs: ${oldTimings.map((t) => t.toFixed(0)).join(', ')} ms)`);
    console.log(`baseline SELECT count(*) FROM registration: ${median(countTimings).toFixed(1)} ms`);
    console.log('-- the same statements one after the other on one connection, no parallel workers (wall / CPU time of the PostgreSQL backend, 10 ms resolution):');
    console.log(`monthly report ${MONTH}: wall ${median(serial.map((x) => x.wall)).toFixed(1)} ms, CPU ${median(serial.map((x) => x.cpu)).toFixed(0)} ms`);
    console.log(`baseline SELECT count(*) FROM registration: wall ${median(serialCounts.map((x) => x.wall)).toFixed(1)} ms, CPU ${median(serialCounts.map((x) => x.cpu)).toFixed(0)} ms`);
    const [load] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    console.log(`machine load average (1 min) ${load} on ${(await import('node:os')).cpus().length} CPUs`);
  } finally {
    await dataSource?.destroy();
    if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
