import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { VERIFICATION_RESULTS, type VerificationResult } from '../entities/verification-check.entity.js';
import type { LoggedCheck } from '../verification-log.service.js';

/** `?limit=&before=` (older checks) or `&after=` (newer ones); shown newest first either way. */
export class ListOwnVerificationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Newer than this check.' })
  @IsOptional() @IsUUID()
  after?: string;
}

export class ListTeamVerificationsQuery extends ListOwnVerificationsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the checks of this counsellor.' })
  @IsOptional() @IsUUID()
  counsellorId?: string;
}

class LoggedCounsellor {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

class LoggedOrganisation {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class VerificationCheckResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ enum: VERIFICATION_RESULTS }) result: VerificationResult;
  @ApiProperty({ type: LoggedCounsellor, nullable: true }) counsellor: LoggedCounsellor | null;
  @ApiProperty({ type: LoggedOrganisation, nullable: true, description: 'The checker\'s organisation, when they were logged in.' })
  verifierOrganisation: LoggedOrganisation | null;

  static of(check: LoggedCheck): VerificationCheckResponse {
    return {
      id: check.id,
      checkedAt: check.checkedAt.toISOString(),
      result: check.result,
      counsellor: check.counsellor,
      verifierOrganisation: check.verifierOrganisation,
    };
  }
}

export class VerificationCheckPage {
  @ApiProperty({ type: [VerificationCheckResponse] }) items: VerificationCheckResponse[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) nextCursor: string | null;
}
