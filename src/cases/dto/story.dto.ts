import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { PersonRef } from './case.dto.js';

export class StorySectionDto {
  @ApiProperty({ example: 'wat-er-gebeurde', description: 'A stable key for the section (lower case, digits, - and _).' })
  @IsString() @Matches(/^[a-z0-9][a-z0-9_-]{0,49}$/, { message: 'key must be 1 to 50 lower-case letters, digits, - or _' })
  key: string;

  @ApiProperty({ example: 'Wat er gebeurde' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ example: 'In mijn eigen woorden…' })
  @IsString() @MaxLength(20000)
  text: string;
}

export class SaveStoryDto {
  @ApiProperty({ type: [StorySectionDto] })
  @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => StorySectionDto)
  sections: StorySectionDto[];
}

export class ConfirmStoryDto {
  @ApiPropertyOptional({ description: 'The version the parent read and confirms; refused when a newer one exists.' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class StoryAuthor extends PersonRef {
  @ApiProperty() role: string;
}

export class StoryResponse {
  @ApiProperty({ description: '0 while nothing has been written.' }) version: number;
  @ApiProperty({ type: [StorySectionDto] }) sections: StorySectionDto[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;
  @ApiProperty({ type: StoryAuthor, nullable: true }) updatedBy: StoryAuthor | null;
  @ApiProperty({ description: 'Written by a counsellor together with the parent.' }) writtenWithParent: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) confirmedByParentAt: string | null;
  @ApiProperty({ type: PersonRef, nullable: true }) confirmedBy: PersonRef | null;
}

export class StoryVersionsResponse {
  @ApiProperty({ type: [StoryResponse] }) items: StoryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
