import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { SPECIALISMS, type Specialism } from '../../accounts/roles.js';
import {
  DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, PLACEMENTS, PROTECTION_MEASURES,
  type DesiredSituation, type HouseholdComposition, type Placement, type PlacementReason, type ProtectionMeasure,
} from '../../cases/case-vocabulary.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CONSULTATION_BASES, CONSULTATION_STATUSES, type ConsultationBasis, type ConsultationStatus } from '../consultation-status.js';

export class CreateConsultationDto {
  @ApiProperty({ format: 'uuid', description: 'An expert of the pool (GET /api/experts).' })
  @IsUUID()
  expertId: string;

  @ApiProperty({ minLength: 1, maxLength: 5000, description: 'Without names, e-mail addresses, phone numbers or the case reference (422 `identifying_text` otherwise).' })
  @IsString() @Length(1, 5000)
  question: string;

  @ApiProperty({ enum: CONSULTATION_BASES, description: '`parent_consent` needs an active consent of a parent to this expert or their pool covering `story` and `children` (422 `consent_missing` otherwise).' })
  @IsIn(CONSULTATION_BASES)
  basis: ConsultationBasis;
}

export class PostConsultationMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @IsString() @Length(1, 20000)
  body: string;
}

export class ConsultationListQuery extends PickType(PageQueryDto, ['limit'] as const) {
  @ApiPropertyOptional({ format: 'uuid', description: 'The nextCursor of the previous page (the list runs oldest first).' })
  @IsOptional() @IsUUID()
  after?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed', 'all'], default: 'all', description: '`open`: requested or answered, not closed.' })
  @IsOptional() @IsIn(['open', 'closed', 'all'])
  state?: 'open' | 'closed' | 'all';
}

export class ConsultationCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Gezin KT-482', description: 'A random name for the family in this consultation.' }) pseudonym: string;
  @ApiProperty({ enum: CONSULTATION_STATUSES }) status: ConsultationStatus;
}

export class SummaryRegion {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class SummaryChild {
  @ApiProperty() birthYear: number;
  @ApiProperty({ enum: PLACEMENTS }) placement: Placement;
  @ApiProperty({ enum: PROTECTION_MEASURES }) protectionMeasure: ProtectionMeasure;
  @ApiProperty({ type: Number, nullable: true }) placedSinceYear: number | null;
}

/** Codes and years only: see src/consultations/consultation-summary.ts. */
export class ConsultationSummaryResponse {
  @ApiProperty({ type: [SummaryRegion] }) regions: SummaryRegion[];
  @ApiProperty({ enum: HOUSEHOLD_COMPOSITIONS, nullable: true }) householdComposition: HouseholdComposition | null;
  @ApiProperty({ type: [String], enum: PLACEMENT_REASONS }) placementReasons: PlacementReason[];
  @ApiProperty({ type: [String], enum: DESIRED_SITUATIONS }) desiredSituation: DesiredSituation[];
  @ApiProperty({ type: [SummaryChild] }) children: SummaryChild[];
}

export class ConsultationAuthor {
  @ApiProperty({ enum: ['counsellor', 'expert'] }) side: 'counsellor' | 'expert';
  @ApiProperty({ type: String, nullable: true, description: 'The expert\'s name; the counsellor\'s name only for the counsellor side (an expert never learns who in the case wrote).' })
  displayName: string | null;
  @ApiProperty({ description: 'Written by the caller.' }) mine: boolean;
}

export class ConsultationMessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: ConsultationAuthor }) author: ConsultationAuthor;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ConsultationExpert {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: SPECIALISMS }) specialism: Specialism;
}

/** Fields every party sees; the counsellor's view adds the case and the expert. */
export class ConsultationListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() pseudonym: string;
  @ApiProperty({ enum: CONSULTATION_STATUSES }) status: ConsultationStatus;
  @ApiProperty({ enum: CONSULTATION_BASES }) basis: ConsultationBasis;
  @ApiProperty({ enum: SPECIALISMS }) specialism: Specialism;
  @ApiProperty() question: string;
  @ApiProperty() messageCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) answeredAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) closedAt: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only for the counsellor who asked; never for the expert.' }) caseId?: string;
  @ApiPropertyOptional({ type: ConsultationExpert, description: 'Only for the counsellor who asked.' }) expert?: ConsultationExpert;
}

export class ConsultationResponse extends ConsultationListItem {
  @ApiProperty({ type: ConsultationSummaryResponse }) summary: ConsultationSummaryResponse;
  @ApiProperty({ type: [ConsultationMessageResponse] }) messages: ConsultationMessageResponse[];
}

export class ConsultationPage {
  @ApiProperty({ type: [ConsultationListItem] }) items: ConsultationListItem[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
