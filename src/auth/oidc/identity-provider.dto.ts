import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUrl, Length, Matches } from 'class-validator';

export class PutIdentityProviderDto {
  @ApiProperty({ example: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' })
  @IsString() @Length(1, 500)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'issuer must be an https URL' })
  issuer: string;

  @ApiProperty({ example: 'eenverhaal-portal' })
  @IsString() @Length(1, 200) @Matches(/^\S+$/, { message: 'clientId must not contain spaces' })
  clientId: string;

  @ApiPropertyOptional({ description: 'Required the first time; leave out to keep the stored one. Never returned or logged.' })
  @IsOptional() @IsString() @Length(1, 1000)
  clientSecret?: string;

  @ApiPropertyOptional({ type: [String], example: ['mfa', 'otp', 'hwk'], description: "`amr` values of the ID token that count as a second factor (TOTP is then skipped). Default: none." })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ArrayUnique()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { each: true, message: 'mfaSatisfiedBy must hold amr values such as mfa, otp or hwk' })
  mfaSatisfiedBy?: string[];
}

export class IdentityProviderResponse {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() issuer: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ type: [String] }) mfaSatisfiedBy: string[];
  @ApiProperty({ description: 'Register this redirect URI at the provider.' }) redirectUri: string;
  @ApiProperty({ description: 'Register this as the post-logout redirect URI (RP-initiated logout).' }) postLogoutRedirectUri: string;
  @ApiProperty() updatedAt: string;
}

export class IdentityProviderLookupResponse {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '/api/auth/oidc/00000000-0000-0000-0000-000000000000/start' }) startUrl: string;
}
