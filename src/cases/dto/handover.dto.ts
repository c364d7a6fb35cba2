import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PersonRef } from './case.dto.js';

export class HandoverDto {
  @ApiProperty({ format: 'uuid', description: 'A counsellor of the team that runs the case.' })
  @IsUUID()
  toCounsellorId: string;

  @ApiProperty({ description: 'Why (kept for the team; never shown to the parents or partners).' })
  @IsString() @Length(1, 2000)
  reason: string;

  @ApiPropertyOptional({ default: false, description: 'Keep the previous counsellor in the case (without the lead and the thread memberships). By default they leave it.' })
  @IsOptional() @IsBoolean()
  previousCounsellorStays?: boolean;
}

export class HandoverResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: PersonRef, nullable: true }) from: PersonRef | null;
  @ApiProperty({ type: PersonRef }) to: PersonRef;
  @ApiProperty() previousCounsellorStays: boolean;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class HandoverRequestDto {
  @ApiProperty({ description: 'Why (e.g. for your own safety); seen by the team only.' })
  @IsString() @Length(1, 2000)
  reason: string;
}

export class HandoverRequestResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: PersonRef }) requestedBy: PersonRef;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['open', 'done'] }) status: 'open' | 'done';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
}

export class TeamHandoverRequestCase {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EV-2026-0042' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: PersonRef, nullable: true }) leadCounsellor: PersonRef | null;
}

export class TeamHandoverRequestResponse extends HandoverRequestResponse {
  @ApiProperty({ type: TeamHandoverRequestCase }) case: TeamHandoverRequestCase;
}
