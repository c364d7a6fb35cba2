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

  /** Refuses when any limit is already used up; counts nothing. For "count failures only" limits. */
  async assertNotExceeded(limits: Limit[]): Promise<void> {
    const states = await Promise.all(limits.map((l) => this.store.peek(storedKey(l.key), l.windowSeconds)));
    const blocked = states.map((s, i) => (s.hits >= limits[i].max ? s.resetInSeconds : 0)).filter((s) => s > 0);
    if (blocked.length) throw CommonErrors.rateLimited(Math.max(...blocked));
  }

  /** Counts one more (failed) attempt against each limit. */
  async count(limits: Limit[]): Promise<void> {
    await Promise.all(limits.map((l) => this.store.hit(storedKey(l.key), l.windowSeconds)));
  }

  /** Counts this attempt and refuses it when it goes over a limit. For "every attempt counts" limits. */
  async consume(limits: Limit[]): Promise<void> {
    const states = await Promise.all(limits.map((l) => this.store.hit(storedKey(l.key), l.windowSeconds)));
    const blocked = states.map((s, i) => (s.hits > limits[i].max ? s.resetInSeconds : 0)).filter((s) => s > 0);
    if (blocked.length) throw CommonErrors.rateLimited(Math.max(...blocked));
  }
}
