import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsFQDN, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../roles.js';

const lowerCaseAll = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value;

/** Domains are compared in lower case; `jbov.nl`, never `@jbov.nl` or a whole address. */
function MailDomains(): PropertyDecorator {
  return (target, key) => {
    for (const decorate of [
      Transform(lowerCaseAll),
      IsArray(), ArrayMaxSize(20), ArrayUnique(),
      IsFQDN({ require_tld: true, allow_underscores: false }, { each: true, message: 'mailDomains must hold domain names such as jbov.nl' }),
    ]) decorate(target, key);
  };
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Ondersteuningsteam Test' })
  @IsString() @Length(1, 200) @Matches(/\S/, { message: 'name must not be empty' })
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiPropertyOptional({ type: [String], example: ['jbov.nl'], description: 'Verified mail domains: invitations into this organisation from outside it need an address here.' })
  @IsOptional() @MailDomains()
  mailDomains?: string[];
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ example: 'Ondersteuningsteam Test' })
  @IsOptional() @IsString() @Length(1, 200) @Matches(/\S/, { message: 'name must not be empty' })
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['jbov.nl'], description: 'Replaces the verified mail domains.' })
  @IsOptional() @MailDomains()
  mailDomains?: string[];
}
