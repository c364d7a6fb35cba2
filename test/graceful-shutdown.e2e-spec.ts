import { request as httpRequest } from 'node:http';
import net from 'node:net';
import type { Socket } from 'socket.io-client';
import { bearer } from './helpers/factories.js';
import { caseScene, clientId, connectSocket, nextEvent, type CaseScene } from './messaging-fixtures.js';
import { clusterDatabase, startAppProcess, type AppProcess } from './realtime-cluster.js';

/**
 * Issue 23, graceful shutdown: on SIGTERM a node stops taking new connections and says "draining"
 * on /health, lets open requests finish, tells its sockets to reconnect elsewhere, and its audit
 * sealer hands the advisory lock over to another node. (The rolling restart of two nodes under load
 * is in test/soak.e2e-spec.ts.)
 */
describe('graceful shutdown on SIGTERM (e2e)', () => {
  let db: Awaited<ReturnType<typeof clusterDatabase>>;
  let a: AppProcess;
  let b: AppProcess;
  let s: CaseScene;
  let threadId: string;
  const open: Socket[] = [];

  const sealerHolders = async () => {
    const rows: { pid: number }[] = await db.dataSource.query(
      `SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'eenverhaal-audit-sealer' AND a.datname = current_database()`);
    return rows.map((r) => r.pid);
  };
  const until = async (what: string, test: () => Promise<boolean>, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await test()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    db = await clusterDatabase();
    // A alone first, so it is the sealer; then B.
    a = await startAppProcess(db.url);
    await until('A to hold the sealer lock', async () => (await sealerHolders()).length === 1);
    b = await startAppProcess(db.url);
    s = await caseScene(db.factories);
    const res = await fetch(`${a.url}/api/cases/${s.caseId}/threads`, {
      method: 'POST', headers: { ...bearer(s.counsellor), 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Afsluiten', memberIds: [s.parent.id] }),
    });
    threadId = ((await res.json()) as { id: string }).id;
  }, 180_000);
  afterAll(async () => {
    for (const socket of open) socket.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  }, 60_000);

  it('finishes an open request, refuses new connections, tells sockets to reconnect, exits 0 and hands the sealer lock to the other node', async () => {
    const [holderBefore] = await sealerHolders();
    const socket = await connectSocket(a.url, { token: s.parent.token });
    open.push(socket);
    const told = nextEvent<{ reason: string }>(socket, 'server:reconnect', 10_000);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    // An open request: half its body is sent before SIGTERM, the rest after.
    const clientMessageId = clientId();
    const body = JSON.stringify({ body: 'onderweg tijdens het afsluiten', clientMessageId });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${a.url}/api/threads/${threadId}/messages`, {
        method: 'POST', headers: { ...bearer(s.parent), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 1_500);
    });
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise<number | null>((resolve) => a.process.once('exit', (code) => resolve(code)));
    a.process.kill('SIGTERM');

    expect(await told).toEqual({ reason: 'shutdown' });
    // Closed by the server's transport, not an "io server disconnect": socket.io-client reconnects on its own.
    expect(await disconnected).toBe('transport close');
    await new Promise((r) => setTimeout(r, 300));
    // No new connections while draining.
    await expect(fetch(`${a.url}/health`)).rejects.toThrow();

    const res = await answer;
    expect(res.status).toBe(201);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM message WHERE client_message_id = $1`, [clientMessageId]);
    expect(n).toBe(1);
    expect(await exited).toBe(0);

    // The lock went to B: a new holder, and B's events get sealed.
    await until('B to take the sealer lock', async () => {
      const holders = await sealerHolders();
      return holders.length === 1 && holders[0] !== holderBefore;
    });
    const sent = await fetch(`${b.url}/api/threads/${threadId}/messages`, {
      method: 'POST', headers: { ...bearer(s.parent), 'content-type': 'application/json' }, body: JSON.stringify({ body: 'na het afsluiten', clientMessageId: clientId() }),
    });
    expect(sent.status).toBe(201);
    await until('every audit event sealed', async () => {
      const [{ unsealed }] = await db.dataSource.query(`SELECT count(*)::int AS unsealed FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_seq = e.seq)`);
      return unsealed === 0;
    });
  }, 60_000);

  it('closes a keep-alive connection after its answer while draining, so no websocket is upgraded on it and the node exits at once', async () => {
    // Found in a full CI run: a client kept its connection, got its answer after SIGTERM, then
    // upgraded a websocket on the same connection, and the node never finished closing.
    const c = await startAppProcess(db.url, { SHUTDOWN_TIMEOUT_MS: '20000' });
    const port = Number(new URL(c.url).port);
    const connection = net.connect(port, '127.0.0.1');
    let received = '';
    connection.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closedByServer = new Promise<void>((resolve) => connection.once('close', () => resolve()));
    await new Promise((resolve) => connection.once('connect', resolve));
    const body = JSON.stringify({ email: s.parent.email, password: 'niet-het-goede-wachtwoord' });
    connection.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => c.process.once('exit', (code) => resolve(code)));
    c.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    connection.write(body.slice(10));

    await closedByServer;
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    expect(await exited).toBe(0);
    // Long before SHUTDOWN_TIMEOUT_MS: nothing was left open to wait for.
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 60_000);
});
