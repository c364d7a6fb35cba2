import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { verifyAuditChain, type ChainVerdict } from '../../src/audit/audit-chain.js';
import { AuditSealerService } from '../../src/audit/audit-sealer.service.js';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { managedRuntimeUrl } from '../../src/database/runtime-role.js';
import { createTestDatabase, withAdminClient } from './test-database.js';
import { Factories } from './factories.js';
import { MailBox } from './mail.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** http://127.0.0.1:<port> of the listening server (for sockets and raw clients). */
  baseUrl: string;
  /** The owner's URL (migrations, tampering, command-line tools); the app itself runs as the restricted runtime role. */
  databaseUrl: string;
  /** Runs SQL as the table owner (the app's own `dataSource` is the restricted runtime role). */
  asOwner(sql: string, parameters?: unknown[]): Promise<unknown[]>;
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
export async function createTestApp(env: Record<string, string> = {}, options: { runtimeUrl?: (url: string) => string } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const ownDataDir = env.DATA_DIR ? null : await mkdtemp(path.join(os.tmpdir(), 'ev-data-'));
  // The session cache is off for in-process tests, which change sessions and users with plain SQL
  // (an out-of-band change takes up to SESSION_CACHE_SECONDS to show); test/session-cache*.ts turn it on.
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SESSION_CACHE_SECONDS: '0', DATA_DIR: ownDataDir ?? env.DATA_DIR, ...env, DATABASE_URL: database.url });
  // As in production: the app runs as the restricted role the migrations granted (issue 15).
  const runtimeUrl = await managedRuntimeUrl(database.url, { info: () => undefined, warn: () => undefined });
  // `options.runtimeUrl` lets a test route the app's connections through a proxy it can cut (issue 23).
  const app = await createApp(config, options.runtimeUrl ? options.runtimeUrl(runtimeUrl) : runtimeUrl);
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
    asOwner: (sql, parameters) => withAdminClient(database.url, async (c) => (await c.query(sql, parameters)).rows),
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

/** Seals what the app's sealer can seal now, then verifies the whole log with the app's audit key. */
export async function sealAndVerify(t: TestApp): Promise<ChainVerdict> {
  const sealer = t.app.get(AuditSealerService);
  await sealer.sealNow();
  return verifyAuditChain(t.dataSource, await sealer.keys());
}
