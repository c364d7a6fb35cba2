import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { UPDATE_VISIBILITIES, type UpdateVisibility } from '../case-vocabulary.js';
import { PersonRef } from './case.dto.js';

export class PostUpdateDto {
  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @IsString() @Length(1, 20000)
  body: string;

  @ApiProperty({ enum: UPDATE_VISIBILITIES, description: '`everyone` in the case (parents too) or `professionals` only.' })
  @IsIn(UPDATE_VISIBILITIES)
  visibility: UpdateVisibility;
}

export class UpdateAuthor extends PersonRef {
  @ApiProperty() role: string;
  @ApiProperty({ nullable: true, type: String }) organisationName: string | null;
}

export class CaseUpdateResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['note', 'handover'] }) kind: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: UPDATE_VISIBILITIES }) visibility: UpdateVisibility;
  @ApiProperty({ type: UpdateAuthor, nullable: true }) author: UpdateAuthor | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CaseUpdateListResponse {
  @ApiProperty({ type: [CaseUpdateResponse] }) items: CaseUpdateResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
