import { ApiProperty } from '@nestjs/swagger';
import type { IssuedCode } from '../verification-codes.service.js';

export class VerificationCodeResponse {
  @ApiProperty({ example: '7KQ2M-XD9PA', description: 'Shown once. Case, spaces and dashes do not matter when it is checked.' }) code: string;
  @ApiProperty({ example: 'https://eenverhaal.example/verify/7KQ2M-XD9PA' }) verifyUrl: string;
  @ApiProperty({ description: 'SVG of a QR code of verifyUrl.' }) qrSvg: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;

  static of(issued: IssuedCode): VerificationCodeResponse {
    return { code: issued.code, verifyUrl: issued.verifyUrl, qrSvg: issued.qrSvg, expiresAt: issued.expiresAt.toISOString() };
  }
}
