import type { Redis } from 'ioredis';
import { RateLimitStore } from './rate-limit.store.js';

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
    const result = await this.redis.multi().incr(name).expire(name, windowSeconds, 'NX').ttl(name).exec();
    const hits = Number(result?.[0]?.[1] ?? 1);
    const ttl = Number(result?.[2]?.[1] ?? windowSeconds);
    return { hits, resetInSeconds: Math.max(1, ttl) };
  }

  async release(key: string) {
    // Only while the window lives: a DECR on an expired key would create one without expiry.
    await this.redis.eval(RELEASE, 1, `ev:rl:${key}`);
  }

  async peek(key: string) {
    return Number((await this.redis.get(`ev:rl:${key}`)) ?? 0);
  }

  async reset(key: string) {
    await this.redis.del(`ev:rl:${key}`);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
