import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { ROLES, type Role } from '../roles.js';

export class DisableAccountDto {
  @ApiProperty({ description: 'Why (kept for the administrators and coordinators who see the account list; never shown to the person, never in the audit log).', example: 'Werkt niet meer bij het team.' })
  @IsString() @Length(1, 500)
  reason: string;
}

/** `?limit=&after=`: accounts by name; `after` is the last id of the previous page (its `nextCursor`). */
export class ListAccountsQuery extends PickType(PageQueryDto, ['limit'] as const) {
  @ApiPropertyOptional({ format: 'uuid', description: 'The nextCursor of the previous page.' })
  @IsOptional() @IsUUID()
  after?: string;
}

/**
 * `?email=`: one whole address, compared without regard to letter case. No part of an address and
 * no wildcard: an administrator finds the account they were told about, never a list of parents.
 */
export class FindAccountQuery {
  @ApiProperty({ description: 'The whole e-mail address of the account (letter case does not matter).', example: 'ouder@example.org' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail() @MaxLength(254)
  email: string;
}

export class AccountActor {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** One account as an administrator or coordinator manages it: who, which role, and whether it may log in. */
export class AccountSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: AccountStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty({ type: AccountActor, nullable: true, description: 'Who disabled it (null when active, or when nobody is recorded: disabled outside the portal).' })
  disabledBy: AccountActor | null;
  @ApiProperty({ nullable: true, type: String }) disabledReason: string | null;
  @ApiProperty() totpEnabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AccountPage {
  @ApiProperty({ type: [AccountSummary] }) items: AccountSummary[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** `GET /api/accounts?email=`: the one account with that address, or none (`items: []`); the same shape either way. */
export class AccountLookupResponse {
  @ApiProperty({ type: [AccountSummary], maxItems: 1 }) items: AccountSummary[];
}
