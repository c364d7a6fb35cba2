import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { AccountDisabled } from '../accounts/accounts.events.js';
import { TransactionHost } from '../database/transaction-host.js';
import { SessionsRevoked } from './auth.events.js';
import { SessionsService } from './sessions.service.js';

/**
 * A disabled account's sessions end in the disabling transaction (the session look-up refuses a
 * disabled account anyway; revoking them means enabling it later revives none). Once it commits
 * every node drops the account from its session cache and closes its sockets.
 */
@Injectable()
export class AccountSessionsListener {
  constructor(
    private readonly sessions: SessionsService,
    private readonly txHost: TransactionHost,
    private readonly events: EventEmitter2,
  ) {}

  @OnEvent(AccountDisabled.event, { promisify: true, suppressErrors: false })
  async endSessionsOfDisabledAccount(event: AccountDisabled): Promise<void> {
    const sessionIds = await this.sessions.revokeAllOf(event.userId);
    // `users`: with Redis as the bus no database trigger announces the change, so the app does.
    this.sessions.invalidateAfterCommit({ users: [event.userId] });
    if (sessionIds.length) this.txHost.afterCommit(() => this.events.emit(SessionsRevoked.event, new SessionsRevoked(sessionIds)));
  }
}
