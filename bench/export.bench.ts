/**
 * `npm run bench:export`: a parent's export of a case with 10,000 messages (about 3 MB of text),
 * built by the real export job in this process. Prints the time, the ZIP's size and the growth of
 * the process's resident memory while it runs (target: < 64 MiB: the ZIP is streamed, never built in
 * memory), and checks the ZIP with `unzip -t`. The baseline is taken after a warm-up export of a
 * small case (a running server has loaded pdfkit's fonts and compiled the code paths before); the
 * warm-up's own growth is printed too (`firstExportRssGrowthMiB`).
 *
 * Uses DATABASE_URL's server (a database of its own, dropped afterwards) or an embedded PostgreSQL.
 * BENCH_MESSAGES changes the number of messages.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { runMigrations } from '../src/database/migrate.js';
import { ExportsService } from '../src/privacy/exports.service.js';
import { freshDatabase } from './bench-database.js';
import { exportDone, measureRss, queueExport, seedLongConversation } from './export-seed.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);

const database = await freshDatabase('ev_bench_export');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-bench-export-'));
try {
  await runMigrations(database.url);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const db = { query: async (sql: string, p?: unknown[]) => (await client.query(sql, p)).rows };
  const seeded = await seedLongConversation(db, MESSAGES);
  const app = await createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dataDir, DATABASE_URL: database.url }), database.url);
  await app.init();
  try {
    const exports = app.get(ExportsService);
    // Let the app settle (sealer, pools) before the baseline.
    await new Promise((r) => setTimeout(r, 1000));
    // Warm-up, as on a server that has made an export before: a small case (loads pdfkit's fonts, compiles the code paths).
    const small = await seedLongConversation(db, 10);
    const warmup = await measureRss(async () => exportDone(db, () => exports.drain(), await queueExport(db, small.parentId)));
    await new Promise((r) => setTimeout(r, 500));
    const exportId = await queueExport(db, seeded.parentId);
    const measured = await measureRss(() => exportDone(db, () => exports.drain(), exportId));
    const row = measured.result;
    const unzip = await promisify(execFile)('unzip', ['-t', exports.fileOf(exportId)]).then((r) => r.stdout.includes('No errors detected'), () => false);
    console.log(JSON.stringify({
      messages: MESSAGES, status: row.status, zipMiB: Math.round((Number(row.byte_size) / 1048576) * 10) / 10, seconds: measured.seconds,
      firstExportRssGrowthMiB: warmup.growthMiB, rssBaselineMiB: measured.baselineMiB, rssPeakMiB: measured.peakMiB, rssGrowthMiB: measured.growthMiB, targetMiB: 64,
      met: measured.growthMiB < 64, unzipOk: unzip,
    }));
  } finally {
    await app.close();
    await client.end();
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
  await database.cleanUp();
}
