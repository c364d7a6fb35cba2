import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators.js';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../common/domain-error.js';
import { metricsRegistry } from './metrics.js';

@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  /** Prometheus text format. When METRICS_TOKEN is set, scrapers must send it as Bearer. */
  @Public()
  @Get('metrics')
  async metrics(@Headers('authorization') authorization: string | undefined, @Res() response: FastifyReply): Promise<void> {
    const expected = this.config.METRICS_TOKEN;
    if (expected) {
      const given = Buffer.from(authorization?.replace(/^Bearer /, '') ?? '');
      const want = Buffer.from(expected);
      if (given.length !== want.length || !timingSafeEqual(given, want)) throw CommonErrors.notAuthenticated();
    }
    response.header('Content-Type', metricsRegistry.contentType);
    response.send(await metricsRegistry.metrics());
  }
}
