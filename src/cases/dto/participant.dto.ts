import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { ROLES, type Role } from '../../accounts/roles.js';
import { CASE_ROLES, type CaseRole } from '../case-vocabulary.js';

export class AddParticipantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

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
