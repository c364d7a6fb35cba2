import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../auth/decorators.js';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(private readonly db: TypeOrmHealthIndicator) {}

  /** 200 when the database answers within a second, 503 otherwise (for load balancers and orchestrators). */
  @Public()
  @Get('health')
  async health(@Res({ passthrough: true }) response: Response) {
    // Terminus 12 answers a failed ping with `{ database: { status: 'down' } }` instead of throwing.
    let up = false;
    try {
      up = (await this.db.pingCheck('database', { timeout: 1000 })).database?.status === 'up';
    } catch {
      up = false;
    }
    if (up) {
      return { status: 'ok', database: 'up', uptimeSeconds: Math.round(process.uptime()) };
    }
    response.status(503);
    return { status: 'error', database: 'down' };
  }
}
