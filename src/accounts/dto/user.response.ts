import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Organisation } from '../organisation.entity.js';
import { ORGANISATION_KINDS, ROLES, SPECIALISMS, type OrganisationKind, type Role, type Specialism } from '../roles.js';
import type { User } from '../user.entity.js';

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiPropertyOptional({ type: [String], description: 'Verified mail domains (on the organisation routes).' }) mailDomains?: string[];

  static of(organisation: Organisation): OrganisationResponse {
    return { id: organisation.id, name: organisation.name, kind: organisation.kind, mailDomains: organisation.mailDomains ?? [] };
  }
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: OrganisationResponse, nullable: true }) organisation: OrganisationResponse | null;
  @ApiProperty() totpEnabled: boolean;
  @ApiPropertyOptional({ enum: SPECIALISMS, nullable: true, description: 'Experts only (issue 19): what they are consulted for.' })
  specialism?: Specialism | null;
  @ApiPropertyOptional({ description: '`GET /api/me`: this session still has to give the TOTP code (`POST /api/auth/totp/verify`), e.g. after a provider login without a second factor.' })
  secondFactorPending?: boolean;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "`GET /api/me`: the organisation whose identity provider opened this session (for its logout)." })
  signedInWithOrganisationId?: string | null;

  static of(user: User, organisation: Organisation | null): UserResponse {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      organisation: organisation ? OrganisationResponse.of(organisation) : null,
      totpEnabled: user.totpEnabledAt !== null,
      ...(user.role === 'expert' ? { specialism: user.specialism ?? null } : {}),
    };
  }
}
