import { createHmac } from 'node:crypto';
import pg from 'pg';

/** The restricted role the app runs as when it manages one itself (cluster-wide, shared by the databases it serves). */
export const RUNTIME_ROLE = 'eenverhaal_app';
/** Tables the runtime role may read and insert into, never update, delete or truncate. */
const APPEND_ONLY = ['audit_event', 'audit_seal', 'audit_checkpoint'];

interface Log { info(message: string): void; warn(message: string): void }

export function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || process.env.PGUSER || process.env.USER || 'postgres';
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'eenverhaal-migrate' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Run as the owner after the migrations, every start (idempotent): the runtime role may use every
 * table (SELECT, INSERT, UPDATE, DELETE) except the audit tables (SELECT, INSERT only) and the
 * migrations table (SELECT), never TRUNCATE, and owns nothing. `role` is DATABASE_URL's user when
 * MIGRATION_DATABASE_URL is set, otherwise RUNTIME_ROLE, created (NOLOGIN; roles are cluster-wide, so
 * concurrently and idempotently) when the owner may create roles. Returns false when there is no
 * such role to grant to.
 */
export async function grantRuntimeRole(client: pg.Client, role: string): Promise<boolean> {
  const [me] = (await client.query(
    `SELECT current_user AS name, rolsuper OR rolcreaterole AS can_create FROM pg_roles WHERE rolname = current_user`,
  )).rows as { name: string; can_create: boolean }[];
  if (me.name === role) return false;
  const exists = async () => (await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role])).rowCount === 1;
  if (!(await exists())) {
    if (!me.can_create) return false;
    try {
      await client.query(`CREATE ROLE ${ident(role)} NOLOGIN`);
    } catch (error) {
      // Another process (a test worker, a second node) created it a moment ago.
      if (!(await exists())) throw error;
    }
  }
  const r = ident(role);
  const tables: string[] = (await client.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_has_role(current_user, c.relowner, 'USAGE')`,
  )).rows.map((row: { relname: string }) => row.relname);
  await client.query('BEGIN');
  try {
    await client.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    for (const table of tables) {
      const t = ident(table);
      await client.query(`REVOKE ALL ON ${t} FROM ${r}`);
      if (APPEND_ONLY.includes(table)) await client.query(`GRANT SELECT, INSERT ON ${t} TO ${r}`);
      else if (table === 'migrations') await client.query(`GRANT SELECT ON ${t} TO ${r}`);
      else await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO ${r}`);
    }
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // Concurrent GRANTs on one table (several nodes starting at once) may collide: the other one did it.
    if (!/tuple concurrently updated/.test((error as Error).message)) throw error;
  }
  return true;
}

/** The managed role's password: derived from the owner's URL (without the database), the same on every node given that URL. */
function derivedPassword(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.pathname = '/';
  url.search = '';
  return createHmac('sha256', url.toString()).update('eenverhaal runtime role v1').digest('base64url');
}

function urlAs(ownerUrl: string, user: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * The URL the app runs with, when it was given only the owner's (DATABASE_URL, or the embedded
 * database's superuser): the managed restricted role RUNTIME_ROLE, given LOGIN and a password
 * derived from the owner's URL when the owner may manage roles. Otherwise the owner's own URL,
 * with a warning: the audit log then stays tamper-evident (keyed hashes, checkpoints outside the
 * database) but the app's own credentials could change it.
 */
export async function managedRuntimeUrl(ownerUrl: string, log: Log): Promise<string> {
  const password = derivedPassword(ownerUrl);
  const runtimeUrl = urlAs(ownerUrl, RUNTIME_ROLE, password);
  const verdict = await withClient(ownerUrl, async (client) => {
    const [me] = (await client.query(
      `SELECT current_user AS name, rolsuper OR rolcreaterole AS can_manage FROM pg_roles WHERE rolname = current_user`,
    )).rows as { name: string; can_manage: boolean }[];
    const [role] = (await client.query(`SELECT rolcanlogin FROM pg_roles WHERE rolname = $1`, [RUNTIME_ROLE])).rows as { rolcanlogin: boolean }[];
    if (me.name === RUNTIME_ROLE) return 'self';
    if (!role || !me.can_manage) return 'unmanaged';
    if (role.rolcanlogin && (await canConnect(runtimeUrl))) return 'ready';
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`ALTER ROLE ${ident(RUNTIME_ROLE)} LOGIN PASSWORD '${password}'`);
        return 'ready';
      } catch (error) {
        if (attempt >= 5 || !/tuple concurrently updated/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
  });
  if (verdict === 'ready') {
    log.info(`The app runs as the restricted database role ${RUNTIME_ROLE} (no UPDATE, DELETE or TRUNCATE on the audit tables); migrations run as ${userOf(ownerUrl)}.`);
    return runtimeUrl;
  }
  if (verdict === 'self') return ownerUrl;
  log.warn(
    `DATABASE_URL's role ${userOf(ownerUrl)} owns the tables and may not create roles, so the app runs as the owner: the audit log ` +
    'stays tamper-evident (keyed hashes, signed checkpoints outside the database) but these credentials could change it. ' +
    'Set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a role without UPDATE, DELETE and TRUNCATE on the audit tables.',
  );
  return ownerUrl;
}

async function canConnect(url: string): Promise<boolean> {
  try {
    await withClient(url, async () => undefined);
    return true;
  } catch {
    return false;
  }
}
