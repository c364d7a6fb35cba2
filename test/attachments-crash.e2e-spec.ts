import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { Factories, type TestUser } from './helpers/factories.js';
import { createTestDatabase } from './helpers/test-database.js';
import { encryptTo, makeKey } from './attachments.fixtures.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('a server killed mid-upload leaves no visible partial attachment (e2e, real process)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let dataDir: string;
  let server: ChildProcess | undefined;
  let port: number;

  const start = async () => {
    port = await freePort();
    server = spawn(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      stdio: 'ignore',
    });
    await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), 30_000);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-crash-'));
    await start();
  }, 60_000);
  afterAll(async () => {
    server?.kill('SIGKILL');
    await dataSource.destroy();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('kills the process with SIGKILL while a 24 MiB upload streams in: no attachment row, no file under a final name', async () => {
    const factories = new Factories(dataSource);
    const parent: TestUser = await factories.user('parent');
    const key = await makeKey(parent.email);
    const put = await fetch(`http://127.0.0.1:${port}/api/me/keys`, {
      method: 'PUT', headers: { Authorization: `Bearer ${parent.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ publicKey: key.armoredPublic }),
    });
    expect(put.status).toBe(200);
    const c = await factories.case({ createdById: parent.id, title: 'Crash' });
    await factories.participant(c.id, parent.id, 'parent');
    const thread = { id: await factories.thread(c.id, parent.id, [parent.id], 'Crash') };

    const message = await encryptTo(randomBytes(24 * 1024 * 1024), [key.publicKey]);
    const request = http.request({
      host: '127.0.0.1', port, method: 'POST', path: `/api/threads/${thread.id}/attachments`,
      headers: { Authorization: `Bearer ${parent.token}`, 'Content-Type': 'application/octet-stream', 'Content-Length': message.length },
    });
    const outcome = new Promise<string>((resolve) => {
      request.on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code}`));
      request.on('response', (res) => resolve(`status ${res.statusCode}`));
    });
    // Send a third, wait until the server has written part of it to disk, then kill it.
    request.write(message.subarray(0, message.length / 3));
    const tempDir = path.join(dataDir, 'attachments', 'tmp');
    const partial = await waitFor(async () => {
      for (const name of await readdir(tempDir)) {
        const size = (await stat(path.join(tempDir, name))).size;
        if (size > 0) return { name, size };
      }
      return undefined;
    }, 20_000);
    server!.kill('SIGKILL');
    await new Promise((resolve) => server!.once('exit', resolve));
    expect(await outcome).toMatch(/^error /);

    expect(partial.size).toBeLessThan(message.length);
    const files = await filesUnder(path.join(dataDir, 'attachments'));
    // Only the temporary file of the interrupted upload exists; nothing under a final (visible) name.
    expect(files.filter((f) => !f.startsWith('tmp'))).toEqual([]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM attachment`)).toEqual([{ n: 0 }]);

    // After a restart the portal works; the interrupted upload is simply absent.
    await start();
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM attachment`)).toEqual([{ n: 0 }]);
  }, 90_000);
});
