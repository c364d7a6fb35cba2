import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsRegionCode } from '../../cases/regions.js';

export class CounsellorLoad {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'Cases with status intake or active that this counsellor leads.' }) activeCases: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: not set yet.' }) capacity: number | null;
  @ApiProperty({ nullable: true, type: Number }) freeCapacity: number | null;
  @ApiProperty({ type: [String], description: 'Youth-care regions where the counsellor lives or works.' }) regionCodes: string[];
}

export class RegionCoverage {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Counsellors who cover the region.' }) counsellors: number;
  @ApiProperty({ description: 'Their free capacity together (counsellors without a capacity count as 0).' }) freeCapacity: number;
  @ApiProperty() activeCases: number;
  @ApiProperty({ description: 'Open registrations from the region that are not a case yet.' }) openRegistrations: number;
  @ApiPropertyOptional({ enum: ['no_counsellor', 'not_enough_capacity'], description: 'Only for under-covered regions.' })
  reason?: 'no_counsellor' | 'not_enough_capacity';
}

export class CapacityWarning {
  @ApiProperty({ enum: ['team_at_capacity', 'intake_exceeds_capacity', 'counsellor_over_capacity', 'counsellor_capacity_below_team_capacity'] })
  code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ format: 'uuid' }) counsellorId?: string;
}

export class CaseloadResponse {
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ description: 'Parents and children the team can support at once (INTAKE_DEFAULT_TEAM_CAPACITY until set).' }) teamCapacity: number;
  @ApiProperty() teamCapacityConfigured: boolean;
  @ApiProperty({ description: 'The team’s cases with status intake or active.' }) activeCases: number;
  @ApiProperty({ description: 'Open registrations (new, contacted, welcome_planned) that are not a case yet.' }) openRegistrations: number;
  @ApiProperty({ description: 'teamCapacity - activeCases (may be negative).' }) freeCapacity: number;
  @ApiProperty({ type: [CounsellorLoad] }) counsellors: CounsellorLoad[];
  @ApiProperty({ type: [RegionCoverage], description: 'Regions at least one counsellor covers.' }) regionsCovered: RegionCoverage[];
  @ApiProperty({ type: [RegionCoverage], description: 'Regions with cases or open registrations and no counsellor, or too little free capacity for the open registrations.' }) regionsUnderCovered: RegionCoverage[];
  @ApiProperty({ type: [CapacityWarning] }) warnings: CapacityWarning[];
}

export class SetTeamCapacityDto {
  @ApiProperty({ example: 150 })
  @IsInt() @Min(0) @Max(100000)
  capacity: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only (required for them): the support team. A coordinator sets their own team’s.' })
  @IsOptional() @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;
}

export class TeamCapacityResponse {
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty() capacity: number;
}

export class CounsellorProfileDto {
  @ApiProperty({ nullable: true, type: Number, example: 12, description: 'Parents and children this counsellor can support at once; null: not set.' })
  @IsOptional() @IsInt() @Min(0) @Max(1000)
  capacity: number | null;

  @ApiProperty({ type: [String], example: ['ijsselland', 'twente'], description: 'Youth-care regions where the counsellor lives or works.' })
  @IsArray() @ArrayMaxSize(42) @ArrayUnique() @IsRegionCode({ each: true })
  regionCodes: string[];
}

export class CounsellorProfileResponse {
  @ApiProperty({ format: 'uuid' }) counsellorId: string;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ type: [String] }) regionCodes: string[];
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class AssignmentSuggestion {
  @ApiProperty({ format: 'uuid' }) counsellorId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'The counsellor covers the registrant’s region.' }) regionMatch: boolean;
  @ApiProperty() activeCases: number;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ nullable: true, type: Number }) freeCapacity: number | null;
  @ApiProperty({ type: [String] }) regionCodes: string[];
  @ApiProperty({ type: [String], enum: ['region_match', 'free_capacity', 'capacity_unknown', 'at_capacity'] }) reasons: string[];
}

export class SuggestionsResponse {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ type: [AssignmentSuggestion], description: 'Best first: region match, then free capacity.' }) suggestions: AssignmentSuggestion[];
}
