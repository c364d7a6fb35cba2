import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { PostgresRateLimitStore } from './postgres-rate-limit.store.js';
import { RateLimiter } from './rate-limiter.service.js';
import { RateLimitStore } from './rate-limit.store.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';

/** Counters live in PostgreSQL by default and in Redis when REDIS_URL is set; either way every process shares them. */
@Global()
@Module({
  providers: [
    PostgresRateLimitStore,
    {
      provide: RateLimitStore,
      inject: [AppConfig, PostgresRateLimitStore],
      useFactory: (config: AppConfig, postgres: PostgresRateLimitStore) =>
        config.REDIS_URL ? new RedisRateLimitStore(new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 })) : postgres,
    },
    RateLimiter,
  ],
  exports: [RateLimiter],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Inject(RateLimitStore) private readonly store: RateLimitStore) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.store instanceof RedisRateLimitStore) await this.store.close();
  }
}
