import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { CommonErrors } from './domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one pipe for ids in paths: a malformed id is malformed input, 400 `invalid_id` naming the
 * parameter, on every route alike; a well-formed id that names nothing the caller may see is the
 * resource's 404.
 */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw CommonErrors.invalidField(metadata.data ?? 'id', { nl: 'dit is geen geldige id (een UUID).', en: 'this is not a valid id (a UUID).' }, 'invalid_id');
    }
    return value.toLowerCase();
  }
}
