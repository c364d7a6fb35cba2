import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UserResponse } from '../../accounts/dto/user.response.js';

export class LoginDto {
  @ApiProperty({ example: 'coordinator@demo.eenverhaal.test' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @MaxLength(1000)
  password: string;

  @ApiPropertyOptional({ description: 'Six-digit code from the authenticator app (professionals with TOTP enabled).' })
  @IsOptional() @IsString() @Matches(/^\d{6}$/, { message: 'totp must be six digits' })
  totp?: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'Opaque session token, also set as HttpOnly cookie; use as Bearer for scripts.' }) token: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
  @ApiProperty({ description: 'A professional must enrol TOTP before this session can do anything else.' }) totpSetupRequired: boolean;
}

export class TotpSetupResponse {
  @ApiProperty({ description: 'Base32 secret for the authenticator app.' }) secret: string;
  @ApiProperty() otpauthUrl: string;
}

export class TotpEnableDto {
  @ApiProperty({ example: '123456' })
  @IsString() @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(1000) currentPassword: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(1000) newPassword: string;
}
