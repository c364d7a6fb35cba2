import { BadRequestException, type Type } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation.js';
import { DomainError } from '../../common/domain-error.js';
import { isInvalidValueError } from '../../common/http-exception.filter.js';
import { databaseUnavailable } from '../../common/unavailable.js';
import type { SocketError } from '../../shared/realtime-events.js';

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
