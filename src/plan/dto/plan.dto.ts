import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PersonRef } from '../../cases/dto/case.dto.js';
import {
  ACTION_STATUSES, type ActionStatus, GOAL_OWNERS, GOAL_STATUSES, type GoalOwner, type GoalStatus, RECURRENCES, type Recurrence,
} from '../../shared/plan-vocabulary.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateGoalDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String })
  @ValidateIf((o: CreateGoalDto) => o.description !== null && o.description !== undefined) @IsString() @MaxLength(4000)
  description?: string | null;

  @ApiProperty({ enum: GOAL_OWNERS, description: 'Whose goal it is: the parents\' side (`parent`, `child`, `family`) or the professionals\' (`team`, `partner`).' })
  @IsIn(GOAL_OWNERS)
  owner: GoalOwner;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Someone who takes part in the case.' })
  @ValidateIf((o: CreateGoalDto) => o.ownerUserId !== null && o.ownerUserId !== undefined) @IsUUID()
  ownerUserId?: string | null;
}

export class UpdateGoalDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String })
  @ValidateIf((o: UpdateGoalDto) => o.description !== null && o.description !== undefined) @IsString() @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ enum: GOAL_OWNERS })
  @IsOptional() @IsIn(GOAL_OWNERS)
  owner?: GoalOwner;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o: UpdateGoalDto) => o.ownerUserId !== null && o.ownerUserId !== undefined) @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ enum: GOAL_STATUSES })
  @IsOptional() @IsIn(GOAL_STATUSES)
  status?: GoalStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why the goal is dropped: required when a professional drops a goal of the parents\' side.' })
  @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;
}

export class CreateActionDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o: CreateActionDto) => o.ownerUserId !== null && o.ownerUserId !== undefined) @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, example: '2026-06-01' })
  @ValidateIf((o: CreateActionDto) => o.dueDate !== null && o.dueDate !== undefined)
  @Matches(DATE, { message: 'dueDate must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true })
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: RECURRENCES, default: 'none' })
  @IsOptional() @IsIn(RECURRENCES)
  recurrence?: Recurrence;
}

export class UpdateActionDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o: UpdateActionDto) => o.ownerUserId !== null && o.ownerUserId !== undefined) @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @ValidateIf((o: UpdateActionDto) => o.dueDate !== null && o.dueDate !== undefined)
  @Matches(DATE, { message: 'dueDate must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true })
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: RECURRENCES })
  @IsOptional() @IsIn(RECURRENCES)
  recurrence?: Recurrence;

  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional() @IsIn(ACTION_STATUSES)
  status?: ActionStatus;
}

export class PlanPersonRef extends PersonRef {
  @ApiProperty({ description: 'Their role in the case, or else their account\'s.' }) role: string;
}

export class PlanActionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) goalId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ownerUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerDisplayName: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ enum: RECURRENCES }) recurrence: Recurrence;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) doneAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PlanGoalResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: GOAL_OWNERS }) owner: GoalOwner;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ownerUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerDisplayName: string | null;
  @ApiProperty({ enum: GOAL_STATUSES }) status: GoalStatus;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ type: PlanPersonRef }) createdByPerson: PlanPersonRef;
  @ApiProperty({ type: PlanPersonRef, nullable: true, description: 'Who set the goal to `dropped` (while it is dropped).' }) droppedBy: PlanPersonRef | null;
  @ApiProperty({ nullable: true, type: String }) droppedReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [PlanActionResponse] }) actions: PlanActionResponse[];
}

export class PlanResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [PlanGoalResponse] }) goals: PlanGoalResponse[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;
}
