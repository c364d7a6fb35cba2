import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Set by global-setup for every worker: a server we may create databases on, and the migrated template. */
export function testServer(): { adminUrl: string; template: string; runId: string } {
  const adminUrl = process.env.EV_TEST_ADMIN_URL;
  const template = process.env.EV_TEST_TEMPLATE;
  const runId = process.env.EV_TEST_RUN_ID;
  if (!adminUrl || !template || !runId) throw new Error('Run tests through jest (global-setup prepares the database server).');
  return { adminUrl, template, runId };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: each test file its own, so files run in parallel. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const { adminUrl, template, runId } = testServer();
  const name = `ev_t_${runId}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
