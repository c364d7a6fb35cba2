import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';

export const EXPORT_STATUSES = ['queued', 'running', 'ready', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export class ExportCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class ExportStatusResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EXPORT_STATUSES }) status: ExportStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Until when the download is ready (null until it is).' }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Size of the ZIP in bytes, once ready.' }) byteSize: number | null;
}

export class ExportListResponse {
  @ApiProperty({ type: [ExportStatusResponse], description: 'The caller\'s exports that are still running or downloadable, newest first.' }) items: ExportStatusResponse[];
}

export class LegalHoldDto {
  @ApiProperty({ description: 'Why the case must be kept (seen by the team).', example: 'Lopende rechtszaak' })
  @IsString() @Length(1, 1000)
  reason: string;
}

export class LegalHoldResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() held: boolean;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) placedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) placedBy: string | null;
}

export class ErasureRequestDto {
  @ApiPropertyOptional({ description: 'Anything the requester wants the coordinator to know.', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class ErasureDecisionDto {
  @ApiProperty({ enum: ['grant', 'refuse'] })
  @IsIn(['grant', 'refuse'])
  decision: 'grant' | 'refuse';

  @ApiProperty({ description: 'Why: sent to the requester. Say which files must be kept by law, if any.' })
  @IsString() @Length(1, 2000)
  reason: string;
}

export class ErasureRequestResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['open', 'granted', 'refused'] }) status: 'open' | 'granted' | 'refused';
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who asked (coordinators\' list only).' }) requesterName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The requester\'s account role (coordinators\' list only).' }) requesterRole: string | null;
}

export class ErasureRequestListResponse {
  @ApiProperty({ type: [ErasureRequestResponse] }) items: ErasureRequestResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ErasureRequestListQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'decided'], default: 'open' })
  @IsOptional() @IsIn(['open', 'decided'])
  status?: 'open' | 'decided';
}
