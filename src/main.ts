// First, before anything allocates: V8 settings the runtime needs (see runtime-flags.ts).
import './runtime-flags.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createPino, PinoLogger } from './common/logging.js';
import { DatabaseUrl } from './database/database-url.js';
import { runMigrations } from './database/migrate.js';
import { managedRuntimeUrl, RUNTIME_ROLE, userOf } from './database/runtime-role.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // JSON lines from the first message on (embedded database, migrations), not only once Nest runs.
  Logger.overrideLogger(new PinoLogger(createPino(config)));
  const logger = new Logger('Eenverhaal');
  // Load the application (Nest and every module, ~0.5-1.5 s of compiling) while the database starts.
  const bootstrap = import('./bootstrap.js');
  bootstrap.catch(() => undefined); // awaited below, where a failure surfaces
  const database = await DatabaseUrl.resolve(config);
  const stopDatabase = async () => {
    await database.stop().catch(() => undefined);
  };
  try {
    // Migrations run as the table owner; the app as a role that cannot change the audit log (issue 15).
    const ownerUrl = config.MIGRATION_DATABASE_URL ?? database.url;
    if (config.MIGRATION_DATABASE_URL && userOf(config.MIGRATION_DATABASE_URL) === userOf(database.url)) {
      logger.warn('MIGRATION_DATABASE_URL and DATABASE_URL name the same role: the app runs as the table owner and could change the audit log (it stays tamper-evident). Give DATABASE_URL a role of its own.');
    }
    const applied = await runMigrations(ownerUrl, config.MIGRATION_DATABASE_URL ? userOf(database.url) : RUNTIME_ROLE);
    if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
    const runtimeUrl = config.MIGRATION_DATABASE_URL
      ? database.url
      : await managedRuntimeUrl(database.url, { info: (m) => logger.log(m), warn: (m) => logger.warn(m) });
    const { createApp } = await bootstrap;
    const app = await createApp(config, runtimeUrl);
    await app.listen(config.PORT, config.HOST);
    const connections = trackConnections(app.getHttpServer() as Server);
    logger.log(`Eenverhaal listens on http://${config.HOST}:${config.PORT} (public URL ${config.PUBLIC_URL})${database.isEmbedded ? ' with the embedded PostgreSQL' : ''}`);
    // Graceful shutdown (issue 23): /health says "draining", no new connections, sockets are told to
    // reconnect elsewhere, open requests finish (up to SHUTDOWN_TIMEOUT_MS), then the sealer seals its
    // last batch and hands its lock over, the pools close, and the embedded database stops.
    let shuttingDown = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (shuttingDown) return;
        shuttingDown = true;
        void drain(app, connections, signal, logger).finally(async () => {
          await stopDatabase();
          process.exit(0);
        });
      });
    }
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

/**
 * Every TCP connection the server holds, upgraded ones too: `closeAllConnections` knows only HTTP
 * connections, and one websocket left open (a client that connected while the node drained) would
 * keep the server from closing for ever.
 */
function trackConnections(server: Server): Set<Socket> {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return open;
}

async function drain(app: NestFastifyApplication, connections: Set<Socket>, signal: string, logger: Logger): Promise<void> {
  const started = Date.now();
  // Loaded with the application already (kept out of the static imports, which would load it before the database starts).
  const [{ lifecycle }, { RealtimeService }] = await Promise.all([import('./health/health.controller.js'), import('./messaging/realtime/realtime.service.js')]);
  lifecycle.draining = true;
  const server = app.getHttpServer() as Server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sockets = await app.get(RealtimeService).drain().catch(() => 0);
  server.closeIdleConnections();
  const timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 20_000);
  const force = setTimeout(() => {
    logger.warn(`Requests or sockets still open after ${timeoutMs} ms: closing them`);
    // Every connection, HTTP and upgraded alike (closeAllConnections would reach only the HTTP ones).
    for (const socket of connections) socket.destroy();
  }, timeoutMs);
  await closed;
  clearTimeout(force);
  await app.close().catch((error: Error) => logger.warn(`Shutdown: ${error.message}`));
  logger.log(`${signal}: drained in ${Date.now() - started} ms (${sockets} socket(s) told to reconnect)`);
}

await main();
