import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PersonRef } from '../../cases/dto/case.dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { ANALYSIS_SECTIONS, ANALYSIS_STATUSES, type AnalysisSection, type AnalysisStatus, STANCES, type Stance } from '../../shared/plan-vocabulary.js';

export class AnalysisSectionDto {
  @ApiProperty({ enum: ANALYSIS_SECTIONS })
  @IsIn(ANALYSIS_SECTIONS)
  key: AnalysisSection;

  @ApiProperty({ maxLength: 20000 })
  @IsString() @MaxLength(20000)
  text: string;
}

export class SaveAnalysisDto {
  @ApiProperty({ type: [AnalysisSectionDto] })
  @IsArray() @ArrayMaxSize(ANALYSIS_SECTIONS.length) @ValidateNested({ each: true }) @Type(() => AnalysisSectionDto)
  sections: AnalysisSectionDto[];
}

export class RecordPositionDto {
  @ApiProperty({ enum: ANALYSIS_SECTIONS })
  @IsIn(ANALYSIS_SECTIONS)
  sectionKey: AnalysisSection;

  @ApiProperty({ enum: STANCES, description: '`agree`, `disagree` (sees it differently) or `addition` (wants to add something).' })
  @IsIn(STANCES)
  stance: Stance;

  @ApiPropertyOptional({ maxLength: 4000, description: 'In their own words.' })
  @IsOptional() @IsString() @MaxLength(4000)
  text?: string;
}

/** An expert of the pool adds their view to a section, from the consultation (issue 19). */
export class ExpertAdditionDto {
  @ApiProperty({ enum: ANALYSIS_SECTIONS })
  @IsIn(ANALYSIS_SECTIONS)
  sectionKey: AnalysisSection;

  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'What the expert adds, in their own words.' })
  @IsString() @MinLength(1) @MaxLength(4000)
  text: string;
}

export class AnalysisPersonRef extends PersonRef {
  @ApiProperty() role: string;
}

export class AnalysisPositionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The version the position was given on.' }) version: number;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'Their role in the case (`expert` for an expert consulted on it).' }) role: string;
  @ApiProperty({ enum: ANALYSIS_SECTIONS }) sectionKey: AnalysisSection;
  @ApiProperty({ enum: STANCES }) stance: Stance;
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class AnalysisResponse {
  @ApiProperty({ description: '0 while nothing has been written.' }) version: number;
  @ApiProperty({ enum: ANALYSIS_STATUSES }) status: AnalysisStatus;
  @ApiProperty({ type: [AnalysisSectionDto] }) sections: AnalysisSectionDto[];
  @ApiProperty({ type: [AnalysisPositionResponse] }) positions: AnalysisPositionResponse[];
  @ApiProperty({ type: AnalysisPersonRef, nullable: true }) signedOffBy: AnalysisPersonRef | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) signedOffAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;
  @ApiProperty({ type: AnalysisPersonRef, nullable: true }) updatedBy: AnalysisPersonRef | null;
}

export class AnalysisVersionListResponse {
  @ApiProperty({ type: [AnalysisResponse] }) items: AnalysisResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AnalysisVersionsQuery extends PickType(PageQueryDto, ['limit'] as const) {
  @ApiPropertyOptional({ description: 'The version to continue before (the nextCursor of the previous page).' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  before?: number;
}
