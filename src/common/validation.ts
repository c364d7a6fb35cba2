import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { inspectInput } from './input-guard.js';

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator names the leaf property; give the full path for nested input.
      message: parent && message.startsWith(error.property) ? `${parent}.${message}` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Turns class-validator errors into the contract's 400: every offending field named in `message`. */
export function validationException(errors: ValidationError[]): BadRequestException {
  const problems = flatten(errors);
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code: 'validation_failed',
    message: problems.map((p) => p.message),
    fields: [...new Set(problems.map((p) => p.field))],
  });
}

/**
 * ValidationPipe that first inspects the raw input once (depth, NUL and lone surrogates in any
 * string, `__proto__`/`constructor`/`prototype` keys) so class-transformer and the validators never
 * see input they would choke on or silently drop.
 */
class InspectingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Without a declared type (`payload: unknown`, the gateway's raw socket payload) nothing is
    // transformed here: whoever validates it later (validatePayload) inspects it then, where an
    // error can still be answered in the socket's ack.
    if (metadata.type !== 'custom' && metadata.metatype && metadata.metatype !== Object) inspectInput(value, metadata.data);
    return super.transform(value, metadata);
  }
}

/** The one validation pipe, for HTTP bodies, queries and params, and for socket.io payloads. */
export function createValidationPipe(): ValidationPipe {
  return new InspectingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: validationException,
  });
}
