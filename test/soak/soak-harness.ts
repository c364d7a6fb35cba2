import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { verifyAuditChain, type ChainVerdict } from '../../src/audit/audit-chain.js';
import { AuditKeys } from '../../src/audit/audit-keys.js';
import { checkpointStore } from '../../src/audit/checkpoint-store.js';
import { loadConfig } from '../../src/config/app-config.js';
import { findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { encryptTo, makeKey, type KeyPair } from '../attachments.fixtures.js';
import { startAppProcess, type AppProcess } from '../helpers/app-process.js';
import { Factories, type TestUser } from '../helpers/factories.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { caseScene } from '../messaging-fixtures.js';

/**
 * The crash-and-restart soak of issue 23. Two app processes on one PostgreSQL (an embedded one the
 * harness owns, behind a TCP proxy so it can restart on another port), with Redis when a URL is
 * given (behind a proxy too, so dropping "its" connections touches nobody else's). Clients send
 * messages over sockets and HTTP with clientMessageIds, retrying the same id on the other node until
 * acknowledged, and upload encrypted attachments; sessions are revoked and watched. Meanwhile the
 * chaos loop SIGKILLs a node every few seconds and restarts it (mode `kill`) or SIGTERMs each node in
 * turn (mode `rolling`), restarts PostgreSQL once and drops Redis. At the end it counts.
 */
export interface SoakOptions {
  durationMs: number;
  /** `kill`: SIGKILL a node every `killEveryMs`; `rolling`: SIGTERM and restart each node in turn, under load. */
  mode: 'kill' | 'rolling';
  killEveryMs: number;
  /** Mode `kill`: go on past the duration until this many SIGKILLs were done (a busy machine restarts slowly). */
  minKills?: number;
  restartPostgres: boolean;
  redisUrl?: string;
  clients: number;
  attachmentEveryMs: number;
  revokeEveryMs: number;
  log: (message: string) => void;
}

export interface SoakFigures {
  mode: string;
  durationMs: number;
  sent: number;
  acknowledged: number;
  /** Acknowledged but not stored, or not seen by a member after catch-up. */
  lost: number;
  /** Stored more than once (by clientMessageId), or listed twice to a member. */
  duplicated: number;
  /** Sends that were still unacknowledged when the run ended (never counted as lost: the client never heard yes). */
  unacknowledged: number;
  viaSocket: number;
  viaHttp: number;
  retries: number;
  /** Answers that should never happen: 5xx other than a 503 naming a dependency, or a connection reset during a graceful restart. */
  unexpected: string[];
  liveDeliveries: number;
  attachments: { uploaded: number; acknowledged: number; verified: number; halfWritten: number };
  kills: { node: string; signal: string; recoveryMs: number; exitCode?: number | null }[];
  postgresRestart?: { downMs: number; recoveryMs: number };
  redisDrops: number;
  revocations: { checked: number; outlived: number; maxRefusedAfterMs: number };
  audit?: ChainVerdict;
  /** Checkpoints the sealer wrote into the database during the run. */
  checkpoints?: number;
  reconnectNotices: number;
  /** The first few errors clients retried after (for reading a run, not for asserting). */
  notes: string[];
}

const AUDIT_KEY = 'soak-audit-key-0123456789abcdef0123456789';
const SESSION_CACHE_SECONDS = 5;

interface Node { name: string; port: number; app?: AppProcess; url: string; up: boolean }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const started = Date.now();
  const log = options.log;
  const figures: SoakFigures = {
    mode: options.mode, durationMs: 0, sent: 0, acknowledged: 0, lost: 0, duplicated: 0, unacknowledged: 0, viaSocket: 0, viaHttp: 0, retries: 0,
    unexpected: [], liveDeliveries: 0, attachments: { uploaded: 0, acknowledged: 0, verified: 0, halfWritten: 0 }, kills: [], redisDrops: 0,
    revocations: { checked: 0, outlived: 0, maxRefusedAfterMs: 0 }, reconnectNotices: 0, notes: [],
  };
  const pgDir = await mkdtemp(path.join(os.tmpdir(), 'ev-soak-pg-'));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-soak-data-'));
  const quiet = { info: () => undefined, warn: (m: string) => log(`postgres: ${m}`) };
  let pg: EmbeddedDatabase = await startEmbeddedPostgres(pgDir, quiet, 'soak');
  const pgProxy: TcpProxy = await startTcpProxy('127.0.0.1', Number(new URL(pg.url).port));
  const ownerUrl = pgProxy.rewrite(pg.url);
  let redisProxy: TcpProxy | undefined;
  if (options.redisUrl) {
    const r = new URL(options.redisUrl);
    redisProxy = await startTcpProxy(r.hostname, Number(r.port || 6379));
  }
  const nodes: Node[] = [];
  for (const name of ['A', 'B']) {
    const port = await findFreePort();
    nodes.push({ name, port, url: `http://127.0.0.1:${port}`, up: false });
  }
  const env = (node: Node): Record<string, string> => ({
    DATABASE_URL: ownerUrl, PORT: String(node.port), HOST: '127.0.0.1', PUBLIC_URL: node.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO: 'false',
    AUDIT_KEY, ORG_KEY_PASSPHRASE: 'soak-org-key-passphrase-0123456789', SESSION_CACHE_SECONDS: String(SESSION_CACHE_SECONDS),
    SHUTDOWN_TIMEOUT_MS: '10000', MESSAGE_SEND_MAX_PER_MINUTE: '100000', ...(redisProxy ? { REDIS_URL: redisProxy.rewrite(options.redisUrl!) } : {}),
  });
  const start = async (node: Node) => {
    node.app = await startAppProcess(env(node));
    await node.app.waitForHealth(90_000);
    node.up = true;
  };
  // A first (it migrates), then B.
  await start(nodes[0]);
  await start(nodes[1]);
  const alive = () => nodes.filter((n) => n.up);
  const anyNode = () => {
    const up = alive();
    return (up.length ? up : nodes)[Math.floor(Math.random() * (up.length || nodes.length))];
  };

  const dataSource = await new DataSource({ type: 'postgres', url: ownerUrl, extra: { max: 4 } }).initialize();
  const factories = new Factories(dataSource);
  const scene = await caseScene(factories);
  const members = [scene.parent, scene.counsellor, scene.guardian];
  const keys = new Map<string, KeyPair>();
  const call = async (node: Node, method: string, url: string, user: { token: string } | string | undefined, body?: unknown, contentType = 'application/json') => {
    const token = typeof user === 'string' ? user : user?.token;
    const res = await fetch(node.url + url, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // binary or empty
    }
    return { status: res.status, body: parsed as Record<string, unknown>, raw: text };
  };
  for (const user of members) {
    const key = await makeKey(user.email);
    keys.set(user.id, key);
    const res = await call(nodes[0], 'PUT', '/api/me/keys', user, { publicKey: key.armoredPublic });
    if (res.status !== 200 && res.status !== 201) throw new Error(`key upload failed: ${res.status} ${res.raw.slice(0, 200)}`);
  }
  const thread = await call(nodes[0], 'POST', `/api/cases/${scene.caseId}/threads`, scene.counsellor, { title: 'Soak', memberIds: [scene.parent.id, scene.guardian.id] });
  if (thread.status !== 201) throw new Error(`thread failed: ${thread.status} ${thread.raw.slice(0, 200)}`);
  const threadId = thread.body.id as string;
  log(`soak: nodes ${nodes.map((n) => `${n.name}=${n.url}`).join(', ')}, PostgreSQL embedded behind ${pgProxy.port}${redisProxy ? `, Redis behind ${redisProxy.port}` : ', no Redis'}`);

  /** An answer no client should ever see: a 5xx that is not a 503 naming a dependency (or draining). */
  const note = (what: string) => {
    if (figures.notes.length < 12 && !figures.notes.includes(what)) figures.notes.push(what);
  };
  const unexpected = (what: string) => {
    if (figures.unexpected.length < 50) figures.unexpected.push(what);
  };
  const isRetryable = (status: number, body: Record<string, unknown>) => {
    if (status === 503 || status === 429) return true;
    if (status >= 500) {
      unexpected(`HTTP ${status} ${String(body?.code)}`);
      return true;
    }
    return false;
  };

  // --- clients -------------------------------------------------------------------------------
  let stopping = false;
  const acked = new Map<string, { messageId: string; author: string }>();
  const sockets: Socket[] = [];
  const socketOf = new Map<number, Socket>();
  for (let i = 0; i < options.clients; i++) {
    const user = members[i % members.length];
    const node = nodes[i % nodes.length];
    // socket.io-client reconnects on its own (same URL: a restarted node comes back on its port).
    const socket = io(node.url, { transports: ['websocket'], auth: { token: user.token }, reconnectionDelay: 200, reconnectionDelayMax: 1000 });
    socket.on('message:new', () => figures.liveDeliveries++);
    socket.on('server:reconnect', () => figures.reconnectNotices++);
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => note(`socket connect_error ${error.data?.code ?? error.message}`));
    sockets.push(socket);
    socketOf.set(i, socket);
  }

  const sendOne = async (i: number) => {
    const user = members[i % members.length];
    const clientMessageId = randomUUID();
    const body = `soak ${i} ${clientMessageId.slice(0, 8)}`;
    figures.sent++;
    const giveUpAt = () => (stopping ? stopDeadline : Infinity);
    let attempt = 0;
    while (Date.now() < giveUpAt()) {
      if (attempt++ > 0) {
        figures.retries++;
        await sleep(150 + Math.random() * 200);
      }
      const socket = socketOf.get(i)!;
      const useSocket = socket.connected && attempt % 2 === 1 && Math.random() < 0.5;
      try {
        if (useSocket) {
          const ack = await socket.timeout(5_000).emitWithAck('message:send', { threadId, body, clientMessageId }) as { ok: boolean; message?: { id: string }; error?: { status: number; code: string } };
          if (ack.ok) {
            acked.set(clientMessageId, { messageId: ack.message!.id, author: user.id });
            figures.viaSocket++;
            return;
          }
          note(`socket ${ack.error?.status} ${ack.error?.code}`);
          if (ack.error && ack.error.status >= 500 && ack.error.status !== 503) unexpected(`socket ${ack.error.status} ${ack.error.code}`);
          continue;
        }
        const res = await call(anyNode(), 'POST', `/api/threads/${threadId}/messages`, user, { body, clientMessageId });
        if (res.status === 200 || res.status === 201) {
          acked.set(clientMessageId, { messageId: res.body.id as string, author: user.id });
          figures.viaHttp++;
          return;
        }
        note(`HTTP ${res.status} ${String(res.body?.code)}`);
        if (!isRetryable(res.status, res.body)) {
          unexpected(`HTTP ${res.status} ${String(res.body?.code)} on send`);
          return;
        }
      } catch (error) {
        // Connection refused or reset by a node that died: retry (a graceful restart must never reset, see below).
        const code = (error as { cause?: { code?: string } }).cause?.code;
        note(`send: ${code ?? (error as Error).message}`);
        if (options.mode === 'rolling' && code && code !== 'ECONNREFUSED') unexpected(`connection ${code} during a rolling restart`);
      }
    }
  };
  let stopDeadline = Infinity;
  const clientLoops = Array.from({ length: options.clients }, async (_, i) => {
    while (!stopping) {
      await sendOne(i);
      await sleep(20 + Math.random() * 60);
    }
  });

  // --- attachments ---------------------------------------------------------------------------
  const uploaded: { id: string; sha256: string; length: number }[] = [];
  const attachmentLoop = (async () => {
    const recipients = members.map((m) => keys.get(m.id)!.publicKey);
    while (!stopping) {
      await sleep(options.attachmentEveryMs);
      const data = await encryptTo(randomBytes(20_000 + Math.floor(Math.random() * 300_000)), recipients);
      figures.attachments.uploaded++;
      for (let attempt = 0; attempt < 20 && !stopping; attempt++) {
        try {
          const res = await call(anyNode(), 'POST', `/api/threads/${threadId}/attachments`, scene.parent, data, 'application/octet-stream');
          if (res.status === 201) {
            uploaded.push({ id: res.body.id as string, sha256: createHash('sha256').update(data).digest('hex'), length: data.length });
            figures.attachments.acknowledged++;
            break;
          }
          if (res.status >= 500 && res.status !== 503) unexpected(`attachment ${res.status} ${String(res.body?.code)}`);
          if (res.status < 500 && res.status !== 429) {
            unexpected(`attachment ${res.status} ${String(res.body?.code)}`);
            break;
          }
        } catch {
          // node gone mid-upload: try again (a new attachment; the half-sent one must never become visible)
        }
        await sleep(300);
      }
    }
  })();

  // --- revocations ---------------------------------------------------------------------------
  const revocationLoop = (async () => {
    while (!stopping) {
      await sleep(options.revokeEveryMs);
      if (stopping) break;
      try {
        const token = await factories.session(scene.guardian.id);
        // Warm both nodes' caches first, so the revocation has to travel.
        for (const node of alive()) await call(node, 'GET', '/api/me', token).catch(() => undefined);
        let revoked = false;
        for (let attempt = 0; attempt < 10 && !revoked; attempt++) {
          const res = await call(anyNode(), 'POST', '/api/auth/logout', token).catch(() => ({ status: 0 }));
          revoked = res.status === 204 || res.status === 200 || res.status === 401;
          if (!revoked) await sleep(200);
        }
        if (!revoked) continue;
        const t0 = Date.now();
        const bound = SESSION_CACHE_SECONDS * 1000 + 1000;
        let refusedAfter = -1;
        while (Date.now() - t0 < bound + 2000) {
          const answers = await Promise.all(nodes.map((n) => call(n, 'GET', '/api/me', token).then((r) => r.status, () => 0)));
          if (!answers.includes(200)) {
            refusedAfter = Date.now() - t0;
            break;
          }
          await sleep(100);
        }
        figures.revocations.checked++;
        if (refusedAfter < 0 || refusedAfter > bound) figures.revocations.outlived++;
        figures.revocations.maxRefusedAfterMs = Math.max(figures.revocations.maxRefusedAfterMs, refusedAfter < 0 ? bound + 2000 : refusedAfter);
      } catch {
        // the database restarting: next round
      }
    }
  })();

  // --- chaos ---------------------------------------------------------------------------------
  const restart = async (node: Node, signal: NodeJS.Signals) => {
    const t0 = Date.now();
    node.up = false;
    const diedBefore = node.app!.child.exitCode !== null || node.app!.child.signalCode !== null;
    const exit = await node.app!.stop(signal, 30_000);
    // A node that died on its own (not by our signal) is a finding: keep what it said last.
    if (diedBefore || (signal === 'SIGKILL' && exit.signal !== 'SIGKILL') || (signal === 'SIGTERM' && exit.code !== 0)) {
      unexpected(`node ${node.name} exited on its own or uncleanly (code ${exit.code}, signal ${exit.signal}): ${node.app!.stderr().slice(-600).replace(/\s+/g, ' ')}`);
    }
    await start(node);
    figures.kills.push({ node: node.name, signal, recoveryMs: Date.now() - t0, exitCode: exit.code });
    log(`soak: ${signal} ${node.name} (exit ${exit.code ?? exit.signal}), healthy again after ${Date.now() - t0} ms`);
  };
  const chaosStarted = Date.now();
  const end = chaosStarted + options.durationMs;
  let pgDone = !options.restartPostgres;
  let redisDone = !redisProxy || options.mode !== 'kill';
  let turn = 0;
  if (options.mode === 'rolling') {
    // Under load: B, then A, then B again, each drained by SIGTERM and restarted before the next.
    // All three always run, however long a restart takes on a busy machine; the duration only
    // decides how long the load goes on after them.
    await sleep(Math.min(2_000, options.durationMs / 6));
    for (const node of [nodes[1], nodes[0], nodes[1]]) {
      await restart(node, 'SIGTERM');
      await sleep(1_000);
    }
  }
  // In mode `kill` every restart is a SIGKILL.
  const killsOwed = () => options.mode === 'kill' && figures.kills.length < (options.minKills ?? 0);
  while (Date.now() < end || killsOwed()) {
    const elapsed = Date.now() - chaosStarted;
    if (!redisDone && elapsed > options.durationMs / 3) {
      redisDone = true;
      redisProxy!.cut();
      figures.redisDrops++;
      log('soak: Redis connections dropped for 1.5 s');
      await sleep(1_500);
      redisProxy!.restore();
    } else if (!pgDone && elapsed > options.durationMs / 2) {
      pgDone = true;
      const t0 = Date.now();
      await pg.stop();
      await sleep(1_000);
      pg = await startEmbeddedPostgres(pgDir, quiet, 'soak');
      pgProxy.retarget(Number(new URL(pg.url).port));
      const downMs = Date.now() - t0;
      for (const node of nodes) if (node.app) await node.app.waitForHealth(60_000);
      figures.postgresRestart = { downMs, recoveryMs: Date.now() - t0 };
      log(`soak: PostgreSQL restarted (down ${downMs} ms), both nodes healthy after ${Date.now() - t0} ms`);
    } else if (options.mode === 'kill' && options.killEveryMs > 0) {
      await sleep(options.killEveryMs);
      if (Date.now() >= end && !killsOwed()) break;
      await restart(nodes[turn++ % nodes.length], 'SIGKILL');
    } else {
      await sleep(200);
    }
  }

  // --- the end: stop the clients, let every open send settle ---------------------------------
  stopping = true;
  stopDeadline = Date.now() + 30_000;
  await Promise.all([...clientLoops, attachmentLoop, revocationLoop]);
  figures.acknowledged = acked.size;
  figures.unacknowledged = figures.sent - acked.size;
  for (const socket of sockets) socket.close();
  for (const node of nodes) if (!node.up) await start(node);

  // Every acknowledged message stored exactly once ...
  const rows: { id: string; client_message_id: string; author_id: string }[] = await dataSource.query(
    `SELECT id, client_message_id, author_id FROM message WHERE thread_id = $1`, [threadId]);
  const stored = new Map<string, string[]>();
  for (const row of rows) stored.set(`${row.author_id}/${row.client_message_id}`, [...(stored.get(`${row.author_id}/${row.client_message_id}`) ?? []), row.id]);
  for (const ids of stored.values()) if (ids.length > 1) figures.duplicated += ids.length - 1;
  const lostIds = new Set<string>();
  for (const [clientMessageId, { messageId, author }] of acked) {
    const ids = stored.get(`${author}/${clientMessageId}`) ?? [];
    if (ids.length === 0 || !ids.includes(messageId)) lostIds.add(messageId);
  }
  // ... and reaching every member after catch-up: the whole history, page by page (`before=` the
  // page's cursor; the first page is the latest, oldest first within it).
  for (const member of members) {
    const seen = new Map<string, number>();
    let before: string | undefined;
    for (;;) {
      const res = await call(anyNode(), 'GET', `/api/threads/${threadId}/messages?limit=200${before ? `&before=${before}` : ''}`, member);
      if (res.status !== 200) throw new Error(`catch-up failed for a member: ${res.status}`);
      const items = (res.body.items ?? []) as { id: string }[];
      for (const item of items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
      const next = res.body.nextCursor as string | null;
      if (!next || items.length === 0) break;
      before = next;
    }
    for (const { messageId } of acked.values()) if (!seen.has(messageId)) lostIds.add(messageId);
    for (const n of seen.values()) if (n > 1) figures.duplicated += n - 1;
  }
  figures.lost = lostIds.size;

  // No attachment visible half-written: every acknowledged one downloads whole; every row decrypts.
  for (const a of uploaded) {
    const res = await fetch(`${anyNode().url}/api/attachments/${a.id}`, { headers: { authorization: `Bearer ${scene.counsellor.token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status === 200 && createHash('sha256').update(bytes).digest('hex') === a.sha256) figures.attachments.verified++;
    else figures.attachments.halfWritten++;
  }
  const attachmentRows: { id: string }[] = await dataSource.query(`SELECT id FROM attachment WHERE thread_id = $1`, [threadId]);
  const counsellorKey = keys.get(scene.counsellor.id)!;
  for (const row of attachmentRows) {
    if (uploaded.some((u) => u.id === row.id)) continue;
    // A row whose upload was never acknowledged (the node died after commit): it must still be whole.
    const res = await fetch(`${anyNode().url}/api/attachments/${row.id}`, { headers: { authorization: `Bearer ${scene.counsellor.token}` } });
    try {
      const message = await openpgp.readMessage({ binaryMessage: Buffer.from(await res.arrayBuffer()) });
      await openpgp.decrypt({ message, decryptionKeys: counsellorKey.privateKey, format: 'binary' });
      figures.attachments.verified++;
    } catch {
      figures.attachments.halfWritten++;
    }
  }

  // The audit log verifies (the audit:verify logic): everything sealed, chain and outside checkpoint.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_seq = e.seq)`);
    if (n === 0) break;
    await sleep(250);
  }
  const store = checkpointStore(loadConfig({ DATABASE_URL: ownerUrl, DATA_DIR: dataDir, AUDIT_KEY }), 'soak');
  const outside = await store.newest();
  store.close();
  figures.audit = await verifyAuditChain(dataSource, new AuditKeys(AUDIT_KEY), outside);
  // As `npm run audit:verify`: checkpoints named in the database but none outside it is a failure.
  const [{ inside, count }] = await dataSource.query(`SELECT max(seq)::text AS inside, count(*)::int AS count FROM audit_checkpoint`);
  figures.checkpoints = count;
  if (!outside && inside) {
    const listing = await readdir(path.join(dataDir, 'audit-checkpoints'), { recursive: true }).catch((error: Error) => [error.message]);
    figures.audit = { ok: false, events: 0, brokenAt: { seq: String(inside), id: '' }, reason: `the database names checkpoints up to ${inside} but ${store.description} holds none (${listing.slice(0, 5).join(', ')})` };
  }

  // Clean up everything the harness started.
  await Promise.all(nodes.map((n) => n.app?.stop('SIGTERM', 30_000).catch(() => undefined)));
  await dataSource.destroy();
  await pg.stop();
  await pgProxy.close();
  await redisProxy?.close();
  await rm(pgDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
  figures.durationMs = Date.now() - started;
  return figures;
}

export function formatSoak(f: SoakFigures): string {
  const recovery = f.kills.map((k) => k.recoveryMs);
  const avg = recovery.length ? Math.round(recovery.reduce((a, b) => a + b, 0) / recovery.length) : 0;
  return [
    `soak (${f.mode}) ${(f.durationMs / 1000).toFixed(0)} s: sent ${f.sent}, acknowledged ${f.acknowledged} (socket ${f.viaSocket}, HTTP ${f.viaHttp}), lost ${f.lost}, duplicated ${f.duplicated}, unacknowledged at the end ${f.unacknowledged}, retries ${f.retries}, live deliveries ${f.liveDeliveries}`,
    `restarts: ${f.kills.length} (${f.kills.map((k) => `${k.signal} ${k.node} ${k.recoveryMs} ms${k.signal === 'SIGTERM' ? ` exit ${k.exitCode}` : ''}`).join(', ') || 'none'}); recovery per restart avg ${avg} ms, max ${Math.max(0, ...recovery)} ms`,
    `PostgreSQL restart: ${f.postgresRestart ? `down ${f.postgresRestart.downMs} ms, both nodes healthy after ${f.postgresRestart.recoveryMs} ms` : 'not in this run'}; Redis drops: ${f.redisDrops}; reconnect notices to sockets: ${f.reconnectNotices}`,
    `attachments: uploaded ${f.attachments.uploaded}, acknowledged ${f.attachments.acknowledged}, verified whole ${f.attachments.verified}, half-written ${f.attachments.halfWritten}`,
    `sessions: ${f.revocations.checked} revoked, outlived their revocation ${f.revocations.outlived}, refused everywhere within ${f.revocations.maxRefusedAfterMs} ms at most`,
    `audit log: ${f.audit ? (f.audit.ok ? `verifies (${f.audit.events} events, ${f.audit.unsealed} unsealed, ${f.checkpoints ?? 0} checkpoints${f.audit.checkpoint ? `, the newest outside one at ${f.audit.checkpoint}` : ''})` : `BROKEN: ${JSON.stringify(f.audit)}`) : 'not checked'}`,
    `unexpected answers: ${f.unexpected.length ? f.unexpected.join('; ') : 'none'}`,
    `retried after: ${f.notes.join('; ') || 'nothing'}`,
  ].join('\n');
}

export type { TestUser };
