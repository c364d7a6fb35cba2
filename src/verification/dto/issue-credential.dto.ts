import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class IssueCredentialDto {
  @ApiProperty({ format: 'date-time', example: '2027-06-30T23:59:59Z', description: 'In the future, at most 730 days ahead.' })
  @IsISO8601({ strict: true }, { message: 'validUntil must be an ISO 8601 date-time, e.g. 2027-06-30T23:59:59Z' })
  validUntil: string;
}
