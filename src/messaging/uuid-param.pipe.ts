import { Injectable, type PipeTransform } from '@nestjs/common';
import { CommonErrors } from '../common/domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name anything: the same 404 as an unknown or foreign id. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly what = 'resource') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw CommonErrors.notFound(this.what);
    return value.toLowerCase();
  }
}
