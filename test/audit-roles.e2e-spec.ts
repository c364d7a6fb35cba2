import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { bearer } from './helpers/factories.js';
import { databaseUrl, testServer, withAdminClient } from './helpers/test-database.js';
import { clusterDatabase, startAppProcess } from './realtime-cluster.js';

/** The database roles the app runs as (issue 15), as `node dist/src/main.js` sets them up. */
describe('database roles: migrations as the owner, the app as a role that cannot change the audit log (e2e)', () => {
  const { adminUrl } = testServer();
  const asRole = (url: string, role: string) => {
    const u = new URL(url);
    u.username = role;
    u.password = '';
    return u.toString();
  };

  it('MIGRATION_DATABASE_URL set: migrations run as the owner and the app as DATABASE_URL\'s role, granted SELECT and INSERT only on the audit tables', async () => {
    const db = await clusterDatabase();
    const role = `ev_rt_${randomBytes(4).toString('hex')}`;
    await withAdminClient(adminUrl, (c) => c.query(`CREATE ROLE ${role} LOGIN`));
    const app = await startAppProcess(asRole(db.url, role), { MIGRATION_DATABASE_URL: db.url });
    try {
      const user = await db.factories.user('parent');
      await request(app.url).get('/api/me').set(bearer(user)).expect(200);
      const [grants] = await db.dataSource.query(
        `SELECT has_table_privilege($1, 'audit_event', 'INSERT') AS insert_event, has_table_privilege($1, 'audit_event', 'UPDATE') AS update_event,
                has_table_privilege($1, 'audit_event', 'DELETE') AS delete_event, has_table_privilege($1, 'audit_seal', 'UPDATE') AS update_seal,
                has_table_privilege($1, 'audit_checkpoint', 'TRUNCATE') AS truncate_checkpoint, has_table_privilege($1, 'case_file', 'UPDATE') AS update_case,
                has_table_privilege($1, 'migrations', 'INSERT') AS insert_migration`, [role]);
      expect(grants).toEqual({
        insert_event: true, update_event: false, delete_event: false, update_seal: false, truncate_checkpoint: false, update_case: true, insert_migration: false,
      });
      const users = await db.dataSource.query(
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'eenverhaal'`);
      expect(users).toEqual([{ usename: role }]);
    } finally {
      await app.stop();
      await db.drop();
      await withAdminClient(adminUrl, (c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    }
  }, 120_000);

  it('only DATABASE_URL, of a role that owns the database but may not create roles: the app runs as that owner and says so', async () => {
    const owner = `ev_own_${randomBytes(4).toString('hex')}`;
    const name = `ev_t_${testServer().runId}_${randomBytes(4).toString('hex')}`;
    await withAdminClient(adminUrl, async (c) => {
      await c.query(`CREATE ROLE ${owner} LOGIN NOCREATEROLE`);
      await c.query(`CREATE DATABASE ${name} OWNER ${owner}`);
    });
    const app = await startAppProcess(asRole(databaseUrl(adminUrl, name), owner), { LOG_LEVEL: 'warn' });
    try {
      expect(app.output()).toMatch(new RegExp(`DATABASE_URL's role ${owner} owns the tables and may not create roles, so the app runs as the owner`));
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.stop();
      await withAdminClient(adminUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${owner}`);
      });
    }
  }, 120_000);
});
