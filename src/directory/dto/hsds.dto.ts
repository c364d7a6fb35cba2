import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject } from 'class-validator';

const MAX_RECORDS = 10_000;

/**
 * An HSDS 3.0 document with the four tables the directory exchanges. The records are read by
 * `fromHsds` (src/directory/hsds/hsds-mapping.ts), which names every bad one by its place.
 */
export class HsdsDocumentDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'HSDS 3.0 organization objects.' })
  @IsArray() @ArrayMaxSize(MAX_RECORDS) @IsObject({ each: true })
  organizations: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'HSDS 3.0 service objects (themes and whether a referral is needed as attributes, regions as service_areas).' })
  @IsArray() @ArrayMaxSize(MAX_RECORDS) @IsObject({ each: true })
  services: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'HSDS 3.0 location objects, with addresses.' })
  @IsArray() @ArrayMaxSize(MAX_RECORDS) @IsObject({ each: true })
  locations: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'HSDS 3.0 service_at_location objects.' })
  @IsArray() @ArrayMaxSize(MAX_RECORDS) @IsObject({ each: true })
  service_at_locations: Record<string, unknown>[];
}

export class HsdsImportResponse {
  @ApiProperty() organizations: number;
  @ApiProperty() services: number;
  @ApiProperty() locations: number;
  @ApiProperty() service_at_locations: number;
}
