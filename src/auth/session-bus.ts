import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';

/** What one node tells the others: sessions and users whose cached state is no longer true. */
export interface SessionInvalidation {
  /** Sessions that ended: dropped from caches, their sockets closed. */
  sessions?: string[];
  /** Users whose account changed (disabled, role, organisation): all their sessions dropped, sockets closed. */
  users?: string[];
  /** Users whose cached state is stale (e.g. second factor enrolled): dropped from caches, sockets stay. */
  refresh?: string[];
  /** Sessions whose cached state is stale (e.g. it just passed the second factor): dropped from caches, sockets stay. */
  refreshSessions?: string[];
}

export const SESSION_CHANNEL = 'eenverhaal_sessions';
/** Ids per message: a NOTIFY payload must stay under 8000 bytes. */
const IDS_PER_MESSAGE = 150;

/**
 * The cluster bus for session invalidations, the same transport the socket adapter uses: PostgreSQL
 * LISTEN/NOTIFY by default, Redis pub/sub when REDIS_URL is set. Both are at-most-once: while the
 * bus is not connected `healthy` is false (the cache is then bypassed) and every (re)connect calls
 * `onReconnect`, which purges the cache, since messages sent meanwhile are lost.
 */
export class SessionBus {
  private readonly log = new Logger('SessionBus');
  private listener?: pg.Client;
  private publisher?: pg.Pool;
  private redis?: { pub: Redis; sub: Redis };
  private retry?: NodeJS.Timeout;
  private closed = false;
  healthy = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly redisUrl: string | undefined,
    private readonly onMessage: (message: SessionInvalidation) => void,
    private readonly onReconnect: () => void,
  ) {}

  get kind(): 'redis' | 'postgres' {
    return this.redisUrl ? 'redis' : 'postgres';
  }

  async start(): Promise<void> {
    if (this.redisUrl) {
      const pub = new Redis(this.redisUrl, { maxRetriesPerRequest: 2 });
      const sub = pub.duplicate();
      this.redis = { pub, sub };
      for (const client of [pub, sub]) client.on('error', (error: Error) => this.log.warn(`session bus (redis): ${error.message}`));
      sub.on('ready', () => {
        this.healthy = true;
        this.onReconnect();
      });
      for (const event of ['close', 'end', 'reconnecting']) sub.on(event, () => (this.healthy = false));
      sub.on('message', (_channel: string, payload: string) => this.receive(payload));
      await sub.subscribe(SESSION_CHANNEL);
      if (sub.status === 'ready') this.healthy = true;
      return;
    }
    this.publisher = new pg.Pool({ connectionString: this.databaseUrl, max: 2, application_name: 'eenverhaal-session-bus' });
    this.publisher.on('error', (error) => this.log.warn(`session bus: ${error.message}`));
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'eenverhaal-session-bus' });
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.healthy = false;
      if (!this.closed) this.log.warn(`session bus: connection lost (${why}); the session cache is bypassed until it is back`);
      void client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('closed'));
    client.on('notification', (message) => {
      if (message.channel === SESSION_CHANNEL && message.payload) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.log.warn(`session bus: cannot listen (${(error as Error).message})`);
      this.scheduleRetry();
      return;
    }
    this.listener = client;
    this.healthy = true;
    this.onReconnect();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, 500);
    this.retry.unref();
  }

  private receive(payload: string): void {
    try {
      const message = JSON.parse(payload) as SessionInvalidation;
      const ids = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
      this.onMessage({ sessions: ids(message.sessions), users: ids(message.users), refresh: ids(message.refresh), refreshSessions: ids(message.refreshSessions) });
    } catch {
      // Not ours: ignore.
    }
  }

  /** Tells every node (this one included); best effort, at most once. */
  async publish(message: SessionInvalidation): Promise<void> {
    const payloads: string[] = [];
    for (const [key, ids] of Object.entries(message) as [keyof SessionInvalidation, string[] | undefined][]) {
      for (let i = 0; i < (ids?.length ?? 0); i += IDS_PER_MESSAGE) payloads.push(JSON.stringify({ [key]: ids!.slice(i, i + IDS_PER_MESSAGE) }));
    }
    try {
      for (const payload of payloads) {
        if (this.redis) await this.redis.pub.publish(SESSION_CHANNEL, payload);
        else await this.publisher?.query(`SELECT pg_notify($1, $2)`, [SESSION_CHANNEL, payload]);
      }
    } catch (error) {
      this.log.warn(`session bus: could not publish an invalidation (${(error as Error).message}); other nodes rely on the cache TTL`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.healthy = false;
    clearTimeout(this.retry);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.publisher?.end().catch(() => undefined);
    if (this.redis) await Promise.all([this.redis.pub, this.redis.sub].map((c) => c.quit().catch(() => c.disconnect())));
  }
}
