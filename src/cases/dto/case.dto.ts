import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import {
  CASE_ROLES, CASE_STATUSES, DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, SUPPORT_REQUESTS,
  type CaseRole, type CaseStatus, type DesiredSituation, type HouseholdComposition, type PlacementReason, type SupportRequest,
} from '../case-vocabulary.js';
import { IsRegionCode, YOUTH_CARE_REGIONS } from '../regions.js';
import { PageQueryDto } from '../../common/pagination.js';

const REGION_CODES = YOUTH_CARE_REGIONS.map((r) => r.code);

/** The structured fields the monitor counts; the same rules on create and update. */
class CaseFieldsDto {
  @ApiPropertyOptional({ type: [String], enum: REGION_CODES, description: 'Youth-care region codes (GET /api/regions).' })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(REGION_CODES.length) @IsRegionCode({ each: true })
  regionCodes?: string[];

  @ApiPropertyOptional({ enum: HOUSEHOLD_COMPOSITIONS })
  @IsOptional() @IsIn(HOUSEHOLD_COMPOSITIONS)
  householdComposition?: HouseholdComposition;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Whether the registrant has custody (gezag); null when unknown.' })
  @ValidateIf((o: CaseFieldsDto) => o.registrantHasCustody !== null && o.registrantHasCustody !== undefined) @IsBoolean()
  registrantHasCustody?: boolean | null;

  @ApiPropertyOptional({ type: [String], enum: PLACEMENT_REASONS })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(PLACEMENT_REASONS, { each: true })
  placementReasons?: PlacementReason[];

  @ApiPropertyOptional({ type: [String], enum: DESIRED_SITUATIONS })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(DESIRED_SITUATIONS, { each: true })
  desiredSituation?: DesiredSituation[];

  @ApiPropertyOptional({ type: [String], enum: SUPPORT_REQUESTS })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(SUPPORT_REQUESTS, { each: true })
  supportRequests?: SupportRequest[];
}

export class CreateCaseDto extends CaseFieldsDto {
  @ApiProperty({ example: 'Familie Voorbeeld' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A counsellor of the caller\'s team; a counsellor who opens a case leads it by default.' })
  @IsOptional() @IsUUID()
  leadCounsellorId?: string;
}

export class UpdateCaseDto extends CaseFieldsDto {
  @ApiPropertyOptional()
  @IsOptional() @IsString() @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional() @IsIn(CASE_STATUSES)
  status?: CaseStatus;
}

export class CaseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional() @IsIn(CASE_STATUSES)
  status?: CaseStatus;
}

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class CaseSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EV-2026-0042' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ type: PersonRef, nullable: true }) leadCounsellor: PersonRef | null;
  @ApiProperty({ enum: CASE_ROLES, nullable: true, description: "The caller's role in the case; null for a coordinator who sees it through the team." }) myRole: CaseRole | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CaseAccessSummary {
  @ApiProperty({ enum: ['team', 'parent', 'partner'] }) side: string;
  @ApiProperty({ description: 'What the caller sees of the case content right now.' }) story: boolean;
  @ApiProperty() updates: boolean;
  @ApiProperty() children: boolean;
}

/**
 * One case. The structured fields are present only for callers who see the details (the team, the
 * parents, partners with `story` consent); without consent a partner sees that the case exists.
 */
export class CaseResponse extends CaseSummaryResponse {
  @ApiPropertyOptional({ type: [String] }) regionCodes?: string[];
  @ApiPropertyOptional({ enum: HOUSEHOLD_COMPOSITIONS }) householdComposition?: HouseholdComposition;
  @ApiPropertyOptional({ type: Boolean, nullable: true }) registrantHasCustody?: boolean | null;
  @ApiPropertyOptional({ type: [String], enum: PLACEMENT_REASONS }) placementReasons?: PlacementReason[];
  @ApiPropertyOptional({ type: [String], enum: DESIRED_SITUATIONS }) desiredSituation?: DesiredSituation[];
  @ApiPropertyOptional({ type: [String], enum: SUPPORT_REQUESTS }) supportRequests?: SupportRequest[];
  @ApiProperty({ type: CaseAccessSummary }) access: CaseAccessSummary;
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseSummaryResponse] }) items: CaseSummaryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class StatusChangeResponse {
  @ApiProperty({ enum: CASE_STATUSES, nullable: true }) from: CaseStatus | null;
  @ApiProperty({ enum: CASE_STATUSES }) to: CaseStatus;
  @ApiProperty({ type: PersonRef, nullable: true }) changedBy: PersonRef | null;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
}
