import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';

/** Path segments after which the next segment is a secret (invitation tokens, verification codes). */
const SECRET_FOLLOWS = new Set(['invitations', 'invitation', 'verify']);

function segmentName(segment: string): string {
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/**
 * Path segments that are secrets themselves never reach the log, whatever the letter case or
 * percent-encoding of the path (`/api/Invitations/…`, `/api/%76erify/…`); query strings never do.
 */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const segments = url.split('?')[0].split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    if (!SECRET_FOLLOWS.has(segmentName(segments[i]))) continue;
    // Skip empty segments (`//`), then hide the next one.
    let j = i + 1;
    while (j < segments.length - 1 && segments[j] === '') j++;
    if (segments[j] !== '') segments[j] = '[redacted]';
    i = j;
  }
  return segments.join('/');
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Uses a well-formed incoming X-Request-Id (from a proxy) or makes one; the response carries it back. */
export function requestId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** What is never logged as a request: the probes a load balancer and Prometheus call all the time. */
const UNLOGGED = new Set(['/health', '/metrics']);

/**
 * One structured JSON line per request: method, route (secrets redacted), status, time and request
 * id. No bodies, no query strings, no cookies or authorization headers, no user agents or
 * addresses: nothing personal. Written from the response's `close` event with the logger itself,
 * not a child logger per request (pino-http cost ~30% of an authenticated request's CPU).
 */
export function logRequest(logger: Logger, req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, id: string, milliseconds: number): void {
  const url = req.originalUrl ?? req.url ?? '';
  if (UNLOGGED.has(url)) return;
  const entry = { requestId: id, req: { method: req.method, url: redactUrl(url) }, res: { statusCode: res.statusCode }, responseTime: Math.round(milliseconds) };
  if (!res.writableFinished) logger.warn(entry, 'request aborted');
  else if (res.statusCode >= 500) logger.error(entry, 'request errored');
  else logger.info(entry, 'request completed');
}

/** Nest's LoggerService over pino, so framework and application logs are the same JSON lines. */
export class PinoLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message !== null && typeof message === 'object') this.pino[level]({ context, ...(message as object) }, typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : '');
    else this.pino[level]({ context }, String(message));
  }

  log(message: unknown, ...rest: unknown[]) { this.write('info', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.write('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.write('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.write('trace', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.write('fatal', message, rest); }
}

/**
 * Asynchronous writes to stdout: lines written while a write is under way go out together in the
 * next one (one system call per burst instead of one per request); pino flushes what is left when
 * the process exits.
 */
export function createPino(config: AppConfig): Logger {
  return pino(
    { level: config.LOG_LEVEL, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: false }),
  );
}
