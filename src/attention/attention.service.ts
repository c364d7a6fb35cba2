import { Injectable } from '@nestjs/common';
import { AccountAttentionService } from '../accounts/account-attention.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission, roleHas } from '../auth/permission.js';
import { CaseAttentionService } from '../cases/case-attention.service.js';
import { HandoverService } from '../cases/handover.service.js';
import { RegistrationsService } from '../intake/registrations.service.js';
import { ThreadsService } from '../messaging/threads.service.js';
import { ErasureRequestsService } from '../privacy/erasure-requests.service.js';
import type { AttentionResponse } from './dto/attention.dto.js';

/** Items per list; the totals count them all. */
export const ATTENTION_LIST_LIMIT = 20;

const NOTHING = { total: 0, items: [] as never[] };

/**
 * The start page's "what needs your attention", per role, from each module's own answer: unread
 * conversations (everyone taking part in cases), a story to confirm (parents), story drafts
 * (counsellors and coordinators taking part), overdue registrations (coordinators: the team's;
 * counsellors: their own), open handover requests (coordinators), own invitations that expired
 * unused (whoever may invite), organisations without a coordinator (administrators) and the team's
 * open erasure requests with the oldest one's one-month deadline (coordinators).
 *
 * Counts and titles of the caller's own cases and conversations only; no case is read, so nothing
 * is written into any parent's access log: one audit event without a case records the overview.
 * One statement per part (the parts run side by side), plus one for the conversations' case titles.
 */
@Injectable()
export class AttentionService {
  constructor(
    private readonly threads: ThreadsService,
    private readonly cases: CaseAttentionService,
    private readonly handovers: HandoverService,
    private readonly registrations: RegistrationsService,
    private readonly accounts: AccountAttentionService,
    private readonly erasures: ErasureRequestsService,
    private readonly audit: AuditService,
  ) {}

  async attentionFor(user: AuthUser): Promise<AttentionResponse> {
    const limit = ATTENTION_LIST_LIMIT;
    const team = user.role === 'coordinator' || user.role === 'counsellor';
    const [unread, stories, registrations, handovers, invitations, organisations, erasures] = await Promise.all([
      user.role === 'admin' ? { threads: [], threadCount: 0, messageCount: 0 } : this.threads.unreadThreads(user.id, limit),
      user.role === 'parent' || team ? this.cases.storiesAwaitingConfirmation(user.id, team ? 'team' : 'parent', limit) : NOTHING,
      team ? this.registrations.overdueFor(user, limit) : NOTHING,
      user.role === 'coordinator' ? this.handovers.openTeamRequests(user, limit) : NOTHING,
      roleHas(user.role, Permission.InvitationCreate) ? this.accounts.expiredInvitations(user, limit) : NOTHING,
      user.role === 'admin' ? this.accounts.organisationsWithoutCoordinator(user, limit) : NOTHING,
      user.role === 'coordinator' ? this.erasures.openSummaryForTeam(user) : { total: 0, oldestRequestedAt: null, answerDueAt: null },
    ]);
    const labels = await this.cases.labels(user.id, unread.threads.map((t) => t.caseId));
    const threads = unread.threads.flatMap((t) => {
      const label = labels.get(t.caseId);
      return label ? [{
        threadId: t.threadId, title: t.title, unreadCount: t.unreadCount, lastMessageAt: t.lastMessageAt,
        case: { id: label.caseId, reference: label.reference, title: label.title },
      }] : [];
    });
    const storyList = {
      total: stories.total,
      items: stories.items.map((s) => ({ case: { id: s.caseId, reference: s.reference, title: s.title }, version: s.version, savedAt: s.savedAt, savedBy: s.savedBy })),
    };
    const response: AttentionResponse = {
      total: unread.threadCount + stories.total + registrations.total + handovers.total + invitations.total + organisations.total + erasures.total,
      unreadMessages: { total: unread.messageCount, threadCount: unread.threadCount, threads },
      storiesToConfirm: user.role === 'parent' ? storyList : NOTHING,
      storyDrafts: team ? storyList : NOTHING,
      overdueRegistrations: {
        total: registrations.total,
        items: registrations.items.map((r) => ({ id: r.registrationId, reference: r.reference, target: r.target, dueAt: r.dueAt, caseId: r.caseId })),
      },
      handoverRequests: {
        total: handovers.total,
        // The reason stays on the team screen.
        items: handovers.items.map((h) => ({
          id: h.id, case: { id: h.case.id, reference: h.case.reference, title: h.case.title }, requestedBy: h.requestedBy, requestedAt: h.createdAt,
        })),
      },
      expiredInvitations: {
        total: invitations.total,
        items: invitations.items.map((i) => ({
          id: i.invitationId, displayName: i.displayName, role: i.role, organisationId: i.organisationId, caseId: i.caseId, expiredAt: i.expiredAt,
        })),
      },
      organisationsWithoutCoordinator: { total: organisations.total, items: organisations.items.map((o) => ({ id: o.organisationId, name: o.name })) },
      erasureRequests: erasures,
    };
    await this.audit.record({
      action: 'attention.read', subjectType: 'user', subjectId: user.id,
      details: {
        threads: unread.threadCount, stories: stories.total, registrations: registrations.total, handoverRequests: handovers.total,
        invitations: invitations.total, organisations: organisations.total, erasureRequests: erasures.total,
      },
    }, READ_AUDIT);
    return response;
  }
}
