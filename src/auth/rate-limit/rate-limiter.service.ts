import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommonErrors } from '../../common/domain-error.js';
import { RateLimitStore } from './rate-limit.store.js';

export interface Limit {
  /** What is counted, e.g. `login:account:<email>`. Hashed before it is stored: keys may hold personal data. */
  key: string;
  max: number;
  windowSeconds: number;
}

function storedKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** Answers 429 with Retry-After once a counted thing exceeds its limit, across every app process. */
@Injectable()
export class RateLimiter {
  constructor(private readonly store: RateLimitStore) {}

  /**
   * Runs an attempt of which only failures count (a login, accepting an invitation), without a race:
   * the attempt takes its place in every count before it runs, so a burst of parallel guesses cannot
   * all pass a check made before any of them had failed. It gives its place back when it is refused
   * (429), when it succeeds, or when it fails in a way `countsAsFailure` does not count.
   */
  async attempt<T>(limits: Limit[], run: () => Promise<T>, countsAsFailure: (error: unknown) => boolean): Promise<T> {
    const states = await Promise.all(limits.map((l) => this.store.hit(storedKey(l.key), l.windowSeconds)));
    const blocked = states.map((s, i) => (s.hits > limits[i].max ? s.resetInSeconds : 0)).filter((s) => s > 0);
    if (blocked.length) {
      await this.release(limits);
      throw CommonErrors.rateLimited(Math.max(...blocked));
    }
    let counts = false;
    try {
      return await run();
    } catch (error) {
      counts = countsAsFailure(error);
      throw error;
    } finally {
      if (!counts) await this.release(limits);
    }
  }

  private async release(limits: Limit[]): Promise<void> {
    await Promise.all(limits.map((l) => this.store.release(storedKey(l.key))));
  }

  /** How many hits `limit` has in its current window, without counting one. */
  async peek(limit: Pick<Limit, 'key' | 'windowSeconds'>): Promise<number> {
    return this.store.peek(storedKey(limit.key), limit.windowSeconds);
  }

  /** Starts `key` from zero again. */
  async reset(key: string): Promise<void> {
    await this.store.reset(storedKey(key));
  }

  /** Counts this attempt and refuses it when it goes over a limit. For "every attempt counts" limits. */
  async consume(limits: Limit[]): Promise<void> {
    const states = await Promise.all(limits.map((l) => this.store.hit(storedKey(l.key), l.windowSeconds)));
    const blocked = states.map((s, i) => (s.hits > limits[i].max ? s.resetInSeconds : 0)).filter((s) => s > 0);
    if (blocked.length) throw CommonErrors.rateLimited(Math.max(...blocked));
  }
}
