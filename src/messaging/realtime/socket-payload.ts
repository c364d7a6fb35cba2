import { randomUUID } from 'node:crypto';
import { BadRequestException, type Logger, type Type } from '@nestjs/common';
import type { AuthUser } from '../../auth/auth-user.js';
import type { SessionsService } from '../../auth/sessions.service.js';
import { RequestContext } from '../../common/request-context.js';
import { createValidationPipe } from '../../common/validation.js';
import { DomainError } from '../../common/domain-error.js';
import { isInvalidValueError } from '../../common/http-exception.filter.js';
import { databaseUnavailable } from '../../common/unavailable.js';
import type { Ack, SocketError } from '../../shared/realtime-events.js';
import type { RealtimeSocket } from './realtime.service.js';

/** The global pipe, with the same settings and error shape as REST, applied to socket payloads. */
const pipe = createValidationPipe();

export async function validatePayload<T extends object>(type: Type<T>, payload: unknown): Promise<T> {
  return pipe.transform(payload ?? {}, { type: 'body', metatype: type }) as Promise<T>;
}

export type { SocketError } from '../../shared/realtime-events.js';

/** Maps anything thrown while handling a socket event to the ack's `error` (never a stack trace). */
export function toSocketError(error: unknown, language: 'nl' | 'en' = 'nl'): SocketError {
  const degraded = databaseUnavailable(error);
  if (degraded) return toSocketError(degraded, language);
  if (error instanceof DomainError) {
    return { code: error.code, message: error.text[language], status: error.status, ...error.extra };
  }
  if (error instanceof BadRequestException) {
    const body = error.getResponse() as { code?: string; message?: string | string[]; fields?: string[] };
    return { code: body.code ?? 'bad_request', message: body.message ?? 'Bad Request', status: 400, fields: body.fields };
  }
  if (isInvalidValueError(error)) {
    return { code: 'invalid_value', message: language === 'nl' ? 'Een waarde in het verzoek is niet geldig.' : 'A value in the request is not valid.', status: 400 };
  }
  return { code: 'internal_error', message: language === 'nl' ? 'Er ging iets mis. Probeer het opnieuw.' : 'Something went wrong. Please try again.', status: 500 };
}

/**
 * Runs a client event as the socket's user, with a request context for the audit log, and answers
 * with the ack (`{ ok: true, ...result }` or the mapped error). The session is re-checked for writes
 * (it may have been revoked a moment ago), which also keeps it from idling out; a revoked one is
 * answered `not_authenticated` and then closed. Every gateway's client events go through here.
 */
export async function runSocketEvent<T extends object>(
  socket: RealtimeSocket, sessions: SessionsService, logger: Logger, fn: (user: AuthUser) => Promise<T>, recheckSession = true,
): Promise<Ack<T>> {
  const language = socket.data.language ?? 'nl';
  try {
    let user = socket.data.user;
    if (recheckSession) {
      const current = await sessions.resolve(socket.data.token);
      if (!current) {
        // Answer first, then close: the client learns why.
        setTimeout(() => socket.disconnect(true), 50).unref();
        return { ok: false, error: { code: 'not_authenticated', message: 'not_authenticated', status: 401 } };
      }
      user = current;
    }
    const result = await RequestContext.run(
      { requestId: `ws-${randomUUID()}`, ip: socket.handshake.address, user },
      () => fn(user),
    );
    return { ok: true, ...result };
  } catch (error) {
    const mapped = toSocketError(error, language);
    if (mapped.status >= 500) logger.error(error);
    return { ok: false, error: mapped };
  }
}
