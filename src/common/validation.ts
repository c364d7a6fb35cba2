import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

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

/** The one validation pipe, for HTTP bodies, queries and params, and for socket.io payloads. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: validationException,
  });
}
