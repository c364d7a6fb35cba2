import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../intake-vocabulary.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListRegistrationsQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional() @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;

  @ApiPropertyOptional({ description: '`true`: only overdue ones; `false`: only those that are not.' })
  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional() @Transform(({ value }) => (value === undefined ? value : Number(value))) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'The next page: items after this id (`nextCursor`).' })
  @IsOptional() @IsUUID('all', { message: 'after must be a registration id' })
  after?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The previous page: items before this id.' })
  @IsOptional() @IsUUID('all', { message: 'before must be a registration id' })
  before?: string;
}
