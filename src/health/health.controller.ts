import { Controller, Get, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FastifyReply } from 'fastify';
import { ATTACHMENT_STORE, type AttachmentStore } from '../attachments/storage/attachment-store.js';
import { Public } from '../auth/decorators.js';
import { RateLimitStore } from '../auth/rate-limit/rate-limit.store.js';
import { RedisRateLimitStore } from '../auth/rate-limit/redis-rate-limit.store.js';

type PartState = 'up' | 'down' | 'full' | 'read_only';

/** Set while the process drains on SIGTERM (see main.ts): the load balancer stops sending new work. */
export const lifecycle = { draining: false };

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly moduleRef: ModuleRef) {}

  /**
   * Which part is down (issue 23). 503 when this node cannot serve at all (the database is down, or
   * it drains for a shutdown); 200 with `status: "degraded"` when only a part is (the attachment store
   * full or unreachable, Redis gone): the rest of the portal works and those parts answer 503 themselves.
   */
  @Public()
  @Get('health')
  async health(@Res({ passthrough: true }) response: FastifyReply) {
    const [database, attachments, redis] = await Promise.all([this.database(), this.attachments(), this.redis()]);
    const parts: Record<string, PartState> = { database, attachments, ...(redis ? { redis } : {}) };
    const down = Object.entries(parts).filter(([, state]) => state !== 'up').map(([name]) => name);
    if (database !== 'up' || lifecycle.draining) {
      response.status(503);
      return { status: lifecycle.draining ? 'draining' : 'error', ...parts, down };
    }
    return { status: down.length ? 'degraded' : 'ok', ...parts, down, uptimeSeconds: Math.round(process.uptime()) };
  }

  private async database(): Promise<PartState> {
    // One round trip within a second; a read-only database (a failover in progress, maintenance) takes no writes.
    const timeout = new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), 1_000).unref());
    const probe = this.dataSource.query(`SELECT current_setting('transaction_read_only') AS read_only`)
      .then((rows: { read_only: string }[]) => (rows[0]?.read_only === 'on' ? 'read_only' as const : 'up' as const), () => 'down' as const);
    return Promise.race([probe, timeout]);
  }

  private async attachments(): Promise<PartState> {
    const store = this.moduleRef.get<AttachmentStore>(ATTACHMENT_STORE, { strict: false });
    return (await store.health?.().catch(() => 'down' as const)) ?? 'up';
  }

  private async redis(): Promise<PartState | undefined> {
    const store = this.moduleRef.get(RateLimitStore, { strict: false });
    if (!(store instanceof RedisRateLimitStore)) return undefined;
    return (await store.ping()) ? 'up' : 'down';
  }
}
