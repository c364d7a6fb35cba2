import { HttpStatus } from '@nestjs/common';

/** A user-facing text in every language the portal speaks. Dutch comes first. */
export interface Text {
  nl: string;
  en: string;
}

/**
 * An error a client can act on: an HTTP status, a machine-readable snake_case code, and a message in
 * Dutch and English. Modules define their own (see `*.errors.ts`); one filter turns them into responses.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    readonly text: Text,
    /** Extra machine-readable fields for the response body, e.g. the offending field's name. */
    readonly extra: Record<string, unknown> = {},
    /** Response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

/** The generic answers every module needs; module-specific ones live beside the module. */
export const CommonErrors = {
  notFound: (what = 'resource') =>
    new DomainError(HttpStatus.NOT_FOUND, 'not_found', {
      nl: 'Dit bestaat niet, of u heeft er geen toegang toe.',
      en: 'This does not exist, or you have no access to it.',
    }, { resource: what }),
  forbidden: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'forbidden', {
      nl: 'U mag dit niet doen.',
      en: 'You are not allowed to do this.',
    }),
  notAuthenticated: () =>
    new DomainError(HttpStatus.UNAUTHORIZED, 'not_authenticated', {
      nl: 'U bent niet (meer) ingelogd.',
      en: 'You are not logged in (any more).',
    }),
  invalidField: (field: string, text: Text, code = 'invalid_field') =>
    new DomainError(HttpStatus.BAD_REQUEST, code, { nl: `${field}: ${text.nl}`, en: `${field}: ${text.en}` }, { field }),
  conflict: (code: string, text: Text, extra: Record<string, unknown> = {}) =>
    new DomainError(HttpStatus.CONFLICT, code, text, extra),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', {
      nl: `Te veel pogingen. Probeer het over ${Math.ceil(retryAfterSeconds / 60)} minuten opnieuw.`,
      en: `Too many attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    }, { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) }),
};
