import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { VerifyAnswer } from '../verification-codes.service.js';

class NamedCounsellor {
  @ApiProperty() displayName: string;
}

class NamedOrganisation {
  @ApiProperty() name: string;
}

/** `{ valid: true, counsellor, organisation, role, credentialValidUntil }` or `{ valid: false, reason }`: nothing more personal. */
export class VerifyResponse {
  @ApiProperty() valid: boolean;
  @ApiPropertyOptional({ enum: ['unknown', 'expired', 'revoked'] }) reason?: 'unknown' | 'expired' | 'revoked';
  @ApiPropertyOptional({ type: NamedCounsellor }) counsellor?: NamedCounsellor;
  @ApiPropertyOptional({ type: NamedOrganisation }) organisation?: NamedOrganisation;
  @ApiPropertyOptional({ enum: ['counsellor'] }) role?: 'counsellor';
  @ApiPropertyOptional({ format: 'date-time' }) credentialValidUntil?: string;

  static of(answer: VerifyAnswer): VerifyResponse {
    if (!answer.valid) return { valid: false, reason: answer.reason };
    return {
      valid: true,
      counsellor: { displayName: answer.counsellor.displayName },
      organisation: { name: answer.organisation.name },
      role: answer.role,
      credentialValidUntil: answer.credentialValidUntil.toISOString(),
    };
  }
}
