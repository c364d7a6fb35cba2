import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { PostgresRateLimitStore } from './postgres-rate-limit.store.js';
import { RateLimiter } from './rate-limiter.service.js';
import { RateLimitStore } from './rate-limit.store.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';

const logger = new Logger('RateLimit');

function redisClient(url: string): Redis {
  const redis = new Redis(url, {
    // Fail at once while Redis is gone (503) instead of queueing logins until it returns (issue 23).
    lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Without a listener ioredis prints every reconnect failure as "Unhandled error event".
  redis.on('error', (error: Error) => logger.warn(`rate-limit store (redis): ${error.message}`));
  return redis;
}

/** Counters live in PostgreSQL by default and in Redis when REDIS_URL is set; either way every process shares them. */
@Global()
@Module({
  providers: [
    PostgresRateLimitStore,
    {
      provide: RateLimitStore,
      inject: [AppConfig, PostgresRateLimitStore],
      useFactory: (config: AppConfig, postgres: PostgresRateLimitStore) =>
        config.REDIS_URL ? new RedisRateLimitStore(redisClient(config.REDIS_URL)) : postgres,
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
