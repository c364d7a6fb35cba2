import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { metricsRegistry } from '../health/metrics.js';
import { type AuditKeys, loadAuditKeys } from './audit-keys.js';
import { AuditSealer, sealBacklog } from './audit-sealer.js';
import { checkpointStore } from './checkpoint-store.js';

/** The backlog of the application that started last in this process (tests and benchmarks may run several). */
let backlogOf: (() => Promise<{ unsealed: number; lagSeconds: number }>) | undefined;
let lastBacklog: Promise<{ unsealed: number; lagSeconds: number }> | undefined;
const backlog = () => {
  // One query per scrape, shared by both gauges.
  lastBacklog ??= (backlogOf?.() ?? Promise.resolve({ unsealed: 0, lagSeconds: 0 })).finally(() => setTimeout(() => (lastBacklog = undefined), 100).unref());
  return lastBacklog;
};

new Gauge({
  name: 'audit_unsealed_events',
  help: 'Audit events written but not sealed into the keyed hash chain yet',
  registers: [metricsRegistry],
  async collect() {
    this.set((await backlog().catch(() => ({ unsealed: NaN }))).unsealed);
  },
});
new Gauge({
  name: 'audit_seal_lag_seconds',
  help: 'Age of the oldest audit event not sealed yet (0 when all are sealed)',
  registers: [metricsRegistry],
  async collect() {
    this.set((await backlog().catch(() => ({ lagSeconds: NaN }))).lagSeconds);
  },
});

/**
 * Runs the audit sealer on this node (see AuditSealer): it seals while it holds the database's
 * advisory lock, and stands by otherwise. Started once the application is up; on shutdown it seals
 * once more and writes a checkpoint.
 */
@Injectable()
export class AuditSealerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private sealer?: AuditSealer;
  private keysPromise?: Promise<AuditKeys>;

  constructor(@Inject(AppConfig) private readonly config: AppConfig, @InjectDataSource() private readonly dataSource: DataSource) {}

  keys(): Promise<AuditKeys> {
    this.keysPromise ??= loadAuditKeys(this.config).then(({ keys, generatedFile }) => {
      if (generatedFile) {
        this.logger.warn(
          `AUDIT_KEY is not set: the audit log is keyed with a generated key kept in ${generatedFile}. ` +
          'Production must set AUDIT_KEY (from a secret store, the same on every app node, never in the database).',
        );
      }
      return keys;
    });
    return this.keysPromise;
  }

  async onApplicationBootstrap(): Promise<void> {
    const keys = await this.keys();
    const [{ name }] = await this.dataSource.query(`SELECT current_database() AS name`);
    const url = (this.dataSource.options as { url?: string }).url!;
    this.sealer = new AuditSealer(url, keys, checkpointStore(this.config, name), {
      warn: (m) => this.logger.warn(m),
      error: (m) => this.logger.error(m),
    }, { intervalMs: this.config.AUDIT_SEAL_INTERVAL_MS, checkpointMs: this.config.AUDIT_CHECKPOINT_SECONDS * 1000 });
    this.sealer.start();
    const source = () => sealBacklog(this.dataSource);
    backlogOf = source;
  }

  /** Seals what is sealable now (and checkpoints); for tests, benchmarks and tools. */
  sealNow(): Promise<number> {
    return this.sealer ? this.sealer.sealNow() : Promise.resolve(0);
  }

  get isSealer(): boolean {
    return this.sealer?.isSealer ?? false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sealer?.stop();
    this.sealer = undefined;
  }
}
