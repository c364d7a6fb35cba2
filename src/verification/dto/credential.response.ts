import { ApiProperty } from '@nestjs/swagger';
import type { CredentialView } from '../credentials.service.js';

export class CredentialResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) counsellorId: string;
  @ApiProperty({ description: 'OpenPGP clear-signed statement; `gpg --verify` accepts it with the organisation key.' }) statement: string;
  @ApiProperty({ example: '016FDB36C00DF77D94C39250DA1E70BC75FB0597', description: 'The organisation key that signed the statement.' })
  organisationFingerprint: string;
  @ApiProperty({ nullable: true, type: String }) counsellorKeyFingerprint: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ format: 'date-time' }) validUntil: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status: CredentialView['status'];

  static of(view: CredentialView): CredentialResponse {
    return {
      id: view.id,
      counsellorId: view.counsellorId,
      statement: view.statement,
      organisationFingerprint: view.organisationFingerprint,
      counsellorKeyFingerprint: view.counsellorKeyFingerprint,
      issuedAt: view.issuedAt.toISOString(),
      validUntil: view.validUntil.toISOString(),
      revokedAt: view.revokedAt?.toISOString() ?? null,
      status: view.status,
    };
  }
}
