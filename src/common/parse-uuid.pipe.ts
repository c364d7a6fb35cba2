import { type ArgumentMetadata, HttpStatus, Injectable, ParseUUIDPipe as NestParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/**
 * Nest's ParseUUIDPipe, but its 400 names the parameter and carries a code, like every other
 * validation error (Nest's own says only "Validation failed (uuid is expected)"; found by the fuzzer, issue 23).
 */
@Injectable()
export class ParseUUIDPipe extends NestParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string | null | undefined> {
    try {
      return await super.transform(value, metadata);
    } catch {
      const field = metadata.data ?? metadata.type;
      throw new DomainError(HttpStatus.BAD_REQUEST, 'validation_failed', {
        nl: `${field} moet een geldige id (UUID) zijn.`,
        en: `${field} must be a valid id (UUID).`,
      }, { field, fields: [field] });
    }
  }
}
