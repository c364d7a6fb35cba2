// `npm run bench:http`: requests/s and latency of an authenticated GET /api/me on the real app
// (session lookup, guard, audit context, pino request log, helmet, the user query) against a bare
// Express handler answering the same JSON, both measured in this run with autocannon.
// Targets (issues 2 and 15): ratio ≥ 0.5 (closed loop, 50 connections); p99 < 20 ms at 500 req/s
// offered (open loop, evenly spaced: bench/open-loop.ts).
//
// The app runs as `node dist/src/main.js` with production settings (LOG_LEVEL=info, its log to
// /dev/null) on a fresh database: a scratch database on DATABASE_URL's server (dropped after), or
// an embedded PostgreSQL in a temporary directory. Each server is its own process, so the load
// generator never shares an event loop with the server it measures.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../src/accounts/passwords.js';
import { runMigrations } from '../src/database/migrate.js';
import { freshDatabase } from './bench-database.js';
import { startServer, stop } from './bench-process.js';
import { openLoop } from './open-loop.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 3;
const ROUNDS = 5;
/** Open loop: requests per second offered whatever the latency (issue 15: p99 < 20 ms at 500 req/s). */
const OFFERED_RATE = Number(process.env.BENCH_RATE ?? 500);
const distDir = path.dirname(new URL(import.meta.url).pathname); // dist/bench

interface Figures { requestsPerSecond: number; p50: number; p99: number }

async function round(url: string, headers: Record<string, string>, seconds: number): Promise<Result> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors: the benchmark is not measuring what it should`);
  }
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Both targets in alternating rounds, so a change in the machine's load during the run (other
 * processes, CPU frequency) hits both alike instead of whichever happened to run second.
 */
async function compare(targets: { url: string; headers: Record<string, string> }[]): Promise<Figures[]> {
  for (const target of targets) await round(target.url, target.headers, WARMUP);
  const results: Result[][] = targets.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [index, target] of targets.entries()) results[index].push(await round(target.url, target.headers, DURATION / ROUNDS));
  }
  return results.map((rounds) => ({
    requestsPerSecond: rounds.reduce((sum, r) => sum + r.requests.total!, 0) / rounds.reduce((sum, r) => sum + r.duration, 0),
    p50: median(rounds.map((r) => r.latency.p50)),
    p99: median(rounds.map((r) => r.latency.p99)),
  }));
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  console.log(`bench:http: GET /api/me, ${CONNECTIONS} connections, ${DURATION} s per server (after ${WARMUP} s warm-up), node ${process.version}, ${os.cpus().length} CPUs`);
  const database = await freshDatabase();
  const children: ChildProcess[] = [];
  try {
    await runMigrations(database.url);
    // A parent account (no second factor needed) that logs in over HTTP like a real client.
    const email = 'bench-parent@example.test';
    const password = 'bench-wachtwoord-lang-genoeg';
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1, 'Bench Ouder', 'parent', $2)`, [email, await hashPassword(password)]);
    await client.end();

    const app = await startServer(path.join(distDir, '..', 'src', 'main.js'), { DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    children.push(app.child);
    const login = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { token } = await login.json() as { token: string };

    const bare = await startServer(path.join(distDir, 'bare-express.server.js'), {});
    children.push(bare.child);

    const [appResult, bareResult] = await compare([
      { url: `${app.url}/api/me`, headers: { Authorization: `Bearer ${token}` } },
      { url: `${bare.url}/api/me`, headers: {} },
    ]);

    const ratio = appResult.requestsPerSecond / bareResult.requestsPerSecond;
    const rows = [
      ['', 'req/s', 'p50 ms', 'p99 ms'],
      ['Eenverhaal GET /api/me (authenticated)', fmt(appResult.requestsPerSecond), fmt(appResult.p50, 1), fmt(appResult.p99, 1)],
      ['bare Express handler', fmt(bareResult.requestsPerSecond), fmt(bareResult.p50, 1), fmt(bareResult.p99, 1)],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    const ratioOk = ratio >= 0.5;
    console.log(`ratio (app / bare req/s, closed loop at ${CONNECTIONS} connections): ${ratio.toFixed(2)} — target ≥ 0.50: ${ratioOk ? 'met' : 'MISSED'}`);
    // Open loop at a fixed offered rate, evenly spaced (bench/open-loop.ts): latency as a user sees it when the server is not saturated.
    const open = await openLoop(`${app.url}/api/me`, { rate: OFFERED_RATE, seconds: Math.max(5, DURATION / 2), headers: { Authorization: `Bearer ${token}` } });
    if (open.failures > 0) throw new Error(`open loop: ${open.failures} failed requests`);
    console.log(`open loop at ${OFFERED_RATE} req/s offered: ${fmt(open.rate)} req/s answered, p50 ${fmt(open.p50, 1)} ms, p99 ${fmt(open.p99, 1)} ms — target p99 < 20 ms: ${open.p99 < 20 && open.rate >= OFFERED_RATE * 0.95 ? 'met' : 'MISSED'}`);
    // The same open loop against the bare handler: what the load generator and the machine add by themselves.
    const bareOpen = await openLoop(`${bare.url}/api/me`, { rate: OFFERED_RATE, seconds: Math.max(5, DURATION / 2) });
    console.log(`open loop at ${OFFERED_RATE} req/s offered, bare Express handler (the harness's own floor): p50 ${fmt(bareOpen.p50, 1)} ms, p99 ${fmt(bareOpen.p99, 1)} ms`);
    console.log(`(${ROUNDS} alternating rounds of ${DURATION / ROUNDS} s per server; p50/p99 are the medians of the rounds'; load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
  } finally {
    for (const child of children) await stop(child);
    await database.cleanUp();
  }
}

await main();
