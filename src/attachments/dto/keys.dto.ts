import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class PutKeyDto {
  @ApiProperty({ description: 'ASCII-armoured OpenPGP public key (v4 or v6; Curve25519/Ed25519 or RSA ≥ 3072).' })
  @IsString() @MinLength(1) @MaxLength(100_000)
  publicKey: string;

  @ApiPropertyOptional({ description: 'ASCII-armoured private key, protected with a passphrase only you know. The server never opens it.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100_000)
  encryptedPrivateKey?: string;
}

export class FingerprintResponse {
  @ApiProperty({ example: 'D1A66E1A23B182C9980F788CFBFCC82A015E7330' }) fingerprint: string;
}

export class OwnKeyResponse {
  @ApiProperty() fingerprint: string;
  @ApiProperty() publicKey: string;
  @ApiProperty({ nullable: true, type: String }) encryptedPrivateKey: string | null;
}

export class PublishedKeyResponse {
  @ApiProperty() fingerprint: string;
  @ApiProperty() publicKey: string;
  @ApiPropertyOptional({ description: 'Fingerprint of the organisation key that certifies this key (verified counsellors).' })
  certifiedBy?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Set for a key rotated out (listed only with ?includeRetired=true).' })
  retiredAt: string | null;
}

export class ListKeysQuery {
  @ApiPropertyOptional({ description: 'Also list keys rotated out.' })
  @IsOptional() @Transform(({ value }) => value === 'true' || value === '1' || value === true) @IsBoolean()
  includeRetired?: boolean;
}

export class RecipientKeyResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fingerprint: string;
  @ApiProperty() publicKey: string;
}

export class RecipientsResponse {
  @ApiProperty({ type: [RecipientKeyResponse] }) keys: RecipientKeyResponse[];
  @ApiProperty({ type: [String], description: 'Members without a key yet: they cannot be sent attachments.' }) missingKey: string[];
}

export class AttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Octets of the encrypted data packet (the part that never changes).' }) size: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the encrypted data packet.' }) sha256: string;
  @ApiProperty({ type: [String], description: 'Fingerprints of the keys (primary) the attachment opens for.' }) recipients: string[];
}
