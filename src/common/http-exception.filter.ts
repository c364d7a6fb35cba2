import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { RequestReadError } from './body-parsers.js';
import { DomainError } from './domain-error.js';
import { pickLanguage } from './language.js';
import { databaseUnavailable } from './unavailable.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  requestId?: string;
  [key: string]: unknown;
}

const REASON: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** PostgreSQL's SQLSTATEs for values the client sent that the database cannot take: a 400, not a 500. */
const INVALID_VALUE_CODES = new Set([
  '22P02', // invalid_text_representation
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
  '22003', // numeric_value_out_of_range
  '23514', // check_violation
  '22021', // character_not_in_repertoire (a NUL byte, invalid UTF-8)
  '22P05', // untranslatable_character (\u0000 in jsonb)
  '22P04', // bad_copy_file_format
  '22025', // invalid_escape_sequence
  '22001', // string_data_right_truncation
]);

/** A database error caused by a value the client sent (the caller answers 400 `invalid_value`). */
export function isInvalidValueError(exception: unknown): boolean {
  if (!(exception instanceof QueryFailedError)) return false;
  const pgCode = (exception as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
  return INVALID_VALUE_CODES.has(pgCode ?? '');
}

const malformedPath = () => new DomainError(HttpStatus.BAD_REQUEST, 'malformed_path', {
  nl: 'Het adres (pad) van dit verzoek is geen geldige tekst (procent-codering).',
  en: 'The path of this request is not valid text (percent-encoding).',
});

/** An error that carries an HTTP status (Fastify's carry an `FST_ERR_…` code as well). */
interface StatusError { status?: number; statusCode?: number; code?: string }

/** Fastify's codes for a request it could not read, as ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
};

/** Stable messages for what could not be read, never the parser's own text. */
const READ_MESSAGES: Record<string, string> = {
  malformed_json: 'The request body is not valid JSON',
  body_too_large: 'The request body is too large',
};

/**
 * The one exception filter: maps domain, HTTP, body-parser and database errors to the contract's
 * shape, adds the request id, never sends a stack trace, and logs only what is safe to log.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    this.respond(exception, host.switchToHttp().getRequest<FastifyRequest>(), host.switchToHttp().getResponse<FastifyReply>());
  }

  /** Also for what Fastify refuses before routing (a malformed URL), where no Nest filter runs. */
  respond(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const { body, headers } = this.toBody(exception, pickLanguage(request.headers['accept-language']));
    body.requestId = request.id;
    if (body.statusCode >= 500) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      // Name and stack only: messages of driver errors can contain submitted values.
      this.logger.error({ err: { name: error.name, stack: error.stack?.split('\n').slice(1, 8).join('\n') }, requestId: request.id }, 'Unhandled error');
    }
    if (reply.sent || reply.raw.headersSent) return;
    // JSON whatever type the route declared for its success (a binary download, a CSV).
    reply.headers(headers).code(body.statusCode).type('application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, language: 'nl' | 'en'): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof DomainError) {
      return {
        body: { statusCode: exception.status, error: REASON[exception.status] ?? 'Error', message: exception.text[language], code: exception.code, ...exception.extra },
        headers: exception.headers,
      };
    }
    // A path with percent-encoding that is no UTF-8 (e.g. %ED%A0%80): the router's message would echo it back.
    const fastifyCode = ((exception instanceof HttpException ? exception.cause : exception) as StatusError | undefined)?.code;
    if (exception instanceof URIError || fastifyCode === 'FST_ERR_BAD_URL') {
      return this.toBody(malformedPath(), language);
    }
    // Nest wraps Fastify's errors in an HttpException whose message is Fastify's own: answer those
    // with our code and a stable message instead.
    if (exception instanceof HttpException && fastifyCode?.startsWith('FST_')) {
      return this.requestReadError(exception.getStatus(), FASTIFY_CODES[fastifyCode] ?? 'bad_request');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body: ErrorBody = typeof raw === 'string'
        ? { statusCode: status, error: REASON[status] ?? 'Error', message: raw }
        : { statusCode: status, error: REASON[status] ?? 'Error', message: exception.message, ...(raw as object) };
      if (status === HttpStatus.NOT_FOUND && !body.code) body.code = 'not_found';
      // Every 4xx carries a code (issue 23: the fuzzer found bare ones); the reason phrase in snake_case.
      if (!body.code && status >= 400 && status < 500) body.code = (REASON[status] ?? 'bad_request').toLowerCase().replace(/ /g, '_');
      return { body, headers: {} };
    }
    if (exception instanceof RequestReadError) return this.requestReadError(exception.status, exception.code);
    const httpError = exception as StatusError;
    const status = httpError?.status ?? httpError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return this.requestReadError(status, 'bad_request');
    // The database gone, restarting or read-only: a 503 naming it, not a 500 (issue 23).
    const degraded = databaseUnavailable(exception);
    if (degraded) return this.toBody(degraded, language);
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
      // Input that slipped past validation into SQL is still the client's fault, not ours. Text
      // PostgreSQL cannot store (a NUL byte) is refused earlier with the field's name (input-guard.ts);
      // this is the safety net.
      if (isInvalidValueError(exception)) {
        return { body: { statusCode: 400, error: 'Bad Request', message: 'A value in the request is not valid', code: 'invalid_value' }, headers: {} };
      }
      if (pgCode === '23505') {
        return { body: { statusCode: 409, error: 'Conflict', message: 'This already exists', code: 'conflict' }, headers: {} };
      }
    }
    return { body: { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side', code: 'internal_error' }, headers: {} };
  }

  /** Errors of reading the request: a stable code and message, never the parser's text. */
  private requestReadError(status: number, code: string): { body: ErrorBody; headers: Record<string, string> } {
    const message = READ_MESSAGES[code] ?? 'The request could not be read';
    return { body: { statusCode: status, error: REASON[status] ?? 'Error', message, code }, headers: {} };
  }
}
