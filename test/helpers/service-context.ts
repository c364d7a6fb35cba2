import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import * as openpgp from 'openpgp';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { AttachmentsService } from '../../src/attachments/attachments.service.js';
import { UserKeysService } from '../../src/attachments/keys/user-keys.service.js';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import { RequestContext } from '../../src/common/request-context.js';
import { loadConfig } from '../../src/config/app-config.js';
import { managedRuntimeUrl } from '../../src/database/runtime-role.js';
import { ThreadMembersService } from '../../src/messaging/thread-members.service.js';
import { Factories, type TestUser } from './factories.js';
import { createTestDatabase } from './test-database.js';

/**
 * The service-level test tier: the application's modules on their own database (cloned from the
 * migrated template), running as the restricted runtime role like production, with no HTTP server.
 * Tests call services directly, as a given user; the route × role matrix and the e2e tests keep
 * covering HTTP.
 */
export interface ServiceContext {
  app: INestApplicationContext;
  dataSource: DataSource;
  factories: Factories;
  get<T>(type: Type<T>): T;
  /** Runs `fn` as `user` would in a request of theirs (the audit log names them), with their resolved session. */
  as<T>(user: TestUser, fn: (auth: AuthUser) => Promise<T>): Promise<T>;
  /**
   * An attachment of `uploader` in `threadId`, encrypted (OpenPGP) to the thread's current members'
   * keys as a browser would, and stored through the attachments service; the id comes back.
   */
  attachment(uploader: TestUser, threadId: string, plaintext: Uint8Array): Promise<string>;
  close(): Promise<void>;
}

export async function createServiceContext(env: Record<string, string> = {}): Promise<ServiceContext> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ev-service-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SESSION_CACHE_SECONDS: '0', DATA_DIR: dataDir, ...env, DATABASE_URL: database.url });
  const runtimeUrl = await managedRuntimeUrl(database.url, { info: () => undefined, warn: () => undefined });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, runtimeUrl), { logger: false, abortOnError: false });
  await app.init();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const sessions = app.get(SessionsService);
  const as = async <T>(user: TestUser, fn: (auth: AuthUser) => Promise<T>): Promise<T> => {
    const auth = await sessions.resolve(user.token);
    if (!auth) throw new Error(`no live session for test user ${user.id}`);
    return RequestContext.run({ requestId: `service-test-${user.id}`, user: auth }, () => fn(auth));
  };
  return {
    app,
    dataSource,
    factories: new Factories(dataSource),
    get: (type) => app.get(type),
    as,
    async attachment(uploader, threadId, plaintext) {
      const members = await app.get(ThreadMembersService).listMembers(threadId);
      const keys = await app.get(UserKeysService).currentKeys(members.map((m) => m.userId));
      const encryptionKeys = await Promise.all(keys.map((k) => openpgp.readKey({ armoredKey: k.publicKey })));
      const message = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: plaintext }), encryptionKeys, format: 'binary' });
      const body = Buffer.from(message as Uint8Array);
      const uploaded = await as(uploader, (auth) => app.get(AttachmentsService).upload(auth, threadId, {
        stream: (async function* () { yield body; })(), contentType: 'application/octet-stream', contentLength: body.length,
      }));
      return uploaded.id;
    },
    async close() {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
