import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequirePermission } from '../auth/decorators.js';
import { Permission } from '../auth/permission.js';
import type { Page } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { AccountStatusService } from './account-status.service.js';
import { AccountLookupResponse, AccountPage, AccountSummary, DisableAccountDto, FindAccountQuery, ListAccountsQuery } from './dto/account-status.dto.js';

/** Accounts of an organisation or found by address, and disabling or enabling one (administrators; coordinators for their own organisation). */
@ApiTags('accounts')
@Controller('api')
export class AccountStatusController {
  constructor(private readonly accounts: AccountStatusService) {}

  @RequirePermission(Permission.AccountManage)
  @Get('organisations/:id/accounts')
  @ApiOkResponse({ type: AccountPage })
  listAccounts(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: ListAccountsQuery): Promise<Page<AccountSummary>> {
    return this.accounts.listAccounts(user, id, query);
  }

  /**
   * An administrator finds any account by its whole e-mail address (letter case aside), also one in
   * no organisation: a parent, a child, a foster parent, another administrator. No part of an
   * address, no list: the answer holds that one account or nothing.
   */
  @RequirePermission(Permission.AccountFind)
  @Get('accounts')
  @ApiOkResponse({ type: AccountLookupResponse })
  findAccount(@CurrentUser() user: AuthUser, @Query() query: FindAccountQuery): Promise<AccountLookupResponse> {
    return this.accounts.findAccountByEmail(user, query.email);
  }

  /** The account can no longer log in; its sessions end at once and its open sockets close. */
  @RequirePermission(Permission.AccountManage)
  @Post('accounts/:id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: AccountSummary })
  disableAccount(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: DisableAccountDto): Promise<AccountSummary> {
    return this.accounts.disableAccount(user, id, dto.reason);
  }

  /** The account may log in again (with a new login: its old sessions ended when it was disabled). */
  @RequirePermission(Permission.AccountManage)
  @Post('accounts/:id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: AccountSummary })
  enableAccount(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<AccountSummary> {
    return this.accounts.enableAccount(user, id);
  }
}
