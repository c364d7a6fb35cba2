// Plain JavaScript: jest loads global setup outside its ESM transform, so this uses the compiled
// sources in dist/ (`npm test` compiles first).
import { withAdminClient } from '../../dist/test/helpers/test-database.js';

export default async function globalTeardown() {
  const adminUrl = process.env.EV_TEST_ADMIN_URL;
  const runId = process.env.EV_TEST_RUN_ID;
  if (adminUrl && runId) {
    await withAdminClient(adminUrl, async (client) => {
      const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`ev\\_%\\_${runId}%`]);
      for (const row of rows) {
        await client.query(`ALTER DATABASE ${row.datname} WITH IS_TEMPLATE false`).catch(() => undefined);
        await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      }
    }).catch((error) => console.warn(`Could not drop test databases: ${String(error)}`));
  }
  await globalThis.__EV_EMBEDDED__?.stop();
}
