import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { INVITATION_CASE_ROLES, ROLES, SPECIALISMS, type InvitationCaseRole, type Role, type Specialism } from '../roles.js';

export class CreateInvitationDto {
  @ApiProperty({ example: 'ouder@example.org' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'A. Voorbeeld' })
  @IsString() @Length(1, 200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Invite straight into this case (counsellors and coordinators who manage it); the person joins on acceptance.' })
  @IsOptional() @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ enum: INVITATION_CASE_ROLES, description: 'The role in the case; default follows the account role (a partner of youth protection: guardian, of the Child Protection Board: board).' })
  @IsOptional() @IsIn(INVITATION_CASE_ROLES)
  caseRole?: InvitationCaseRole;

  @ApiPropertyOptional({ enum: SPECIALISMS, description: 'Required for `role: "expert"` (issue 19), refused for every other role.' })
  @IsOptional() @IsIn(SPECIALISMS)
  specialism?: Specialism;
  @ApiPropertyOptional({ format: 'uuid', description: 'Issue 20: with caseRole "child", the child record of the case that the new account is linked to on acceptance.' })
  @IsOptional() @IsUUID()
  childId?: string;
}

export const INVITATION_STATUSES = ['sent', 'accepted', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** What the inviter learns: never the token or the link, and the same whether or not the address has an account. */
export class InvitationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ enum: INVITATION_CASE_ROLES, nullable: true }) caseRole: InvitationCaseRole | null;
  @ApiPropertyOptional({ enum: SPECIALISMS, nullable: true, description: 'Only on an invitation of an expert: their specialism.' }) specialism?: Specialism | null;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time' }) lastSentAt: string;
  @ApiProperty({ enum: INVITATION_STATUSES, description: '`sent` until used or expired; `accepted` once the invitee joined.' }) status: InvitationStatus;
}

export class InvitationPage {
  @ApiProperty({ type: [InvitationResponse] }) items: InvitationResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListInvitationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the invitations into this case.' })
  @IsOptional() @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the invitations into this organisation (among those the caller may see).' })
  @IsOptional() @IsUUID()
  organisationId?: string;
}

/** What the holder of a link (the invitee) sees before accepting. */
export class InvitationPreview {
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() invitedBy: string;
  @ApiProperty({ nullable: true, type: String }) organisationName: string | null;
  @ApiProperty({ description: 'The invitation brings the person into a case file.' }) intoCase: boolean;
  @ApiProperty({ description: 'The address has an account already: log in, then join with POST /api/invitations/{token}/join.' }) accountExists: boolean;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ minLength: 12 })
  @IsString() @MaxLength(1000)
  password: string;
}
