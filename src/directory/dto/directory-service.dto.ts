import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length,
  Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { IsRegionCode, REGION_CODES } from '../../cases/regions.js';
import { PageQueryDto } from '../../common/pagination.js';
import { DIRECTORY_QUERY_MAX, DIRECTORY_THEMES, type DirectoryTheme } from '../../shared/directory-vocabulary.js';

const NOT_BLANK = /\S/;

/** `GET /api/directory/services?region=&theme=&q=&limit=&after=`. */
export class DirectoryQueryDto extends PickType(PageQueryDto, ['limit'] as const) {
  @ApiPropertyOptional({ enum: REGION_CODES, description: 'A youth-care region code (GET /api/regions). Nationwide services match every region.' })
  @IsOptional() @IsRegionCode()
  region?: string;

  @ApiPropertyOptional({ enum: DIRECTORY_THEMES })
  @IsOptional() @IsIn(DIRECTORY_THEMES)
  theme?: DirectoryTheme;

  @ApiPropertyOptional({ maxLength: DIRECTORY_QUERY_MAX, description: 'Free text, searched with PostgreSQL full-text search (Dutch): words, "a phrase", -not, or.' })
  @IsOptional() @IsString() @MaxLength(DIRECTORY_QUERY_MAX)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The nextCursor of the previous page.' })
  @IsOptional() @IsUUID()
  after?: string;
}

export class DirectoryOrganizationInput {
  @ApiPropertyOptional({ format: 'uuid', description: 'An organization already in the directory; without it a new one is made.' })
  @IsOptional() @IsUUID()
  id?: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200) @Matches(NOT_BLANK, { message: 'organization.name must not be empty' })
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500 })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(500)
  url?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200 })
  @IsOptional() @IsEmail() @MaxLength(200)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 40 })
  @IsOptional() @IsString() @Matches(/^[+0-9 ()-]{3,40}$/, { message: 'organization.phone must be a phone number (digits, spaces, + - ( ))' })
  phone?: string | null;
}

export class DirectoryLocationInput {
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'Street and number.' })
  @IsString() @Length(1, 200) @Matches(NOT_BLANK, { message: 'address must not be empty' })
  address: string;

  @ApiProperty({ maxLength: 10, example: '8011 AB' })
  @IsString() @Matches(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, { message: 'postalCode must be a Dutch postal code (1234 AB)' })
  postalCode: string;

  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString() @Length(1, 100) @Matches(NOT_BLANK, { message: 'city must not be empty' })
  city: string;
}

/** `POST /api/directory/services`: the item's fields but `id`. */
export class CreateDirectoryServiceDto {
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'What the service is called.' })
  @IsString() @Length(1, 200) @Matches(NOT_BLANK, { message: 'name must not be empty' })
  name: string;

  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'What it offers, in plain words.' })
  @IsString() @Length(1, 4000) @Matches(NOT_BLANK, { message: 'description must not be empty' })
  description: string;

  @ApiProperty({ enum: DIRECTORY_THEMES, isArray: true, minItems: 1 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(DIRECTORY_THEMES.length) @ArrayUnique() @IsIn(DIRECTORY_THEMES, { each: true })
  themes: DirectoryTheme[];

  @ApiProperty({ type: [String], description: 'Youth-care region codes (GET /api/regions); empty: nationwide.' })
  @IsArray() @ArrayMaxSize(REGION_CODES.length) @ArrayUnique() @IsRegionCode({ each: true })
  regionCodes: string[];

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'For whom (eligibility).' })
  @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'eligibility must not be empty' })
  eligibility: string;

  @ApiProperty({ description: 'Whether a referral (e.g. from the GP or the neighbourhood team) is needed.' })
  @IsBoolean()
  referralNeeded: boolean;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'How to apply.' })
  @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'howToApply must not be empty' })
  howToApply: string;

  @ApiProperty({ type: DirectoryOrganizationInput })
  @IsObject() @ValidateNested() @Type(() => DirectoryOrganizationInput)
  organization: DirectoryOrganizationInput;

  @ApiProperty({ type: [DirectoryLocationInput], maxItems: 20 })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => DirectoryLocationInput)
  locations: DirectoryLocationInput[];
}

/** `PATCH /api/directory/services/{id}`: any of the fields; the lists replace the old ones. */
export class UpdateDirectoryServiceDto extends PartialType(CreateDirectoryServiceDto) {}

export class DirectoryOrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
}

export class DirectoryLocationResponse {
  @ApiProperty() address: string;
  @ApiProperty() postalCode: string;
  @ApiProperty() city: string;
}

export class DirectoryServiceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: DIRECTORY_THEMES, isArray: true }) themes: DirectoryTheme[];
  @ApiProperty({ type: [String], description: 'Empty: nationwide.' }) regionCodes: string[];
  @ApiProperty() eligibility: string;
  @ApiProperty() referralNeeded: boolean;
  @ApiProperty() howToApply: string;
  @ApiProperty({ type: DirectoryOrganizationResponse }) organization: DirectoryOrganizationResponse;
  @ApiProperty({ type: [DirectoryLocationResponse] }) locations: DirectoryLocationResponse[];
  @ApiProperty({ description: 'A fictional demo entry (npm run demo): not real help.' }) isDemo: boolean;
}

export class DirectoryServiceListResponse {
  @ApiProperty({ type: [DirectoryServiceResponse] }) items: DirectoryServiceResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
