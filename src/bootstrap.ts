import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { HelmetOptions } from 'helmet';
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { csrfProtection, noStoreForCredentials } from './common/csrf.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { registerBodyParsers } from './common/body-parsers.js';
import { createPino, logRequest, newRequestId, PinoLogger } from './common/logging.js';
import { RequestContext } from './common/request-context.js';
import { securityHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.js';
import { lifecycle } from './health/health.controller.js';
import { httpDuration } from './health/metrics.js';
import { serveWebClient, WEB_CLIENT_ROUTE } from './web-host/web-client.js';
import { RealtimeIoAdapter } from './messaging/realtime/realtime-io.adapter.js';
import { describeApi } from './openapi/openapi-document.js';

/** The largest JSON body read (bytes); larger ones answer 413 before a handler runs. */
export const JSON_BODY_LIMIT = 256 * 1024;

/** helmet's options: a strict Content-Security-Policy (no inline scripts or styles), no embedding. */
const HELMET_OPTIONS: HelmetOptions = {
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
};

/**
 * helmet for the API's own answers (JSON, and files sent as attachments): the same CSP, HSTS,
 * nosniff, framing, referrer and resource policies, without the headers that only a browser
 * rendering an HTML document reads (COOP, Origin-Agent-Cluster, DNS prefetching, IE8's download
 * option, Flash's cross-domain policies, the retired XSS auditor), as OWASP's REST Security Cheat
 * Sheet advises. Six headers fewer on every API answer were ~3 % of an authenticated request's CPU.
 */
const API_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: HELMET_OPTIONS.contentSecurityPolicy,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** An answer of the API itself, not the web client's pages or the API's documentation (HTML). */
function isApiAnswer(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/** One label for every path no route serves (a 404 of the client's fallback too): scanners cannot blow up the metric's cardinality. */
function metricRoute(route: string | undefined, status: number): string {
  return route === undefined || (route === WEB_CLIENT_ROUTE && status === 404) ? 'unmatched' : route;
}

/**
 * Builds the whole application (not yet listening): the same for `npm start`, tests and benchmarks.
 *
 * Nest runs on Fastify (issue 15): Nest on Express alone cost ~20 % of a bare Express handler before
 * any guard or session, and an authenticated GET /api/me could not reach half a bare handler's
 * throughput on it. What ran as Express middleware runs as Fastify hooks here, in the same order.
 */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestFastifyApplication> {
  const pino = createPino(config);
  const errors = new HttpExceptionFilter();
  const pageHeaders = securityHeaders(HELMET_OPTIONS);
  const apiHeaders = securityHeaders(API_HELMET_OPTIONS);
  const headersFor = (url: string) => (isApiAnswer(url) ? apiHeaders : pageHeaders);
  const adapter = new FastifyAdapter({
    // `/api/Invitations/<token>/accept` is a 404, not another spelling of a route whose secrets the
    // log redacts (the redaction ignores case as well); `/api/me/` is `/api/me`, as it was on Express.
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: true, maxParamLength: 1000 },
    // Behind one reverse proxy: its X-Forwarded-For names the client (Express's `trust proxy` 1).
    trustProxy: config.TRUST_PROXY ? (_address: string, hop: number) => hop === 0 : false,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: (req: IncomingMessage) => newRequestId(req.headers['x-request-id']),
    // Our own request log below (one line per request, nothing personal); Fastify's logger stays off.
    logger: false,
    // No Express-style middleware: everything runs as Fastify hooks, so middie need not run per request.
    skipMiddie: true,
    // Refused by the router before any hook (a path that is no valid percent-encoded UTF-8): our
    // headers and our error shape all the same (400 malformed_path).
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      headersFor(request.url)(reply.raw);
      errors.respond(error, request, reply);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl), adapter, {
    bodyParser: false,
    logger: new PinoLogger(pino),
    // Throw instead of process.exit(1): callers (main.ts, tests) then see the error and clean up (e.g. stop the embedded database).
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyCookie);

  const csrf = csrfProtection(config.PUBLIC_URL);
  // Headers go on the Node response itself: Fastify merges them into every answer (errors and 404s
  // too), a route's own headers win, and answers streamed straight to the socket carry them as well.
  fastify.addHook('onRequest', (request, reply, done) => {
    const started = process.hrtime.bigint();
    const res = reply.raw;
    res.setHeader('X-Request-Id', request.id);
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpDuration.observe({ method: request.method, route: metricRoute(request.routeOptions.url, res.statusCode), status: String(res.statusCode) }, seconds);
      logRequest(pino, request.raw, res, request.id, seconds * 1000);
    });
    headersFor(request.url)(res);
    noStoreForCredentials(request, res);
    // Before the body is read: a refused cross-site request costs nothing.
    const refused = csrf(request);
    if (refused) return done(refused);
    done();
  });
  // Draining (SIGTERM): every answer from now on closes its connection (requests that began before
  // too), so a keep-alive client goes elsewhere and no websocket can be upgraded on it meanwhile.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (lifecycle.draining) reply.header('Connection', 'close');
    done(null, payload);
  });
  // The request's context from here on: guards, handlers and whatever they await. (Not from
  // onRequest: reading the body resumes the request in the socket's own async context.)
  fastify.addHook('preHandler', (request, _reply, done) => RequestContext.run({ requestId: request.id, ip: request.ip }, done));
  registerBodyParsers(fastify, JSON_BODY_LIMIT);

  // No CORS: the browser client is served from the same origin; other sites may not call the API.
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(errors);
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config, databaseUrl));

  const document = describeApi(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveWebClient(fastify);
  return app;
}

export type App = INestApplication;
