import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { removeFiles, type RetentionRun, runRetention } from './retention.js';

const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * The daily retention job. Every node looks once an hour; the one that gets the advisory lock, and
 * finds no real run in the last 23 hours, runs it in one transaction (so it erases exactly what it
 * listed), then removes the files of expired exports and erased attachments after commit.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;

  constructor(
    private readonly txHost: TransactionHost,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The first look a minute after start, so a restart loop does not run it over and over.
    this.first = setTimeout(() => void this.runIfDue(), 60_000);
    this.first.unref();
    this.timer = setInterval(() => void this.runIfDue(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
  }

  async runIfDue(): Promise<RetentionRun | null> {
    try {
      return await this.runUnlessRanToday();
    } catch (error) {
      this.logger.error(`Retention run failed, nothing erased: ${(error as Error).message}`);
      return null;
    }
  }

  /** In one transaction: nothing when a real run finished in the last 23 hours, otherwise a run. */
  @Transactional()
  private async runUnlessRanToday(): Promise<RetentionRun | null> {
    const [recent]: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM privacy_retention_run WHERE NOT dry_run AND started_at > now() - interval '23 hours' LIMIT 1`);
    if (recent) return null;
    return this.runNow(false);
  }

  /** One run now (joins the caller's transaction, or opens its own). */
  @Transactional()
  async runNow(dryRun: boolean): Promise<RetentionRun> {
    const run = await runRetention(this.txHost.tx, this.config, { dryRun, context: { requestId: `retention-${new Date().toISOString()}` } });
    this.txHost.afterCommit(() => void removeFiles(this.config, run.files).catch((error) => this.logger.error(`Retention: files not removed: ${(error as Error).message}`)));
    if (run.ran && !dryRun) this.logger.log(`Retention: ${run.erased.length} item(s) erased of ${run.items.length} listed`);
    return run;
  }
}
