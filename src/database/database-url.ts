import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres.js';

/**
 * The database the process talks to: `DATABASE_URL` when set, otherwise an embedded PostgreSQL
 * under `DATA_DIR`. Started before Nest so the TypeORM module can be configured synchronously.
 */
export class DatabaseUrl {
  private embedded?: EmbeddedDatabase;
  url = '';

  static async resolve(config: AppConfig): Promise<DatabaseUrl> {
    const resolved = new DatabaseUrl();
    if (config.DATABASE_URL) {
      resolved.url = config.DATABASE_URL;
    } else {
      const logger = new Logger('EmbeddedPostgres');
      resolved.embedded = await startEmbeddedPostgres(config.DATA_DIR, {
        info: (m) => logger.log(m),
        warn: (m) => logger.warn(m),
      });
      resolved.url = resolved.embedded.url;
    }
    return resolved;
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async stop(): Promise<void> {
    await this.embedded?.stop();
  }
}
