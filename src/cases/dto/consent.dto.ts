import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { CONSENT_SCOPES, type ConsentScope } from '../case-vocabulary.js';
import { PersonRef } from './case.dto.js';

export class GrantConsentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Exactly one of granteeUserId and granteeOrganisationId.' })
  @IsOptional() @IsUUID()
  granteeUserId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  granteeOrganisationId?: string;

  @ApiProperty({ type: [String], enum: CONSENT_SCOPES })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(CONSENT_SCOPES, { each: true })
  scopes: ConsentScope[];

  @ApiPropertyOptional({ format: 'date-time', description: 'When the consent ends by itself.' })
  @IsOptional() @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Counsellors only: the parent who gave this consent in person.' })
  @IsOptional() @IsUUID()
  givenByParentId?: string;
}

export class RevokeConsentQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Counsellors only: the parent who revoked in person.' })
  @IsOptional() @IsUUID()
  givenByParentId?: string;
}

export class ConsentGrantee {
  @ApiProperty({ enum: ['user', 'organisation'] }) type: 'user' | 'organisation';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) organisationName?: string | null;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: ConsentGrantee }) grantee: ConsentGrantee;
  @ApiProperty({ type: [String], enum: CONSENT_SCOPES }) scopes: ConsentScope[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ type: PersonRef, description: 'The parent who gave it.' }) grantedBy: PersonRef;
  @ApiProperty({ type: PersonRef, description: 'Who entered it: the parent, or the counsellor who recorded it.' }) recordedBy: PersonRef;
  @ApiProperty({ description: 'Given in person and recorded by a counsellor.' }) givenInPerson: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ type: PersonRef, nullable: true }) revokedBy: PersonRef | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) state: 'active' | 'expired' | 'revoked';
}

export class ConsentListResponse {
  @ApiProperty({ type: [ConsentResponse] }) items: ConsentResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
