import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../roles.js';

export class CreateInvitationDto {
  @ApiProperty({ example: 'ouder@example.org' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'A. Voorbeeld' })
  @IsString() @Length(1, 200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  organisationId?: string;
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Single-use secret; shown once.' }) token: string;
  @ApiProperty() acceptUrl: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ minLength: 12 })
  @IsString() @MaxLength(1000)
  password: string;
}
