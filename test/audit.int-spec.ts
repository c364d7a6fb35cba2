import { execFile } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/audit-chain.js';
import { AuditKeys, type Checkpoint, checkpointSignatureValid } from '../src/audit/audit-keys.js';
import { AuditSealer } from '../src/audit/audit-sealer.js';
import { AuditSealerService } from '../src/audit/audit-sealer.service.js';
import { AuditService } from '../src/audit/audit.service.js';
import { checkpointStore } from '../src/audit/checkpoint-store.js';
import type { AppConfig } from '../src/config/app-config.js';
import { managedRuntimeUrl, RUNTIME_ROLE } from '../src/database/runtime-role.js';
import { TransactionHost } from '../src/database/transaction-host.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, sealAndVerify, type TestApp } from './helpers/test-app.js';
import { createTestDatabase } from './helpers/test-database.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/audit/audit-verify.cli.js');
const KEY = 'audit-int-spec-key-0123456789abcdefghij';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A database of its own with two connections: `owner` (the test server's superuser: an attacker
 * with full database access) and `app` (the restricted runtime role, as the portal runs), a sealer
 * with a known key and checkpoint files in a temporary DATA_DIR.
 */
async function scratchDatabase() {
  const database = await createTestDatabase();
  // Pools small enough to leave the shared test server room for the other jest worker (a pool of 60
  // once took the last free connection slots in CI): 50 concurrent transactions queue for 25 connections.
  const owner = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 10 } }).initialize();
  const runtimeUrl = await managedRuntimeUrl(database.url, silent);
  const app = await new DataSource({ type: 'postgres', url: runtimeUrl, extra: { max: 25 } }).initialize();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-audit-'));
  const keys = new AuditKeys(KEY);
  const store = checkpointStore({ DATA_DIR: dataDir } as AppConfig, database.name);
  const sealers: AuditSealer[] = [];
  /** A new sealer (the node that would be sealing); by default the earlier ones stop first and let go of the lock. */
  const sealer = async (key = keys, stopOthers = true) => {
    if (stopOthers) for (const other of sealers.splice(0)) await other.stop();
    const s = new AuditSealer(runtimeUrl, key, store, silent, { intervalMs: 20, checkpointMs: 10_000 });
    sealers.push(s);
    return s;
  };
  /** Seals until nothing is left (a transaction elsewhere on the server may hold sealing back for a moment). */
  const sealAll = async (s?: AuditSealer) => {
    const using = s ?? (sealers.at(-1) ?? (await sealer()));
    let total = 0;
    for (let i = 0; i < 600; i++) {
      total += await using.sealNow();
      const [{ n }] = await owner.query(`SELECT count(*)::int AS n FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_seq = e.seq)`);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return total;
  };
  return {
    owner, app, url: database.url, runtimeUrl, dataDir, keys, store, sealer, sealAll,
    verify: async (pageSize?: number) => verifyAuditChain(owner, keys, await store.newest(), pageSize),
    async drop() {
      for (const s of sealers) await s.stop();
      await app.destroy();
      await owner.destroy();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
type Scratch = Awaited<ReturnType<typeof scratchDatabase>>;

async function appendEvents(dataSource: DataSource, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await dataSource.query(`INSERT INTO audit_event (action, subject_type, subject_id, details) VALUES ('test.event', 'test', $1, $2)`, [String(i), JSON.stringify({ n: i })]);
  }
}

/** Tampering with the append-only triggers out of the way: only the owner or a superuser can do this. */
async function tamper(dataSource: DataSource, sql: string): Promise<void> {
  const tables = ['audit_event', 'audit_seal', 'audit_checkpoint'];
  for (const table of tables) await dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
  try {
    await dataSource.query(sql);
  } finally {
    for (const table of tables) await dataSource.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  }
}

async function verifyCli(db: Scratch): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI], {
      env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: db.dataDir, AUDIT_KEY: KEY, LOG_LEVEL: 'silent' }, timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('audit events commit with their write (integration)', () => {
  let t: TestApp;
  let audit: AuditService;
  let txHost: TransactionHost;
  beforeAll(async () => {
    t = await createTestApp({ AUDIT_SEAL_INTERVAL_MS: '50' });
    audit = t.app.get(AuditService);
    txHost = t.app.get(TransactionHost);
  }, 120_000);
  afterAll(() => t.close());

  const eventsFor = async (subjectId: string) => (await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1`, [subjectId])).length as number;

  it('keeps the write and its event together when the transaction commits, readable at once (before it is sealed)', async () => {
    const id = t.factories.randomId();
    await txHost.withTransaction(async () => {
      await txHost.tx.query(`INSERT INTO organisation (id, name, kind) VALUES ($1, 'Samen', 'other')`, [id]);
      await audit.record({ action: 'organisation.created', subjectType: 'organisation', subjectId: id });
    });
    expect(await eventsFor(id)).toBe(1);
    expect((await t.dataSource.query(`SELECT 1 FROM organisation WHERE id = $1`, [id])).length).toBe(1);
  });

  it('leaves no event when the transaction throws after the event was recorded', async () => {
    const id = t.factories.randomId();
    await expect(txHost.withTransaction(async () => {
      await txHost.tx.query(`INSERT INTO organisation (id, name, kind) VALUES ($1, 'Half', 'other')`, [id]);
      await audit.record({ action: 'organisation.created', subjectType: 'organisation', subjectId: id });
      throw new Error('the rest of the change failed');
    })).rejects.toThrow('the rest of the change failed');
    expect(await eventsFor(id)).toBe(0);
    expect((await t.dataSource.query(`SELECT 1 FROM organisation WHERE id = $1`, [id])).length).toBe(0);
  });

  it('leaves no event when the write itself fails in the database (a constraint), and the sealed log stays whole', async () => {
    const id = t.factories.randomId();
    await expect(txHost.withTransaction(async () => {
      await audit.record({ action: 'organisation.created', subjectType: 'organisation', subjectId: id });
      await txHost.tx.query(`INSERT INTO organisation (id, name, kind) VALUES ($1, 'Fout', 'no_such_kind')`, [id]);
    })).rejects.toThrow(/organisation_kind_check|check constraint/);
    expect(await eventsFor(id)).toBe(0);
    await audit.record({ action: 'auth.logout', subjectType: 'test' });
    expect(await sealAndVerify(t)).toMatchObject({ ok: true });
  });

  it('rolls back an HTTP write whose audit event cannot be written', async () => {
    // A service write goes through @Transactional(): break the audit insert and the organisation must not appear.
    const admin = await t.factories.user('admin');
    await t.asOwner(`ALTER TABLE audit_event ADD CONSTRAINT no_org_events CHECK (action <> 'organisation.created') NOT VALID`);
    try {
      await t.http().post('/api/organisations').set({ Authorization: `Bearer ${admin.token}` }).send({ name: 'Zonder spoor', kind: 'other' }).expect((res) => {
        expect(res.status).toBeGreaterThanOrEqual(400);
      });
    } finally {
      await t.asOwner(`ALTER TABLE audit_event DROP CONSTRAINT no_org_events`);
    }
    expect((await t.dataSource.query(`SELECT 1 FROM organisation WHERE name = 'Zonder spoor'`)).length).toBe(0);
  });

  it('records who, what, from where and which request, and the sealer seals it with a keyed hash within a second', async () => {
    const admin = await t.factories.user('admin');
    const res = await t.http().post('/api/organisations').set({ Authorization: `Bearer ${admin.token}`, 'X-Request-Id': 'audit-test-req-1' })
      .send({ name: 'Met spoor', kind: 'municipality' }).expect(201);
    const [event] = await t.dataSource.query(`SELECT * FROM audit_event WHERE subject_id = $1`, [res.body.id]);
    expect(event).toMatchObject({
      actor_user_id: admin.id, actor_role: 'admin', action: 'organisation.created', subject_type: 'organisation',
      request_id: 'audit-test-req-1', details: { kind: 'municipality' },
    });
    expect(event.origin).toMatch(/127\.0\.0\.1/);
    let seal: { hash: string }[] = [];
    for (let i = 0; i < 50 && seal.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seal = await t.dataSource.query(`SELECT hash FROM audit_seal WHERE event_seq = $1`, [event.seq]);
    }
    expect(seal[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs as a role that may not change, remove or truncate audit events, seals or checkpoints, and owns none of them', async () => {
    const [me] = await t.dataSource.query(`SELECT current_user AS name`);
    expect(me.name).toBe(RUNTIME_ROLE);
    for (const table of ['audit_event', 'audit_seal', 'audit_checkpoint']) {
      await expect(t.dataSource.query(`UPDATE ${table} SET ${table === 'audit_event' ? 'action' : 'signature'} = 'x'`.replace(`audit_seal SET signature`, 'audit_seal SET hash'))).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query(`TRUNCATE ${table}`)).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
    }
    const owners = await t.dataSource.query(`SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname LIKE 'audit_%'`);
    expect(owners.map((o: { owner: string }) => o.owner)).not.toContain(RUNTIME_ROLE);
  });

  it('lists signed checkpoints to coordinators and admins, and writes each to DATA_DIR/audit-checkpoints', async () => {
    await audit.record({ action: 'auth.logout', subjectType: 'test' });
    await t.app.get(AuditSealerService).sealNow();
    const admin = await t.factories.user('admin');
    const res = await t.http().get('/api/audit/checkpoints').set(bearer(admin)).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    const newest = res.body.items.at(-1) as Checkpoint;
    expect(newest).toEqual({ seq: expect.stringMatching(/^\d+$/), rootHash: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.any(String), signature: expect.any(String), keyId: expect.any(String), publicKey: expect.any(String) });
    expect(checkpointSignatureValid(newest, newest.publicKey)).toBe(true);
    expect(checkpointSignatureValid({ ...newest, rootHash: '0'.repeat(64) }, newest.publicKey)).toBe(false);
    const later = await t.http().get(`/api/audit/checkpoints?after=${newest.seq}`).set(bearer(admin)).expect(200);
    expect(later.body).toEqual({ items: [], nextCursor: null });
    await t.http().get('/api/audit/checkpoints?after=abc').set(bearer(admin)).expect(400);
    const [{ name }] = await t.dataSource.query(`SELECT current_database() AS name`);
    const dir = path.resolve(t.config.DATA_DIR, 'audit-checkpoints', name);
    const files = (await readdir(dir)).sort();
    expect(JSON.parse(await readFile(path.join(dir, files.at(-1)!), 'utf8'))).toEqual(newest);
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^audit_unsealed_events \d+$/m);
    expect(metrics.text).toMatch(/^audit_seal_lag_seconds [\d.e-]+$/m);
  });
});

describe('the audit log is sealed with keyed hashes and signed checkpoints (integration)', () => {
  let db: Scratch;
  beforeEach(async () => {
    db = await scratchDatabase();
  }, 120_000);
  afterEach(() => db.drop());

  it('refuses UPDATE, DELETE and TRUNCATE of events, seals and checkpoints, even for the table owner', async () => {
    await appendEvents(db.owner, 3);
    await db.sealAll();
    await expect(db.owner.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.owner.query(`DELETE FROM audit_event WHERE seq = 2`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.owner.query(`TRUNCATE audit_event CASCADE`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(db.owner.query(`UPDATE audit_seal SET hash = 'x'`)).rejects.toThrow(/audit_seal is append-only: UPDATE refused/);
    await expect(db.owner.query(`DELETE FROM audit_checkpoint`)).rejects.toThrow(/audit_checkpoint is append-only: DELETE refused/);
    const [row] = await db.owner.query(`SELECT count(*)::int AS n, min(action) AS action FROM audit_event`);
    expect(row).toEqual({ n: 3, action: 'test.event' });
  });

  it('seals without touching the events: no row lock is written into an event (a per-seal key check made sealing slow down as the log grew)', async () => {
    await appendEvents(db.app, 20);
    await db.sealAll();
    const [row] = await db.owner.query(`SELECT count(*)::int AS sealed, count(*) FILTER (WHERE e.xmax <> '0'::xid)::int AS locked
      FROM audit_seal s JOIN audit_event e ON e.seq = s.event_seq`);
    expect(row).toEqual({ sealed: 20, locked: 0 });
    const keys = await db.owner.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'audit_seal'::regclass AND contype = 'f'`);
    expect(keys).toEqual([]);
  });

  it('ignores the seq and transaction id a client tries to supply', async () => {
    await appendEvents(db.app, 1);
    await db.app.query(`INSERT INTO audit_event (seq, xid, action, subject_type) VALUES (1, '1'::xid8, 'forged', 'test')`);
    const [row] = await db.owner.query(`SELECT seq::int, xid::text <> '1' AS own_xid FROM audit_event WHERE action = 'forged'`);
    expect(row).toEqual({ seq: 2, own_xid: true });
    await db.sealAll();
    expect(await db.verify()).toMatchObject({ ok: true, events: 2, unsealed: 0 });
  });

  it('verifies an intact log, also across pages, and the CLI says so', async () => {
    expect(await db.verify()).toMatchObject({ ok: true, events: 0 });
    await appendEvents(db.app, 12);
    await db.sealAll();
    expect(await db.verify(5)).toMatchObject({ ok: true, events: 12, unsealed: 0, checkpoint: '12' });
    const intact = await verifyCli(db);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Audit log intact: 12 events/);
  }, 60_000);

  it('seals in a safe order when transactions commit out of order: an event of a transaction still running waits, none is skipped', async () => {
    const sealer = await db.sealer();
    const slow = db.app.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await slow.query(`INSERT INTO audit_event (action, subject_type) VALUES ('slow', 'test')`); // the lower seq
    await appendEvents(db.app, 2); // higher seqs, committed first
    await sealer.sealNow();
    const sealedFirst = await db.owner.query(`SELECT e.action FROM audit_seal s JOIN audit_event e ON e.seq = s.event_seq ORDER BY s.chain_seq`);
    expect(sealedFirst.map((r: { action: string }) => r.action)).toEqual([]); // the slow transaction is older than the others: they wait too
    await slow.commitTransaction();
    await slow.release();
    // On a shared server another database's open transaction may hold the snapshot's xmin back a moment.
    await db.sealAll(sealer);
    const sealed = await db.owner.query(`SELECT e.action FROM audit_seal s JOIN audit_event e ON e.seq = s.event_seq ORDER BY s.chain_seq`);
    expect(sealed.map((r: { action: string }) => r.action)).toEqual(['slow', 'test.event', 'test.event']);
    expect(await db.verify()).toMatchObject({ ok: true, events: 3, unsealed: 0 });
  });

  it('keeps one valid chain under 50 concurrent writers and two sealers racing for the lock', async () => {
    const [one, two] = [await db.sealer(), await db.sealer(db.keys, false)];
    one.start();
    two.start();
    await Promise.all(Array.from({ length: 50 }, (_, i) => db.app.transaction(async (manager) => {
      await manager.query(`INSERT INTO audit_event (action, subject_type, subject_id) VALUES ('concurrent', 'test', $1)`, [String(i)]);
      await manager.query(`SELECT pg_sleep(0.005)`);
      await manager.query(`INSERT INTO audit_event (action, subject_type, subject_id) VALUES ('concurrent.second', 'test', $1)`, [String(i)]);
    })));
    expect([one.isSealer, two.isSealer].filter(Boolean).length).toBeLessThanOrEqual(1);
    for (let i = 0; i < 600; i++) {
      await Promise.all([one.sealNow(), two.sealNow()]);
      if ((await db.verify()).ok && ((await db.verify()) as { unsealed: number }).unsealed === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await db.verify()).toMatchObject({ ok: true, events: 100, unsealed: 0 });
    const [row] = await db.owner.query(`SELECT count(DISTINCT event_seq)::int AS events, max(chain_seq)::int AS top FROM audit_seal`);
    expect(row).toEqual({ events: 100, top: 100 });
  });

  it('names the first changed event (an UPDATE by someone who could get past the triggers), over the CLI too', async () => {
    await appendEvents(db.app, 10);
    await db.sealAll();
    const [target] = await db.owner.query(`SELECT e.id FROM audit_seal s JOIN audit_event e ON e.seq = s.event_seq WHERE s.chain_seq = 4`);
    await tamper(db.owner, `UPDATE audit_event SET details = '{"n": 999}' WHERE seq = (SELECT event_seq FROM audit_seal WHERE chain_seq = 4)`);
    await tamper(db.owner, `UPDATE audit_event SET actor_role = 'admin' WHERE seq = (SELECT event_seq FROM audit_seal WHERE chain_seq = 7)`);
    const verdict = await db.verify(3);
    expect(verdict).toMatchObject({ ok: false, events: 3, brokenAt: { seq: '4', id: target.id } });
    expect(verdict.ok === false && verdict.reason).toMatch(/content was changed/);
    const broken = await verifyCli(db);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`BROKEN at event 4 (${target.id})`);
    expect(broken.stderr).toMatch(/3 events before it are intact/);
  }, 60_000);

  it('names a re-chain done with only what is in the database (content changed, every later hash recomputed)', async () => {
    await appendEvents(db.app, 6);
    await db.sealAll();
    await tamper(db.owner, `UPDATE audit_event SET details = '{"n": 1000}' WHERE seq = (SELECT event_seq FROM audit_seal WHERE chain_seq = 2)`);
    // The best a database-only attacker can do: a fresh chain with the database's own digest function.
    await tamper(db.owner, `UPDATE audit_seal s SET hash = encode(sha256(convert_to(s.chain_seq::text || e.details::text, 'UTF8')), 'hex')
                              FROM audit_event e WHERE e.seq = s.event_seq AND s.chain_seq >= 2`);
    const verdict = await db.verify();
    expect(verdict).toMatchObject({ ok: false, events: 1, brokenAt: { seq: '2' } });
    expect(verdict.ok === false && verdict.reason).toMatch(/re-chained/);
  });

  it('names seals the runtime role forged for events not sealed yet', async () => {
    await appendEvents(db.app, 3);
    await db.sealAll();
    await appendEvents(db.app, 2);
    // The app's own credentials may INSERT seals: a forged one cannot carry the keyed hash.
    await db.app.query(`INSERT INTO audit_seal (chain_seq, event_seq, hash)
                          SELECT 3 + row_number() OVER (ORDER BY seq), seq, repeat('a', 64) FROM audit_event
                           WHERE seq NOT IN (SELECT event_seq FROM audit_seal)`);
    const verdict = await db.verify();
    expect(verdict).toMatchObject({ ok: false, events: 3, brokenAt: { seq: '4' } });
    // A sealer on that database refuses to chain onto a head it cannot verify.
    await appendEvents(db.app, 1);
    expect(await (await db.sealer()).sealNow()).toBe(0);
  });

  it('names a deleted tail against the newest checkpoint outside the database (and only that catches it)', async () => {
    await appendEvents(db.app, 10);
    await db.sealAll();
    expect(await db.store.newest()).toMatchObject({ seq: '10' });
    await tamper(db.owner, `
      WITH gone AS (DELETE FROM audit_seal WHERE chain_seq >= 8 RETURNING event_seq)
      DELETE FROM audit_event WHERE seq IN (SELECT event_seq FROM gone)`);
    await tamper(db.owner, `DELETE FROM audit_checkpoint`);
    const verdict = await db.verify();
    expect(verdict).toMatchObject({ ok: false, events: 7, brokenAt: { seq: '8', id: '' } });
    expect(verdict.ok === false && verdict.reason).toMatch(/cut off.*8 to 10 were removed/);
    // Without the outside checkpoint the shortened log would look whole.
    expect(await verifyAuditChain(db.owner, db.keys, null)).toMatchObject({ ok: true, events: 7 });
    const cli = await verifyCli(db);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/BROKEN at event 8: the log was cut off/);
  }, 60_000);

  it('names a seal removed from the middle', async () => {
    await appendEvents(db.app, 6);
    await db.sealAll();
    await tamper(db.owner, `WITH gone AS (DELETE FROM audit_seal WHERE chain_seq = 3 RETURNING event_seq) DELETE FROM audit_event WHERE seq IN (SELECT event_seq FROM gone)`);
    const verdict = await db.verify();
    expect(verdict).toMatchObject({ ok: false, events: 2, brokenAt: { seq: '3' } });
    expect(verdict.ok === false && verdict.reason).toMatch(/missing.*removed/);
  });

  it('a sealer with another key does not extend the chain', async () => {
    await appendEvents(db.app, 2);
    await db.sealAll();
    const other = await db.sealer(new AuditKeys('another-key-entirely-0123456789abcdef'));
    await appendEvents(db.app, 2);
    expect(await other.sealNow()).toBe(0);
    expect(await db.sealAll(await db.sealer())).toBe(2);
    expect(await db.verify()).toMatchObject({ ok: true, events: 4 });
  });
});
