import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PLACEMENTS, PROTECTION_MEASURES, RESULT_KINDS, type Placement, type ProtectionMeasure, type ResultKind } from '../case-vocabulary.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateChildDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((o: CreateChildDto) => o.firstName !== null && o.firstName !== undefined) @IsString() @Length(1, 100)
  firstName?: string | null;

  @ApiProperty({ example: 2015 })
  @IsInt()
  birthYear: number;

  @ApiProperty({ enum: PLACEMENTS })
  @IsIn(PLACEMENTS)
  placement: Placement;

  @ApiProperty({ enum: PROTECTION_MEASURES })
  @IsIn(PROTECTION_MEASURES)
  protectionMeasure: ProtectionMeasure;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'Since when the current placement lasts (YYYY-MM-DD; not in the future).' })
  @ValidateIf((o: CreateChildDto) => o.placedSince !== null && o.placedSince !== undefined)
  @Matches(DATE, { message: 'placedSince must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true })
  placedSince?: string | null;
}

export class UpdateChildDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((o: UpdateChildDto) => o.firstName !== null && o.firstName !== undefined) @IsString() @Length(1, 100)
  firstName?: string | null;

  @ApiPropertyOptional()
  @IsOptional() @IsInt()
  birthYear?: number;

  @ApiPropertyOptional({ enum: PLACEMENTS })
  @IsOptional() @IsIn(PLACEMENTS)
  placement?: Placement;

  @ApiPropertyOptional({ enum: PROTECTION_MEASURES })
  @IsOptional() @IsIn(PROTECTION_MEASURES)
  protectionMeasure?: ProtectionMeasure;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @ValidateIf((o: UpdateChildDto) => o.placedSince !== null && o.placedSince !== undefined)
  @Matches(DATE, { message: 'placedSince must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true })
  placedSince?: string | null;

  // Issue 20: link the record to the child's own account (a counsellor or coordinator of the case); null unlinks.
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: "The child's own account (role child, taking part in the case as child); null unlinks. The case's team only." })
  @ValidateIf((o: UpdateChildDto) => o.userId !== null && o.userId !== undefined) @IsUUID()
  userId?: string | null;
}

export class ChildResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty() birthYear: number;
  @ApiProperty({ enum: PLACEMENTS }) placement: Placement;
  @ApiProperty({ enum: PROTECTION_MEASURES }) protectionMeasure: ProtectionMeasure;
  @ApiProperty({ format: 'date', nullable: true, type: String }) placedSince: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "The child's own account linked to this record (issue 20), or null." }) userId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreateResultDto {
  @ApiProperty({ enum: RESULT_KINDS })
  @IsIn(RESULT_KINDS)
  kind: ResultKind;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;

  @ApiProperty({ format: 'date', example: '2026-05-12' })
  @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true })
  date: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The goal of the case\'s plan this small step serves (issue 18).' })
  @IsOptional() @IsUUID()
  goalId?: string;
}

export class ResultResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: RESULT_KINDS }) kind: ResultKind;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The goal of the plan it serves, if any.' }) goalId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
