import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditKeys } from '../src/audit/audit-keys.js';
import { AuditSealer } from '../src/audit/audit-sealer.js';
import { appendAuditEvents } from '../src/audit/audit.service.js';
import { checkpointStore } from '../src/audit/checkpoint-store.js';
import type { AppConfig } from '../src/config/app-config.js';
import { managedRuntimeUrl } from '../src/database/runtime-role.js';
import { createTestDatabase } from './helpers/test-database.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Found by the crash soak (issue 23): each new holder of the sealer lock started its checkpoint clock
 * when it took the lock, so with nodes dying every few seconds (sooner than the checkpoint interval)
 * no checkpoint was ever written, inside or outside the database.
 */
describe('audit checkpoints when sealers keep crashing (integration)', () => {
  it('a new lock holder checkpoints checkpointMs after the first seal (no checkpoint yet), not checkpointMs after taking the lock', async () => {
    const database = await createTestDatabase();
    const runtimeUrl = await managedRuntimeUrl(database.url, silent);
    const app = await new DataSource({ type: 'postgres', url: runtimeUrl }).initialize();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-audit-crash-'));
    const keys = new AuditKeys('audit-crash-spec-key-0123456789abcdef');
    const store = checkpointStore({ DATA_DIR: dataDir } as AppConfig, database.name);
    const started: AuditSealer[] = [];
    try {
      await appendAuditEvents(app, [{ action: 'auth.logout', subjectType: 'test', details: {} }, { action: 'auth.logout', subjectType: 'test', details: {} }]);
      // The first holder seals, then dies before its first checkpoint was due (no last pass, no unlock).
      const first = new AuditSealer(runtimeUrl, keys, store, silent, { intervalMs: 20, checkpointMs: 2_000 });
      // On a shared server another database's open transaction may hold the snapshot's xmin back a moment.
      let sealed = 0;
      for (let i = 0; i < 600 && sealed < 2; i++) {
        sealed += await first.sealNow({ checkpoint: false });
        if (sealed < 2) await new Promise((r) => setTimeout(r, 50));
      }
      expect(sealed).toBe(2);
      await (first as unknown as { dropClient(): Promise<void> }).dropClient();
      await new Promise((r) => setTimeout(r, 1_500));

      // Due 2 s after the first seal, i.e. ~0.5 s from now; the old clock said 2 s after taking the lock.
      const second = new AuditSealer(runtimeUrl, keys, store, silent, { intervalMs: 20, checkpointMs: 2_000 });
      started.push(second);
      second.start();
      const deadline = Date.now() + 1_200;
      let count = 0;
      while (Date.now() < deadline && count === 0) {
        [{ count }] = await app.query(`SELECT count(*)::int AS count FROM audit_checkpoint`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(count).toBe(1);
      expect((await store.newest())?.seq).toBe('2');
    } finally {
      for (const s of started) await s.stop();
      await app.destroy();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
