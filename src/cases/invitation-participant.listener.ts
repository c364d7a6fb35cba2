import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InvitationAccepted } from '../accounts/accounts.events.js';
import { TransactionHost } from '../database/transaction-host.js';
import { ParticipantsService } from './participants.service.js';
import { ChildAccountsService } from './child-accounts.service.js';

/**
 * An invitation into a case makes its person a participant the moment they accept it (a new account,
 * or an existing one saying yes), in the same transaction. Errors are not suppressed: an invitation
 * never counts as accepted without its participation.
 */
@Injectable()
export class InvitationParticipantListener {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly txHost: TransactionHost,
    private readonly childAccounts: ChildAccountsService,
  ) {}

  @OnEvent(InvitationAccepted.event, { promisify: true, suppressErrors: false })
  async joinInvitedCase(event: InvitationAccepted): Promise<void> {
    if (!event.caseId || !event.caseRole) return;
    const [inviter]: { role: string }[] = await this.txHost.tx.query(`SELECT role FROM app_user WHERE id = $1`, [event.invitedById]);
    await this.participants.insertParticipant(event.caseId, event.userId, event.caseRole, event.invitedById, inviter?.role ?? 'coordinator');
    // Issue 20: an invitation as `child` may name the child record the new account is linked to.
    if (event.childId && event.caseRole === 'child') {
      await this.childAccounts.linkInvited(event.caseId, event.childId, event.userId, event.invitedById, inviter?.role ?? 'coordinator');
    }
  }
}
