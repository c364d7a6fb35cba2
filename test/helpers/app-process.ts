import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../../src/database/embedded-postgres.js';

export const MAIN = path.resolve('dist/src/main.js');

export interface AppProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  waitForHealth(timeoutMs?: number): Promise<void>;
  /** Sends `signal` to the app process only (not to children it started) and waits for its exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `node dist/src/main.js` (compiled by `npm test`) as a real child process with a clean
 * environment: only PATH, HOME and what the test passes (so the test run's DATABASE_URL and
 * NODE_OPTIONS do not leak in).
 */
export async function startAppProcess(env: Record<string, string>, args: string[] = [MAIN], command = process.execPath): Promise<AppProcess> {
  const port = env.PORT ? Number(env.PORT) : await findFreePort();
  let out = '';
  let err = '';
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a test can clean up everything it started
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const baseUrl = `http://127.0.0.1:${port}`;

  const until = async (test: () => Promise<boolean> | boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await test()) return;
      if (hasExited) throw new Error(`The app exited while waiting for ${what}.\nstdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Timed out waiting for ${what}.\nstdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`);
  };

  return {
    child,
    pid: child.pid!,
    port,
    baseUrl,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput: (pattern, timeoutMs = 60_000) => until(() => pattern.test(out), timeoutMs, String(pattern)),
    waitForHealth: (timeoutMs = 60_000) => until(async () => {
      try {
        return (await fetch(`${baseUrl}/health`)).status === 200;
      } catch {
        return false;
      }
    }, timeoutMs, '/health'),
    async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      if (!hasExited) child.kill(signal);
      const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`The app did not exit within ${timeoutMs} ms after ${signal}`)), timeoutMs).unref());
      return Promise.race([exited, timer]);
    },
  };
}

/** Last-resort cleanup: kills a process group the test started (e.g. an app and its embedded PostgreSQL). */
export function killGroup(app: AppProcess | undefined): void {
  if (!app) return;
  try {
    process.kill(-app.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** True while `pid` runs; a zombie (exited, not yet reaped by init) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}
