import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service.js';
import { HandoverMoving } from '../cases/cases.events.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost } from '../database/transaction-host.js';

/**
 * A handover moves the case's work without loss: the questions the previous lead put to experts
 * (open and closed, with their conversations) go to the new lead, inside the handover's
 * transaction. The expert notices nothing: they never see who asked.
 */
@Injectable()
export class ConsultationsListeners {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
  ) {}

  @OnEvent(HandoverMoving.event, { suppressErrors: false })
  async moveConsultations(event: HandoverMoving): Promise<void> {
    if (!event.fromUserId || event.fromUserId === event.toUserId) return;
    const moved = await rows<{ id: string }>(this.txHost.tx,
      `UPDATE consultation SET asked_by_id = $3 WHERE case_id = $1 AND asked_by_id = $2 RETURNING id`,
      [event.caseId, event.fromUserId, event.toUserId],
    );
    if (moved.length === 0) return;
    // Not in the parents' access log: the handover itself is, and no one read or wrote anything here.
    await this.audit.record({
      action: 'consultation.handed_over', subjectType: 'consultation',
      details: { count: moved.length, from: event.fromUserId, to: event.toUserId, consultationIds: moved.map((m) => m.id) },
    });
  }
}
