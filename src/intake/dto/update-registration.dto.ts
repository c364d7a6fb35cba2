import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../intake-vocabulary.js';

/** Every field optional; `null` clears a field (except `status`). */
export class UpdateRegistrationDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional() @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the new `status` took effect, for a change recorded afterwards (the monitor counts statuses as they stood at '
      + 'each month end). Only with a new status; not before the previous change or receivedAt, not in the future. Default: '
      + 'firstContactAt for contacted, welcomeTalkPlannedAt for welcome_planned, otherwise now.',
  })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'statusChangedAt must be an ISO 8601 date-time' })
  statusChangedAt?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the first (phone) contact happened. Not before receivedAt, not in the future.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'firstContactAt must be an ISO 8601 date-time' })
  firstContactAt?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the welcome talk was scheduled (the act of planning). Not before receivedAt, not in the future.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'welcomeTalkPlannedAt must be an ISO 8601 date-time' })
  welcomeTalkPlannedAt?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-05-12', description: 'The day of the welcome talk itself. Not before the day of receipt.' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'welcomeTalkDate must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'welcomeTalkDate must be a date (YYYY-MM-DD)' })
  welcomeTalkDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A counsellor of the team.' })
  @IsOptional() @IsUUID('all', { message: 'assignedCounsellorId must be a UUID' })
  assignedCounsellorId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional() @IsString() @MaxLength(1000) @Matches(/\S/, { message: 'outOfScopeReason must not be empty' })
  outOfScopeReason?: string | null;
}
