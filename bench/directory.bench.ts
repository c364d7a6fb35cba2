// `npm run bench:directory`: the public help-directory search on 10,000 services (generated in SQL,
// Dutch text, 1–3 themes and 0–3 regions each), by free text (PostgreSQL full-text search, Dutch
// configuration, GIN index), region, theme and all three together. Each search is sent one at a time
// (closed loop, 1 connection) to the app running as `node dist/src/main.js` and, as the baseline in
// the same run, the very same SQL statement (`SEARCH_SQL`) through a plain pg client. Prints p50/p99
// per search and the ratio app p99 / baseline p99. Target (issue 20): p99 < 50 ms.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { runMigrations } from '../src/database/migrate.js';
import { SEARCH_SQL } from '../src/directory/directory.service.js';
import { freshDatabase } from './bench-database.js';
import { startServer, stop } from './bench-process.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const WARMUP = 100;
const distDir = path.dirname(new URL(import.meta.url).pathname);

async function generate(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  await client.query(`INSERT INTO directory_organization (name, url, email, phone) SELECT 'Bench organisatie ' || g, 'https://bench.test/' || g, 'info' || g || '@bench.test', '010 000 ' || lpad(g::text, 4, '0') FROM generate_series(1, 1000) g`);
  await client.query(`CREATE TEMP TABLE org AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM directory_organization`);
  // Words that parents search for, mixed so that each word hits a few percent of the services.
  await client.query(
    `WITH words AS (SELECT ARRAY['schulden','woning','urgentie','advocaat','omgang','bezoeksregeling','therapie','opvoeding','lotgenoten','jongeren',
                                  'uitkering','werk','toeslagen','rechtbank','pleeggezin','inzage','dossier','gezinsvoogd','steun','budget',
                                  'huisarts','wijkteam','depressie','angst','trauma','mediation','scheiding','kinderen','ouders','contact'] AS w),
          regions AS (SELECT ARRAY['achterhoek','amsterdam-amstelland','drenthe','flevoland','friesland','groningen','haaglanden','ijsselland','rijnmond',
                                   'twente','utrecht-stad','zeeland','zuid-limburg','zuidoost-brabant','midden-brabant','noord-holland-noord'] AS r),
          themes AS (SELECT ARRAY['housing','debts_and_money','legal_aid','parenting_support','mental_health','peer_support','children_and_youth',
                                  'contact_with_children','work_and_income','other'] AS t)
     INSERT INTO directory_service (organization_id, name, description, themes, region_codes, eligibility, referral_needed, how_to_apply)
     SELECT o.id,
            'Hulp ' || w[1 + g % 30] || ' ' || g,
            'Wij helpen bij ' || w[1 + (g * 7) % 30] || ' en ' || w[1 + (g * 13) % 30] || '. Samen met u zoeken wij naar ' || w[1 + (g * 17) % 30] || ' die past.',
            ARRAY(SELECT DISTINCT t[1 + (g * k) % 10] FROM generate_series(1, 1 + g % 3) k),
            CASE WHEN g % 10 = 0 THEN '{}' ELSE ARRAY(SELECT DISTINCT r[1 + (g * k * 3) % 16] FROM generate_series(1, 1 + g % 3) k) END,
            'Voor ouders met vragen over ' || w[1 + (g * 19) % 30] || '.', g % 4 = 0, 'Bel of mail ons; u hoort binnen een week van ons.'
       FROM generate_series(1, $1::int) g JOIN org o ON o.n = g % 1000, words, regions, themes`,
    [SERVICES],
  );
  await client.query(`INSERT INTO directory_location (organization_id, address, postal_code, city) SELECT id, 'Benchstraat ' || n, '1000 AA', 'Benchstad' FROM org`);
  await client.query(
    `INSERT INTO directory_service_at_location (service_id, location_id)
     SELECT s.id, l.id FROM directory_service s JOIN directory_location l ON l.organization_id = s.organization_id`);
  await client.query('COMMIT');
  // As autovacuum would: move the GIN indexes' pending entries into the index proper, and gather statistics.
  await client.query('VACUUM ANALYZE');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; mean: number }> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

interface Search { name: string; queries: { region?: string; theme?: string; q?: string }[] }

const SEARCHES: Search[] = [
  { name: 'q (free text)', queries: ['schulden', 'woning urgentie', 'advocaat', '"bezoeksregeling"', 'therapie -angst', 'pleeggezin of omgang'].map((q) => ({ q })) },
  { name: 'region', queries: ['ijsselland', 'rijnmond', 'amsterdam-amstelland', 'twente'].map((region) => ({ region })) },
  { name: 'theme', queries: ['housing', 'debts_and_money', 'legal_aid', 'mental_health'].map((theme) => ({ theme })) },
  { name: 'q + region + theme', queries: [
    { q: 'schulden', region: 'rijnmond', theme: 'debts_and_money' }, { q: 'woning', region: 'ijsselland', theme: 'housing' },
    { q: 'advocaat rechtbank', region: 'haaglanden', theme: 'legal_aid' }, { q: 'ouders', region: 'twente', theme: 'parenting_support' }] },
  { name: 'nothing (first page of all)', queries: [{}] },
];

const f = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  console.log(`bench:directory: ${SERVICES.toLocaleString('en-US')} services, ${REQUESTS} sequential requests per search after ${WARMUP} warm-up, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  const database = await freshDatabase();
  const children: ChildProcess[] = [];
  const client = new pg.Client({ connectionString: database.url });
  try {
    await runMigrations(database.url);
    await client.connect();
    const started = Date.now();
    await generate(client);
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM directory_service`)).rows;
    console.log(`generated ${n.toLocaleString('en-US')} services in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (process.env.BENCH_EXPLAIN) {
      for (const search of SEARCHES) {
        const query = search.queries[0];
        const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${SEARCH_SQL}`, [query.region ?? null, query.theme ?? null, query.q ?? null, null, 21]);
        console.log(`\n-- ${search.name}: ${JSON.stringify(query)}\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`);
      }
      return;
    }
    const app = await startServer(path.join(distDir, '..', 'src', 'main.js'), { DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    children.push(app.child);

    console.log('\nsearch                          app p50   app p99   pg p50   pg p99   ratio p99 (app/pg)   hits (first page)');
    let worst = 0;
    for (const search of SEARCHES) {
      const url = (i: number) => {
        const query = search.queries[i % search.queries.length];
        return `${app.url}/api/directory/services?${new URLSearchParams({ ...query, limit: '20' } as Record<string, string>)}`;
      };
      let hits = 0;
      const viaApp = await measure(async (i) => {
        const res = await fetch(url(i));
        if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
        const body = await res.json() as { items: unknown[] };
        hits = Math.max(hits, body.items.length);
      });
      const viaPg = await measure((i) => {
        const query = search.queries[i % search.queries.length];
        return client.query(SEARCH_SQL, [query.region ?? null, query.theme ?? null, query.q ?? null, null, 21]);
      });
      worst = Math.max(worst, viaApp.p99);
      console.log(`${search.name.padEnd(30)} ${f(viaApp.p50).padStart(6)} ms ${f(viaApp.p99).padStart(6)} ms ${f(viaPg.p50).padStart(5)} ms ${f(viaPg.p99).padStart(5)} ms   ${(viaApp.p99 / viaPg.p99).toFixed(2).padStart(6)}               ${hits}`);
    }
    console.log(`\nworst app p99: ${f(worst)} ms (target < 50 ms): ${worst < 50 ? 'met' : 'MISSED'}`);
  } finally {
    await client.end().catch(() => undefined);
    for (const child of children) await stop(child);
    await database.cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
