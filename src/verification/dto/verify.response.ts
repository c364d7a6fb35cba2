import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { VerifyAnswer } from '../verification-codes.service.js';

class NamedCounsellor {
  @ApiProperty() displayName: string;
}

class NamedOrganisation {
  @ApiProperty() name: string;
}

/** A valid credential: who, for which organisation, until when. Nothing more personal. */
export class ValidVerifyResponse {
  @ApiProperty({ enum: [true] }) valid: true;
  @ApiProperty({ type: NamedCounsellor }) counsellor: NamedCounsellor;
  @ApiProperty({ type: NamedOrganisation }) organisation: NamedOrganisation;
  @ApiProperty({ enum: ['counsellor'] }) role: 'counsellor';
  @ApiProperty({ format: 'date-time' }) credentialValidUntil: string;
}

/** Not valid, and why; nothing about whose code it was. */
export class InvalidVerifyResponse {
  @ApiProperty({ enum: [false] }) valid: false;
  @ApiProperty({ enum: ['unknown', 'expired', 'revoked'] }) reason: 'unknown' | 'expired' | 'revoked';
}

/** `{ valid: true, counsellor, organisation, role, credentialValidUntil }` or `{ valid: false, reason }` (OpenAPI: oneOf, see VERIFY_RESPONSE_SCHEMA). */
export type VerifyResponse = ValidVerifyResponse | InvalidVerifyResponse;

export const VERIFY_RESPONSE_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(ValidVerifyResponse) }, { $ref: getSchemaPath(InvalidVerifyResponse) }],
};

export function toVerifyResponse(answer: VerifyAnswer): VerifyResponse {
  if (!answer.valid) return { valid: false, reason: answer.reason };
  return {
    valid: true,
    counsellor: { displayName: answer.counsellor.displayName },
    organisation: { name: answer.organisation.name },
    role: answer.role,
    credentialValidUntil: answer.credentialValidUntil.toISOString(),
  };
}
