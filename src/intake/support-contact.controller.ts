import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators.js';
import { AppConfig } from '../config/app-config.js';

export class SupportContactResponse {
  @ApiProperty({ nullable: true, type: String, example: '085 123 45 67', description: 'SUPPORT_PHONE; null when not configured.' }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'maandag tot en met vrijdag, 9 tot 17 uur', description: 'SUPPORT_HOURS; null when not configured.' }) hours!: string | null;
}

/** How to reach the support team by phone: public, because the public pages tell people to call. */
@ApiTags('intake')
@Controller('api')
export class SupportContactController {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  @Public()
  @Get('support-contact')
  @ApiOkResponse({ type: SupportContactResponse })
  contact(): SupportContactResponse {
    return { phone: this.config.SUPPORT_PHONE ?? null, hours: this.config.SUPPORT_HOURS ?? null };
  }
}
