// npm run retention -- [--dry-run]
// Lists what has passed its retention period (README, "Privacy rights"); without --dry-run erases it,
// keeping a tombstone and an audit event per item. Uses the same configuration as the app.
import pg from 'pg';
import { loadConfig } from '../config/app-config.js';
import { DatabaseUrl } from '../database/database-url.js';
import { describeItem, removeFiles, runRetention } from './retention.js';

const dryRun = process.argv.slice(2).includes('--dry-run');
const config = loadConfig();
const database = await DatabaseUrl.resolve(config);
const client = new pg.Client({ connectionString: database.url, application_name: 'eenverhaal-retention' });
const db = { query: async (sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows };
let exitCode = 0;
try {
  await client.connect();
  await client.query('BEGIN');
  const run = await runRetention(db, config, { dryRun, context: { requestId: `retention-cli-${new Date().toISOString()}` } });
  await client.query('COMMIT');
  await removeFiles(config, run.files);
  if (!run.ran) {
    console.log('Another node is running retention right now; nothing done.');
  } else {
    for (const item of run.items) console.log(describeItem(item));
    const due = run.items.filter((i) => i.action === 'erase').length;
    console.log(dryRun
      ? `Dry run: ${due} item(s) would be erased, ${run.items.length - due} kept. Nothing was changed.`
      : `Erased ${run.erased.length} of ${due} item(s) due; a tombstone and an audit event for each.`);
  }
} catch (error) {
  await client.query('ROLLBACK').catch(() => undefined);
  console.error(`Retention failed, nothing was erased: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
  await database.stop();
}
process.exit(exitCode);
