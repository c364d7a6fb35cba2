import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsEmail, IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsRegionCode } from '../../cases/regions.js';
import {
  ENTERED_CHANNELS, REGISTRANT_TYPES, REGISTRATION_ROUTES,
  type RegistrantType, type RegistrationChannel, type RegistrationRoute,
} from '../intake-vocabulary.js';

const NOT_BLANK = /\S/;

export class CreateRegistrationDto {
  @ApiProperty({ enum: REGISTRATION_ROUTES })
  @IsIn(REGISTRATION_ROUTES)
  route: RegistrationRoute;

  @ApiProperty({ enum: REGISTRANT_TYPES })
  @IsIn(REGISTRANT_TYPES)
  registrantType: RegistrantType;

  @ApiProperty({ example: 'A. Voorbeeld', maxLength: 200 })
  @IsString() @MaxLength(200) @Matches(NOT_BLANK, { message: 'name must not be empty' })
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ouder@example.org' })
  @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '06 12345678' })
  @IsOptional() @IsString() @Matches(/^[0-9+()\-.\s]{6,40}$/, { message: 'phone must be a phone number (digits, spaces, + - ( ) .)' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Zwolle' })
  @IsOptional() @IsString() @Length(1, 100)
  municipality?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ijsselland', description: 'A youth-care region code (GET /api/regions).' })
  @IsOptional() @IsRegionCode()
  regionCode?: string | null;

  @ApiProperty({ description: 'In the registrant’s own words. Stored and always shown as plain text.', maxLength: 10000 })
  @IsString() @MaxLength(10000) @Matches(NOT_BLANK, { message: 'message must not be empty' })
  message: string;

  @ApiProperty({ enum: [true], description: 'Explicit consent to be contacted by the support team.' })
  @Equals(true, { message: 'consentToContact must be true: we only contact you with your consent' })
  consentToContact: true;

  @ApiPropertyOptional({ description: 'Leave empty. (A field people do not see; automated senders fill it.)' })
  @IsOptional() @IsString() @MaxLength(2000)
  website?: string;

  @ApiPropertyOptional({ description: 'Required from the public (not from a logged-in coordinator): the token of `GET /api/registrations/form-token`, issued when the form was shown. Missing, forged, reused, expired or sent back too soon: treated as an automated sender (answered like a success, nothing stored).', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  formToken?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Older web forms: when the form was shown. Sent back much too fast means an automated sender. Superseded by `formToken`.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'formStartedAt must be an ISO 8601 date-time' })
  formStartedAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Coordinators only: when it really came in (by phone, mail or letter). Never in the future.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'receivedAt must be an ISO 8601 date-time' })
  receivedAt?: string;

  @ApiPropertyOptional({ enum: ENTERED_CHANNELS, description: 'Coordinators only: how it came in (default `other`).' })
  @IsOptional() @IsIn(ENTERED_CHANNELS)
  channel?: Exclude<RegistrationChannel, 'web'>;
}

export class FormTokenResponse {
  @ApiProperty({ description: 'Send back as `formToken` with the registration. Single use.' }) formToken: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
}

export class RegistrationReceipt {
  @ApiProperty({ example: 'AM-7KQ2-MXD9', description: 'Random, `AM-` and two groups of four characters without 0/O, 1/I/L or U.' }) reference: string;
  @ApiProperty({ description: 'A confirmation in the caller’s language; reveals nothing of what was sent.' }) confirmation: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only for a coordinator who entered it.' }) id?: string;
}
