import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { KEY_REVOCATION_REASONS, type KeyRevocationReason } from '../entities/organisation-key.entity.js';

export class RevokeOrganisationKeyDto {
  @ApiProperty({
    enum: KEY_REVOCATION_REASONS,
    description: '`compromised`: every credential the team\'s keys signed is revoked and the valid ones are re-issued with the new key. '
      + '`superseded`: the key is replaced; what it signed stays valid until it expires.',
  })
  @IsIn(KEY_REVOCATION_REASONS, { message: 'reason must be one of: compromised, superseded' })
  reason: KeyRevocationReason;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why, for the team\'s own record. Stored with the key; never published.' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  note?: string;
}
