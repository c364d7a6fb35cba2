import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/audit-chain.js';
import { AuditService } from '../src/audit/audit.service.js';
import { TransactionHost } from '../src/database/transaction-host.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase } from './helpers/test-database.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/audit/audit-verify.cli.js');

/** A plain connection to a database of its own, for tests that tamper with the log (the test server's user is a superuser). */
async function scratchDatabase(): Promise<{ dataSource: DataSource; url: string; drop(): Promise<void> }> {
  const database = await createTestDatabase();
  const dataSource = new DataSource({ type: 'postgres', url: database.url, extra: { max: 60 } });
  await dataSource.initialize();
  return {
    dataSource,
    url: database.url,
    async drop() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

async function appendEvents(dataSource: DataSource, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await dataSource.query(`INSERT INTO audit_event (action, subject_type, subject_id, details) VALUES ('test.event', 'test', $1, $2)`, [String(i), JSON.stringify({ n: i })]);
  }
}

/** Tampering needs the append-only trigger out of the way: only a superuser (an attacker with full database access) can do this. */
async function tamper(dataSource: DataSource, sql: string): Promise<void> {
  await dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
  try {
    await dataSource.query(sql);
  } finally {
    await dataSource.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
  }
}

async function verifyCli(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }, timeout: 30_000 });
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
    t = await createTestApp();
    audit = t.app.get(AuditService);
    txHost = t.app.get(TransactionHost);
  }, 120_000);
  afterAll(() => t.close());

  const eventsFor = async (subjectId: string) => (await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1`, [subjectId])).length as number;

  it('keeps the write and its event together when the transaction commits', async () => {
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

  it('leaves no event when the write itself fails in the database (a constraint), and the chain stays whole', async () => {
    const id = t.factories.randomId();
    await expect(txHost.withTransaction(async () => {
      await audit.record({ action: 'organisation.created', subjectType: 'organisation', subjectId: id });
      await txHost.tx.query(`INSERT INTO organisation (id, name, kind) VALUES ($1, 'Fout', 'no_such_kind')`, [id]);
    })).rejects.toThrow(/organisation_kind_check|check constraint/);
    expect(await eventsFor(id)).toBe(0);
    await audit.record({ action: 'after.rollback', subjectType: 'test' });
    expect(await verifyAuditChain(t.dataSource)).toMatchObject({ ok: true });
  });

  it('rolls back an HTTP write whose audit event cannot be written', async () => {
    // A service write goes through @Transactional(): break the audit insert and the organisation must not appear.
    const admin = await t.factories.user('admin');
    await t.dataSource.query(`ALTER TABLE audit_event ADD CONSTRAINT no_org_events CHECK (action <> 'organisation.created') NOT VALID`);
    try {
      await t.http().post('/api/organisations').set({ Authorization: `Bearer ${admin.token}` }).send({ name: 'Zonder spoor', kind: 'other' }).expect((res) => {
        expect(res.status).toBeGreaterThanOrEqual(400);
      });
    } finally {
      await t.dataSource.query(`ALTER TABLE audit_event DROP CONSTRAINT no_org_events`);
    }
    expect((await t.dataSource.query(`SELECT 1 FROM organisation WHERE name = 'Zonder spoor'`)).length).toBe(0);
  });

  it('records who, what, from where and which request, taken from the request context', async () => {
    const admin = await t.factories.user('admin');
    const res = await t.http().post('/api/organisations').set({ Authorization: `Bearer ${admin.token}`, 'X-Request-Id': 'audit-test-req-1' })
      .send({ name: 'Met spoor', kind: 'municipality' }).expect(201);
    const [event] = await t.dataSource.query(`SELECT * FROM audit_event WHERE subject_id = $1`, [res.body.id]);
    expect(event).toMatchObject({
      actor_user_id: admin.id, actor_role: 'admin', action: 'organisation.created', subject_type: 'organisation',
      request_id: 'audit-test-req-1', details: { kind: 'municipality' },
    });
    expect(event.origin).toMatch(/127\.0\.0\.1/);
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the audit log is append-only and hash-chained (integration)', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  beforeEach(async () => {
    db = await scratchDatabase();
  }, 120_000);
  afterEach(() => db.drop());

  it('refuses UPDATE, DELETE and TRUNCATE, even for the table owner', async () => {
    await appendEvents(db.dataSource, 3);
    await expect(db.dataSource.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.dataSource.query(`DELETE FROM audit_event WHERE seq = 2`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.dataSource.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const [row] = await db.dataSource.query(`SELECT count(*)::int AS n, min(action) AS action FROM audit_event`);
    expect(row).toEqual({ n: 3, action: 'test.event' });
  });

  it('ignores the seq, prev_hash and hash a client tries to supply', async () => {
    await appendEvents(db.dataSource, 1);
    await db.dataSource.query(`INSERT INTO audit_event (seq, action, subject_type, prev_hash, hash) VALUES (99, 'forged', 'test', 'x', 'y')`);
    const [row] = await db.dataSource.query(`SELECT seq::int, prev_hash = (SELECT hash FROM audit_event WHERE seq = 1) AS linked FROM audit_event WHERE action = 'forged'`);
    expect(row).toEqual({ seq: 2, linked: true });
    expect(await verifyAuditChain(db.dataSource)).toEqual({ ok: true, events: 2 });
  });

  it('verifies an intact chain, also across pages', async () => {
    expect(await verifyAuditChain(db.dataSource)).toEqual({ ok: true, events: 0 });
    await appendEvents(db.dataSource, 12);
    expect(await verifyAuditChain(db.dataSource, 5)).toEqual({ ok: true, events: 12 });
  });

  it('names the first changed event when a row was tampered with', async () => {
    await appendEvents(db.dataSource, 10);
    const [target] = await db.dataSource.query(`SELECT id FROM audit_event WHERE seq = 4`);
    await tamper(db.dataSource, `UPDATE audit_event SET details = '{"n": 999}' WHERE seq = 4`);
    await tamper(db.dataSource, `UPDATE audit_event SET actor_role = 'admin' WHERE seq = 7`);
    const verdict = await verifyAuditChain(db.dataSource, 3);
    expect(verdict).toMatchObject({ ok: false, events: 3, brokenAt: { seq: '4', id: target.id } });
    expect(verdict.ok === false && verdict.reason).toMatch(/changed/);
  });

  it('detects a tamperer who recomputes the row hash but cannot fix the next link', async () => {
    await appendEvents(db.dataSource, 5);
    await tamper(db.dataSource, `UPDATE audit_event e SET details = '{"n": 1000}' WHERE seq = 2`);
    await tamper(db.dataSource, `UPDATE audit_event e SET hash = audit_event_digest(e) WHERE seq = 2`);
    const verdict = await verifyAuditChain(db.dataSource);
    expect(verdict).toMatchObject({ ok: false, brokenAt: { seq: '3' } });
    expect(verdict.ok === false && verdict.reason).toMatch(/link/);
  });

  it('detects a deleted event in the middle and at the end', async () => {
    await appendEvents(db.dataSource, 6);
    await tamper(db.dataSource, `DELETE FROM audit_event WHERE seq = 6`);
    const tail = await verifyAuditChain(db.dataSource);
    expect(tail).toMatchObject({ ok: false, events: 5, brokenAt: { seq: '6' } });
    expect(tail.ok === false && tail.reason).toMatch(/removed/);

    await tamper(db.dataSource, `DELETE FROM audit_event WHERE seq = 3`);
    const middle = await verifyAuditChain(db.dataSource);
    expect(middle).toMatchObject({ ok: false, events: 2, brokenAt: { seq: '4' } });
    expect(middle.ok === false && middle.reason).toMatch(/expected event 3.*missing/);
  });

  it('keeps one valid chain under 50 concurrent writers', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => db.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO audit_event (action, subject_type, subject_id) VALUES ('concurrent', 'test', $1)`, [String(i)]);
      // Hold the transaction open a little so the writers really overlap.
      await manager.query(`SELECT pg_sleep(0.005)`);
      await manager.query(`INSERT INTO audit_event (action, subject_type, subject_id) VALUES ('concurrent.second', 'test', $1)`, [String(i)]);
    })));
    expect(await verifyAuditChain(db.dataSource)).toEqual({ ok: true, events: 100 });
    const [row] = await db.dataSource.query(`SELECT count(DISTINCT seq)::int AS seqs, max(seq)::int AS top, count(DISTINCT prev_hash)::int AS links FROM audit_event`);
    expect(row).toEqual({ seqs: 100, top: 100, links: 100 });
  });

  it('`npm run audit:verify` prints intact and exits 0, or names the broken event and exits 1', async () => {
    await appendEvents(db.dataSource, 4);
    const intact = await verifyCli(db.url);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Audit log intact: 4 events/);

    const [target] = await db.dataSource.query(`SELECT id FROM audit_event WHERE seq = 2`);
    await tamper(db.dataSource, `UPDATE audit_event SET action = 'innocent.looking' WHERE seq = 2`);
    const broken = await verifyCli(db.url);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`BROKEN at event 2 (${target.id})`);
    expect(broken.stderr).toMatch(/1 events before it are intact/);
  }, 60_000);
});
