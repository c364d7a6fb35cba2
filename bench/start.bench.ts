/**
 * `npm run bench:start`: how long a newcomer waits. Runs the README's own command, `npm start`, the
 * way a newcomer does (no DATABASE_URL: the embedded PostgreSQL), and polls /health until it answers
 * 200 with the database up:
 * - first start: an empty DATA_DIR (the cluster is initialised, every migration applied);
 * - restarts: the same DATA_DIR again, RUNS times (median and slowest).
 * Targets: first start < 10 s, restart < 3 s. Where the time goes comes from the server's own log
 * lines (embedded PostgreSQL, migrations, Nest boot, listening). The build is not part of a start:
 * it runs once at `npm install` (`prepare`) and again only when a source changed; `--build` also
 * times a full build as a baseline.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../src/database/embedded-postgres.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Start {
  ms: number;
  phases: Array<[string, number]>;
}

/** Milestones in the server's JSON log, by message prefix, in the order they happen. */
const MILESTONES: Array<[string, RegExp]> = [
  ['embedded PostgreSQL up', /^Embedded PostgreSQL listening/],
  ['migrations done', /^(Applied migrations|Starting Nest application)/],
  ['listening', /^Eenverhaal listens on/],
];

async function timedStart(dataDir: string): Promise<{ child: ChildProcess; start: Start }> {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info', npm_config_update_notifier: 'false' };
  delete env.DATABASE_URL;
  delete env.DEMO;
  const t0 = performance.now();
  // Its own process group, so npm, the shell it runs and node all stop together.
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const phases: Array<[string, number]> = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        const msg = String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
        for (const [name, pattern] of MILESTONES) {
          if (pattern.test(msg) && !phases.some(([n]) => n === name)) phases.push([name, performance.now() - t0]);
        }
      } catch {
        // not a log line (build output): ignore
      }
    }
  });
  const url = `http://127.0.0.1:${port}/health`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      const body = (await res.json()) as { database?: string };
      if (res.status === 200 && body.database === 'up') break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 120_000) throw new Error('npm start did not become healthy within 120 s');
    await new Promise((r) => setTimeout(r, 25));
  }
  const ms = performance.now() - t0;
  phases.push(['healthy', ms]);
  return { child, start: { ms, phases } };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  // main.js stops the embedded PostgreSQL on SIGTERM; give its last process a moment to go.
  await new Promise((r) => setTimeout(r, 300));
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const describe = (start: Start) => start.phases.map(([name, at]) => `${name} ${s(at)}`).join(' · ');

async function main(): Promise<void> {
  console.log(`bench:start on ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (process.argv.includes('--build')) {
    const t0 = performance.now();
    const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
    if (built.status !== 0) throw new Error('build failed');
    console.log(`full build (npm run build, what \`npm install\` does once): ${s(performance.now() - t0)}`);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'eenverhaal-bench-start-'));
  try {
    const first = await timedStart(dataDir);
    await stop(first.child);
    console.log(`first start, empty DATA_DIR: ${s(first.start.ms)} to healthy (target < 10 s: ${first.start.ms < 10_000 ? 'met' : 'MISSED'})`);
    console.log(`  ${describe(first.start)}`);
    const restarts: Start[] = [];
    for (let i = 0; i < RUNS; i++) {
      const again = await timedStart(dataDir);
      await stop(again.child);
      restarts.push(again.start);
    }
    const sorted = [...restarts].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)];
    const slowest = sorted[sorted.length - 1];
    console.log(`restart (${RUNS}×): median ${s(median.ms)}, slowest ${s(slowest.ms)} to healthy (target < 3 s: ${slowest.ms < 3_000 ? 'met' : 'MISSED'})`);
    console.log(`  median run: ${describe(median)}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
