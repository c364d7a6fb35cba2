import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SPECIALISMS, type Specialism } from '../roles.js';

/** One expert of the pool, as counsellors choose whom to ask (issue 19). */
export class ExpertResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: SPECIALISMS, nullable: true, description: 'null only for an expert invited before specialisms existed.' }) specialism: Specialism | null;
  @ApiProperty({ description: 'The expert pool (organisation) the expert belongs to.' }) organisationName: string;
}

export class UpdateExpertDto {
  @ApiProperty({ enum: SPECIALISMS })
  @IsIn(SPECIALISMS)
  specialism: Specialism;
}
