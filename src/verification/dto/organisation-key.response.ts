import { ApiProperty } from '@nestjs/swagger';
import { KEY_REVOCATION_REASONS, type KeyRevocationReason } from '../entities/organisation-key.entity.js';
import type { KeyRevocation } from '../organisation-key-revocation.service.js';
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

export class KeyRevocationResponse {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: KEY_REVOCATION_REASONS }) reason: KeyRevocationReason;
  @ApiProperty({ description: 'The new signing key.' }) fingerprint: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'The key that was current until now; published from now on with its revocation.' }) previousFingerprint: string;
  @ApiProperty({ type: [String], description: 'Every key revoked now, the previous one first (after a compromise: retired keys too).' })
  revokedFingerprints: string[];
  @ApiProperty({ format: 'date-time' }) revokedAt: string;
  @ApiProperty({ description: 'Credentials revoked because a compromised key signed them (0 for superseded).' }) credentialsRevoked: number;
  @ApiProperty({ description: 'Of those, the still valid ones issued again under the new key.' }) credentialsReissued: number;

  static of(revocation: KeyRevocation): KeyRevocationResponse {
    return {
      organisationId: revocation.organisationId,
      reason: revocation.reason,
      fingerprint: revocation.fingerprint,
      createdAt: revocation.createdAt.toISOString(),
      previousFingerprint: revocation.previousFingerprint,
      revokedFingerprints: revocation.revokedFingerprints,
      revokedAt: revocation.revokedAt.toISOString(),
      credentialsRevoked: revocation.credentialsRevoked,
      credentialsReissued: revocation.credentialsReissued,
    };
  }
}
