import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';

export interface BenchDatabase { url: string; cleanUp(): Promise<void> }

/**
 * A throw-away database for one benchmark run: a new database on DATABASE_URL's server (dropped
 * afterwards), or an embedded PostgreSQL in a temporary directory when DATABASE_URL is unset.
 */
export async function freshDatabase(prefix = 'ev_bench'): Promise<BenchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const admin = new URL(process.env.DATABASE_URL);
    admin.pathname = '/postgres';
    const run = async (sql: string) => {
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await run(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return { url: url.toString(), cleanUp: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'eenverhaal-bench-'));
  await chmod(dir, 0o755);
  const embedded = await startEmbeddedPostgres(path.join(dir, 'data'), { info: () => undefined, warn: (m) => console.warn(m) }, name);
  return {
    url: embedded.url,
    async cleanUp() {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
