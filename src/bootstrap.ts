import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { csrfProtection, noStoreForCredentials } from './common/csrf.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { verifyJsonDepth } from './common/input-guard.js';
import { createPino, logRequest, PinoLogger, requestId } from './common/logging.js';
import { RequestContext } from './common/request-context.js';
import { securityHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.js';
import { httpDuration } from './health/metrics.js';
import { serveWebClient } from './web-host/web-client.js';
import { RealtimeIoAdapter } from './messaging/realtime/realtime-io.adapter.js';
import { describeApi } from './openapi/openapi-document.js';

export const JSON_BODY_LIMIT = '256kb';

/** Builds the whole application (not yet listening): the same for `npm start`, tests and benchmarks. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const pino = createPino(config);
  // Case-sensitive routing: `/api/Invitations/<token>/accept` is a 404, not another spelling of a
  // route whose secrets the log redacts (the redaction ignores case as well).
  const server = express();
  server.set('case sensitive routing', true);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), new ExpressAdapter(server), {
    bodyParser: false,
    logger: new PinoLogger(pino),
    // Throw instead of process.exit(1): callers (main.ts, tests) then see the error and clean up (e.g. stop the embedded database).
    abortOnError: false,
  });
  if (config.TRUST_PROXY) app.set('trust proxy', 1);
  app.disable('x-powered-by');

  // No ETags: every API answer is `no-store`, so hashing each body would buy nothing.
  app.set('etag', false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = requestId(req, res);
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logRequest(pino, req, res, id, seconds * 1000);
    });
    RequestContext.run({ requestId: id, ip: req.ip }, next);
  });
  app.use(securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // No 'unsafe-inline': style attributes React sets through the DOM are not affected.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  }));
  app.use(cookieParser());
  app.use(noStoreForCredentials);
  // Before the body is read: a refused cross-site request costs nothing.
  app.use(csrfProtection(config.PUBLIC_URL));
  // The depth check scans the raw bytes before JSON.parse (400 too_deep); see input-guard.ts.
  // (express.json directly: Nest's useBodyParser reserves `verify` for its rawBody option.)
  app.use(express.json({ limit: JSON_BODY_LIMIT, verify: verifyJsonDepth }));
  // No CORS: the browser client is served from the same origin; other sites may not call the API.
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config, databaseUrl));

  const document = describeApi(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveWebClient(app);
  return app;
}

export type App = INestApplication;
