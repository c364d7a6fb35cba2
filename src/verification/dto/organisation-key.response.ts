import { ApiProperty } from '@nestjs/swagger';
import type { KeyRotation } from '../organisation-keys.service.js';

export class KeyRotationResponse {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ description: 'The new signing key; certified by the previous one.' }) fingerprint: string;
  @ApiProperty({ nullable: true, type: String, description: 'The retired key; still published, so what it signed still verifies.' })
  previousFingerprint: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static of(rotation: KeyRotation): KeyRotationResponse {
    return {
      organisationId: rotation.organisationId,
      fingerprint: rotation.fingerprint,
      previousFingerprint: rotation.previousFingerprint,
      createdAt: rotation.createdAt.toISOString(),
    };
  }
}
