import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../accounts/roles.js';
import { CASE_ROLES, type CaseRole } from '../case-vocabulary.js';

/** Who to add: exactly one of `userId` and `email` (both → 400 `one_of_user_id_or_email`), with the case role. */
export class AddParticipantDto {
  // Without email, userId stays required: a body with neither answers as before (userId named).
  @ApiPropertyOptional({ format: 'uuid', description: 'The account id. Exactly one of userId and email.' })
  @ValidateIf((o: AddParticipantDto) => o.userId !== undefined || o.email === undefined) @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 254, description: 'The account\'s e-mail address, matched exactly but case-insensitively (as at login). Exactly one of userId and email.' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: CASE_ROLES })
  @IsIn(CASE_ROLES)
  role: CaseRole;
}

export class OrganisationRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
}

export class ParticipantResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) accountRole: Role;
  @ApiProperty({ enum: CASE_ROLES }) role: CaseRole;
  @ApiProperty({ type: OrganisationRef, nullable: true }) organisation: OrganisationRef | null;
  @ApiProperty() isLead: boolean;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
}
