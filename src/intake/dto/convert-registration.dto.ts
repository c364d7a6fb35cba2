import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../intake-vocabulary.js';

export class ConvertRegistrationDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'The case title; default: the registrant’s name and the reference.' })
  @IsOptional() @IsString() @Length(1, 200) @Matches(/\S/, { message: 'title must not be empty' })
  title?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Default: the registration’s assigned counsellor.' })
  @IsOptional() @IsUUID('all', { message: 'leadCounsellorId must be a UUID' })
  leadCounsellorId?: string | null;
}

export class RegistrantInvitation {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['parent', 'child'] }) role: 'parent' | 'child';
  @ApiProperty({ description: 'The address the invitation was mailed to (the link goes only there).' }) email: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ enum: ['sent'] }) status: 'sent' | 'accepted' | 'expired';
}

export class ConversionResponse {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'EV-2026-0042' }) caseReference: string;
  @ApiProperty() caseStatus: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) registrationStatus: RegistrationStatus;
  @ApiProperty({ type: [String] }) regionCodes: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadCounsellorId: string | null;
  @ApiProperty({
    enum: ['invited', 'no_email', 'not_a_parent_or_child'],
    description: 'What happened with the registrant: invited by mail as parent/child (whether or not the address has an account), or why not.',
  })
  registrant: 'invited' | 'no_email' | 'not_a_parent_or_child';
  @ApiProperty({ type: RegistrantInvitation, nullable: true }) invitation: RegistrantInvitation | null;
  @ApiProperty({ type: [String], description: 'Capacity warnings after this intake (see GET /api/caseload).' }) warnings: string[];
  @ApiProperty({ description: 'Whether the lead counsellor (when not the caller) was sent a notice mail about the new case.' }) leadNotified: boolean;
}
