import { HttpStatus } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/**
 * Degraded dependencies (issue 23): the database, the attachment store or Redis being gone, full or
 * read-only is no bug of ours and no fault of the client. It answers 503 with a code naming the part
 * (`dependency`), a message in Dutch and English and `Retry-After`; nothing needs a restart, since
 * every client (pg pool, ioredis, the stores) reconnects on its own.
 */
export type Dependency = 'database' | 'attachment_store' | 'redis';

const RETRY_AFTER_SECONDS = 5;

const TEXT: Record<string, { nl: string; en: string }> = {
  database_unavailable: {
    nl: 'De database is even niet bereikbaar. Er is niets opgeslagen; probeer het over een paar seconden opnieuw.',
    en: 'The database cannot be reached right now. Nothing was saved; please try again in a few seconds.',
  },
  database_read_only: {
    nl: 'De database kan op dit moment alleen lezen (onderhoud). Er is niets opgeslagen; probeer het straks opnieuw.',
    en: 'The database is read-only at the moment (maintenance). Nothing was saved; please try again shortly.',
  },
  attachment_store_full: {
    nl: 'De opslag voor bijlagen is vol. Er is niets opgeslagen; de beheerder is gewaarschuwd. Probeer het later opnieuw.',
    en: 'The attachment store is full. Nothing was saved; the administrator has been warned. Please try again later.',
  },
  attachment_store_unavailable: {
    nl: 'De opslag voor bijlagen is even niet bereikbaar. Er is niets opgeslagen; probeer het over een paar seconden opnieuw.',
    en: 'The attachment store cannot be reached right now. Nothing was saved; please try again in a few seconds.',
  },
  redis_unavailable: {
    nl: 'Een onderdeel van de portal (Redis) is even niet bereikbaar. Probeer het over een paar seconden opnieuw.',
    en: 'A part of the portal (Redis) cannot be reached right now. Please try again in a few seconds.',
  },
};

export function unavailable(dependency: Dependency, code: keyof typeof TEXT & string): DomainError {
  return new DomainError(HttpStatus.SERVICE_UNAVAILABLE, code, TEXT[code], { dependency, retryAfter: RETRY_AFTER_SECONDS }, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

interface DriverError { code?: string; errno?: string | number; message?: string; driverError?: DriverError; cause?: unknown; name?: string; $metadata?: { httpStatusCode?: number } }

/** Node's network errors: the peer is gone or unreachable. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
/** PostgreSQL SQLSTATEs that mean "the server is going or gone", not "your statement is wrong". */
const PG_GONE = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08P01']);
const PG_GONE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /Connection is closed/i, /terminating connection/i, /the database system is (starting up|shutting down|in recovery mode)/i];

/** The database's unavailability behind `error` (a TypeORM or pg error), or null when it is something else. */
export function databaseUnavailable(error: unknown): DomainError | null {
  const e = error as DriverError | null | undefined;
  if (!e || typeof e !== 'object') return null;
  const inner = e.driverError ?? e;
  const code = typeof inner.code === 'string' ? inner.code : undefined;
  if (code === '25006') return unavailable('database', 'database_read_only');
  if (code && (PG_GONE.has(code) || NETWORK.has(code))) return unavailable('database', 'database_unavailable');
  const message = inner.message ?? e.message ?? '';
  if (PG_GONE_MESSAGES.some((m) => m.test(message))) return unavailable('database', 'database_unavailable');
  return null;
}

/** Filesystem errors of a store that is full, read-only or not mounted. */
const STORE_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const STORE_DOWN = new Set(['EROFS', 'EIO', 'EACCES', 'EPERM', 'ENOTDIR', 'ESTALE', 'ENODEV', 'ENXIO', 'EMFILE', 'ENFILE']);

/** The attachment store's unavailability behind `error` (filesystem or S3 client), or null. */
export function attachmentStoreUnavailable(error: unknown): DomainError | null {
  const e = error as DriverError | null | undefined;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && STORE_FULL.has(code)) return unavailable('attachment_store', 'attachment_store_full');
  if (code && (STORE_DOWN.has(code) || NETWORK.has(code))) return unavailable('attachment_store', 'attachment_store_unavailable');
  // The S3 client: a 5xx of the service, its throttling, or no answer at all.
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return unavailable('attachment_store', 'attachment_store_unavailable');
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'SlowDown' || e.name === 'ServiceUnavailable') return unavailable('attachment_store', 'attachment_store_unavailable');
  if (e.cause) return attachmentStoreUnavailable(e.cause);
  return null;
}
