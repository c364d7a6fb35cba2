import type { Redis } from 'ioredis';
import { RateLimitStore } from './rate-limit.store.js';

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

  async peek(key: string) {
    const name = `ev:rl:${key}`;
    const [hits, ttl] = await Promise.all([this.redis.get(name), this.redis.ttl(name)]);
    return hits ? { hits: Number(hits), resetInSeconds: Math.max(1, ttl) } : { hits: 0, resetInSeconds: 0 };
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
