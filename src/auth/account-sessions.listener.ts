import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountDisabled } from '../accounts/accounts.events.js';
import { SessionsService } from './sessions.service.js';

/**
 * A disabled account's sessions end in the disabling transaction (the session look-up refuses a
 * disabled account anyway; revoking them means enabling it later revives none). Once it commits
 * every node drops the account from its session cache and closes its sockets.
 */
@Injectable()
export class AccountSessionsListener {
  constructor(private readonly sessions: SessionsService) {}

  @OnEvent(AccountDisabled.event, { promisify: true, suppressErrors: false })
  async endSessionsOfDisabledAccount(event: AccountDisabled): Promise<void> {
    await this.sessions.revokeAllOf(event.userId);
    // `users`: with Redis as the bus no database trigger announces the change, so the app does.
    this.sessions.invalidateAfterCommit({ users: [event.userId] });
  }
}
