import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../../auth/decorators.js';
import { Permission } from '../../auth/permission.js';
import { NotificationsService } from './notifications.service.js';

export class NotificationPreferenceDto {
  @ApiProperty({ description: 'Receive an e-mail (without any content) when a new message waits.' })
  @IsBoolean()
  email: boolean;
}

@ApiTags('notifications')
@Controller('api/me/notifications')
@RequirePermission(Permission.Self)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPreferenceDto })
  get(@CurrentUser() user: AuthUser): Promise<NotificationPreferenceDto> {
    return this.notifications.getPreference(user.id);
  }

  @Put()
  @ApiOkResponse({ type: NotificationPreferenceDto })
  set(@CurrentUser() user: AuthUser, @Body() dto: NotificationPreferenceDto): Promise<NotificationPreferenceDto> {
    return this.notifications.setPreference(user.id, dto.email);
  }
}
