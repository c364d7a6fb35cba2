import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../roles.js';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Ondersteuningsteam Test' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}
