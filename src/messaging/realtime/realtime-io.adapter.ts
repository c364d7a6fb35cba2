import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import postgresAdapter from '@socket.io/postgres-adapter';
import redisAdapter from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config.js';

type AdapterFactory = Parameters<Server['adapter']>[0] & object;

/** The single-node NOTIFY payload limit is 8000 bytes; above this the adapter stores the packet in a table and notifies its id. */
const NOTIFY_PAYLOAD_THRESHOLD = 7000;

/**
 * socket.io across processes: the PostgreSQL adapter by default (LISTEN/NOTIFY on the app's own
 * database, no extra server), the Redis adapter when REDIS_URL is set. Owns the connections it
 * opens and closes them when the application closes.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly log = new Logger('RealtimeIoAdapter');
  private adapterFactory?: AdapterFactory;
  private pool?: pg.Pool;
  private redis?: Redis[];

  constructor(app: INestApplicationContext, private readonly config: AppConfig, private readonly databaseUrl: string) {
    super(app);
  }

  /** Which adapter is in use: `redis` or `postgres`. */
  get kind(): 'redis' | 'postgres' {
    return this.config.REDIS_URL ? 'redis' : 'postgres';
  }

  private connect(): AdapterFactory {
    if (this.adapterFactory) return this.adapterFactory;
    const errorHandler = (error: Error) => this.log.warn(`socket.io adapter: ${error.message}`);
    if (this.config.REDIS_URL) {
      const pub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 2 });
      const sub = pub.duplicate();
      for (const client of [pub, sub]) client.on('error', errorHandler);
      // The Redis adapter publishes without awaiting. While Redis is gone ioredis rejects those
      // publishes after its retries, and an unhandled rejection ends the process (found by the soak,
      // issue 23): a broadcast is best effort (clients catch up with ?after=), so log and go on.
      const publish = pub.publish.bind(pub) as (...args: unknown[]) => Promise<number>;
      (pub as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args: unknown[]) => {
        const sent = publish(...args);
        sent.catch((error: Error) => errorHandler(new Error(`could not publish a broadcast (${error.message})`)));
        return sent;
      };
      this.redis = [pub, sub];
      this.adapterFactory = redisAdapter.createAdapter(pub, sub, { key: 'eenverhaal.socket.io' }) as AdapterFactory;
    } else {
      // A small pool of its own: one connection LISTENs, the others NOTIFY.
      this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 4, application_name: 'eenverhaal-socket.io' });
      this.pool.on('error', errorHandler);
      // The pool reports errors of idle clients only; the adapter's LISTEN client is checked out for
      // good, and an unhandled 'error' on it (a database restart) would crash the process.
      this.pool.on('connect', (client) => client.on('error', errorHandler));
      this.adapterFactory = postgresAdapter.createAdapter(this.pool, {
        channelPrefix: 'eenverhaal.socket.io',
        payloadThreshold: NOTIFY_PAYLOAD_THRESHOLD,
        errorHandler,
      }) as AdapterFactory;
    }
    return this.adapterFactory!;
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      // 20,000 characters of text are at most 80 KB in UTF-8; nothing a client sends needs more.
      maxHttpBufferSize: 256 * 1024,
    } as ServerOptions) as Server;
    server.adapter(this.connect());
    return server;
  }

  /**
   * The PostgreSQL adapter takes its LISTEN connection from the pool asynchronously; closing before
   * it has one would leave that connection checked out for ever (and pool.end() waiting on it).
   */
  override async close(server: Server): Promise<void> {
    const pubsub = (server.of('/').adapter as unknown as { client?: { client?: unknown } }).client;
    if (this.pool && pubsub) {
      for (let i = 0; i < 100 && !pubsub.client; i++) await new Promise((r) => setTimeout(r, 50));
    }
    return super.close(server);
  }

  override async dispose(): Promise<void> {
    await super.dispose?.();
    await Promise.all([
      this.pool ? Promise.race([this.pool.end().catch(() => undefined), new Promise((r) => setTimeout(r, 5000).unref())]) : undefined,
      ...(this.redis ?? []).map((client) => client.quit().catch(() => client.disconnect())),
    ]);
    this.pool = undefined;
    this.redis = undefined;
  }
}
