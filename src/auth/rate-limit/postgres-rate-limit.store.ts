import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RateLimitStore } from './rate-limit.store.js';

@Injectable()
export class PostgresRateLimitStore extends RateLimitStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: string, windowSeconds: number) {
    const [row] = await this.dataSource.query(
      `INSERT INTO rate_limit AS r (key, window_started_at, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_started_at > now() - make_interval(secs => $2) THEN r.hits + 1 ELSE 1 END,
         window_started_at = CASE WHEN r.window_started_at > now() - make_interval(secs => $2) THEN r.window_started_at ELSE now() END
       RETURNING hits, ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS reset`,
      [key, windowSeconds],
    );
    // Now and then, sweep windows that ended long ago so the table stays small.
    if (Math.random() < 0.01) {
      await this.dataSource.query(`DELETE FROM rate_limit WHERE window_started_at < now() - interval '1 day'`);
    }
    return { hits: row.hits as number, resetInSeconds: Math.max(1, row.reset as number) };
  }

  async peek(key: string, windowSeconds: number) {
    const [row] = await this.dataSource.query(
      `SELECT hits FROM rate_limit WHERE key = $1 AND window_started_at > now() - make_interval(secs => $2)`, [key, windowSeconds],
    );
    return row ? Number(row.hits) : 0;
  }

  async reset(key: string) {
    await this.dataSource.query(`DELETE FROM rate_limit WHERE key = $1`, [key]);
  }

  async release(key: string) {
    await this.dataSource.query(`UPDATE rate_limit SET hits = hits - 1 WHERE key = $1 AND hits > 0`, [key]);
  }
}
