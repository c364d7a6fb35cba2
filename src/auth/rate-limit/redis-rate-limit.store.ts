import type { Redis } from 'ioredis';
import { unavailable } from '../../common/unavailable.js';
import { RateLimitStore } from './rate-limit.store.js';

/** Redis gone: a 503 naming it (issue 23), never a 500; ioredis reconnects on its own. */
async function orUnavailable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch {
    throw unavailable('redis', 'redis_unavailable');
  }
}

/** Decrements a counter that exists and is above zero, atomically. */
const RELEASE = `local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
if hits > 0 then redis.call('DECR', KEYS[1]) end
return hits`;

export class RedisRateLimitStore extends RateLimitStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async hit(key: string, windowSeconds: number) {
    const name = `ev:rl:${key}`;
    const result = await orUnavailable(this.redis.multi().incr(name).expire(name, windowSeconds, 'NX').ttl(name).exec());
    const hits = Number(result?.[0]?.[1] ?? 1);
    const ttl = Number(result?.[2]?.[1] ?? windowSeconds);
    return { hits, resetInSeconds: Math.max(1, ttl) };
  }

  async release(key: string) {
    // Only while the window lives: a DECR on an expired key would create one without expiry.
    await orUnavailable(this.redis.eval(RELEASE, 1, `ev:rl:${key}`));
  }

  async peek(key: string) {
    return Number((await orUnavailable(this.redis.get(`ev:rl:${key}`))) ?? 0);
  }

  async reset(key: string) {
    await orUnavailable(this.redis.del(`ev:rl:${key}`));
  }

  /** For /health: whether Redis answers within a second. */
  async ping(): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 1_000).unref());
    return Promise.race([this.redis.ping().then(() => true, () => false), timeout]);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
