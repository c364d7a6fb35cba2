// Plain JavaScript: jest loads global setup outside its ESM transform, so this uses the compiled
// sources in dist/ (`npm test` compiles first).
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';
import { runMigrations } from '../../dist/src/database/migrate.js';
import { databaseUrl, withAdminClient } from '../../dist/test/helpers/test-database.js';

/**
 * Once per `npm test`: find a PostgreSQL server (DATABASE_URL's, or an embedded one started here),
 * migrate a template database once, and tell the workers where it is.
 */
export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  let adminUrl;
  if (process.env.DATABASE_URL) {
    adminUrl = databaseUrl(process.env.DATABASE_URL, 'postgres');
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eenverhaal-test-pg-'));
    const log = { info: () => undefined, warn: (m) => console.warn(m) };
    globalThis.__EV_EMBEDDED__ = await startEmbeddedPostgres(dir, log, 'postgres_test');
    adminUrl = databaseUrl(globalThis.__EV_EMBEDDED__.url, 'postgres');
  }
  const template = `ev_tpl_${runId}`;
  await withAdminClient(adminUrl, async (client) => {
    // Leftovers of runs that were killed before their teardown.
    const stale = await client.query(`SELECT datname FROM pg_database WHERE datname ~ '^ev_(t|tpl)_' AND datname NOT LIKE $1`, [`%${runId}%`]);
    for (const row of stale.rows) {
      if (await isOlderThanAnHour(row.datname)) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`).catch(() => undefined);
    }
    await client.query(`CREATE DATABASE ${template}`);
  });
  await runMigrations(databaseUrl(adminUrl, template));
  await withAdminClient(adminUrl, (c) => c.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE true`));
  process.env.EV_TEST_ADMIN_URL = adminUrl;
  process.env.EV_TEST_TEMPLATE = template;
  process.env.EV_TEST_RUN_ID = runId;
}

async function isOlderThanAnHour(name) {
  const id = name.split('_')[2] ?? '';
  const stamp = parseInt(id.slice(0, -4), 36);
  return Number.isFinite(stamp) && Date.now() - stamp > 3600_000;
}
