import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { pathOf } from './url-path.js';

/** Path segments after which the next segment is a secret (invitation tokens, verification codes). */
const SECRET_FOLLOWS = new Set(['invitations', 'invitation', 'verify']);

/** A path without percent-encoding that does not match this has no segment in SECRET_FOLLOWS. */
const MAY_NAME_SECRET = /invitation|verify/i;

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
  const path = pathOf(url);
  // Most paths name no secret at all: no segment to decode then (this runs for every request).
  if (!path.includes('%') && !MAY_NAME_SECRET.test(path)) return path;
  const segments = path.split('/');
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

/** A well-formed incoming X-Request-Id (from a proxy), or a new one; the response carries it back. */
export function newRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** What is never logged as a request: the probes a load balancer and Prometheus call all the time. */
const UNLOGGED = new Set(['/health', '/metrics']);

/**
 * One structured JSON line per request: method, route (secrets redacted), status, time and request
 * id. No bodies, no query strings, no cookies or authorization headers, no user agents or
 * addresses: nothing personal. Written from the response's `close` event with the logger itself,
 * not a child logger per request (pino-http cost ~30% of an authenticated request's CPU).
 */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, id: string, milliseconds: number): void {
  const url = req.url ?? '';
  if (UNLOGGED.has(url)) return;
  const method = req.method ?? '';
  const responseTime = Math.round(milliseconds);
  if (res.writableFinished && res.statusCode < 500) {
    if (logger.isLevelEnabled('info')) writeCompleted(logger, id, method, redactUrl(url), res.statusCode, responseTime);
    return;
  }
  const entry = { requestId: id, req: { method, url: redactUrl(url) }, res: { statusCode: res.statusCode }, responseTime };
  if (!res.writableFinished) logger.warn(entry, 'request aborted');
  else logger.error(entry, 'request errored');
}

/** pino's own parts of a line, as it keeps them: the level's opening, the timestamp, the bindings (`pid`), the destination. */
interface PinoParts { [key: symbol]: unknown }
const { lsCacheSym, timeSym, chindingsSym, streamSym } = pino.symbols;

/**
 * The line `logger.info(entry, 'request completed')` writes (a test compares the two), built as one
 * string and written to the logger's own destination: pino's generic serialisation of the entry,
 * key by key, was ~5 % of a cached-session request's CPU. Every other line goes through pino.
 */
function writeCompleted(logger: Logger, id: string, method: string, url: string, statusCode: number, responseTime: number): void {
  const parts = logger as unknown as PinoParts;
  const opening = (parts[lsCacheSym] as Record<number, string>)[logger.levels.values.info];
  const time = (parts[timeSym] as () => string)();
  const line = `${opening}${time}${parts[chindingsSym] as string},"requestId":${JSON.stringify(id)},"req":{"method":${JSON.stringify(method)},"url":${JSON.stringify(url)}},"res":{"statusCode":${statusCode}},"responseTime":${responseTime},"msg":"request completed"}\n`;
  (parts[streamSym] as { write(line: string): void }).write(line);
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
 * pino's `isoTime` (`,"time":"2026-12-06T06:08:12.345Z"`), with the date and time formatted once a
 * second instead of on every line: `toISOString` per line was ~2 % of a cached-session request's CPU.
 */
export function isoTimestamps(now: () => number = Date.now): () => string {
  let second = Number.NaN;
  let prefix = '';
  return () => {
    const ms = now();
    const at = Math.floor(ms / 1000);
    if (at !== second) {
      second = at;
      prefix = new Date(at * 1000).toISOString().slice(0, 20); // up to and with the '.'
    }
    return `,"time":"${prefix}${String(ms - at * 1000).padStart(3, '0')}Z"`;
  };
}

/**
 * Asynchronous writes to stdout: lines written while a write is under way go out together in the
 * next one (one system call per burst instead of one per request); pino flushes what is left when
 * the process exits.
 */
export function createPino(config: AppConfig): Logger {
  return pino(
    { level: config.LOG_LEVEL, base: { pid: process.pid }, timestamp: isoTimestamps() },
    pino.destination({ dest: 1, sync: false }),
  );
}
