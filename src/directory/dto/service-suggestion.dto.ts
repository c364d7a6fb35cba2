import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DirectoryServiceResponse } from './directory-service.dto.js';

/** `POST /api/cases/{id}/service-suggestions`: a service from the directory, suggested to the parents. */
export class SuggestServiceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  serviceId: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'A word to the parents: why this help might fit.' })
  @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

export class SuggestionAuthor {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class ServiceSuggestionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'The name of the service when it was suggested (kept if it leaves the directory).' }) serviceName: string;
  @ApiProperty({ type: DirectoryServiceResponse, nullable: true, description: 'null: the service is no longer in the directory.' }) service: DirectoryServiceResponse | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: SuggestionAuthor, nullable: true }) suggestedBy: SuggestionAuthor | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ServiceSuggestionListResponse {
  @ApiProperty({ type: [ServiceSuggestionResponse] }) items: ServiceSuggestionResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
