import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase } from './test-database.js';
import { Factories } from './factories.js';
import { MailBox } from './mail.js';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** http://127.0.0.1:<port> of the listening server (for sockets and raw clients). */
  baseUrl: string;
  databaseUrl: string;
  http: () => ReturnType<typeof request>;
  factories: Factories;
  /** The mails the app wrote to DATA_DIR/mail/outbox.jsonl (SMTP is unset in tests). */
  mail: MailBox;
  close(): Promise<void>;
}

/**
 * Boots the real application on its own database (cloned from the migrated template) and a free
 * port, with a DATA_DIR of its own unless `env` names one. `env` overrides configuration for this file only.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const ownDataDir = env.DATA_DIR ? null : await mkdtemp(path.join(os.tmpdir(), 'ev-data-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: ownDataDir ?? env.DATA_DIR, ...env, DATABASE_URL: database.url });
  const app = await createApp(config, database.url);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    config,
    dataSource,
    baseUrl,
    databaseUrl: database.url,
    http: () => request(app.getHttpServer()),
    factories: new Factories(dataSource),
    mail: new MailBox(config.DATA_DIR),
    async close() {
      await app.close();
      await database.drop();
      if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true });
    },
  };
}
