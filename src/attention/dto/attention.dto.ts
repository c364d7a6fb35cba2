import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../accounts/roles.js';

export class AttentionCase {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EV-2026-0042' }) reference: string;
  @ApiProperty() title: string;
}

export class AttentionPerson {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class UnreadThreadItem {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: AttentionCase }) case: AttentionCase;
  @ApiProperty({ description: 'Messages of others after the caller\'s read marker.' }) unreadCount: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastMessageAt: string | null;
}

export class UnreadMessages {
  @ApiProperty({ description: 'Unread messages over all the caller\'s conversations.' }) total: number;
  @ApiProperty({ description: 'Conversations with unread messages (all of them, also those not listed).' }) threadCount: number;
  @ApiProperty({ type: [UnreadThreadItem], description: 'The most recent first, at most 20.' }) threads: UnreadThreadItem[];
}

export class StoryItem {
  @ApiProperty({ type: AttentionCase }) case: AttentionCase;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) savedAt: string;
  @ApiProperty({ type: AttentionPerson }) savedBy: AttentionPerson;
}

export class StoryList {
  @ApiProperty() total: number;
  @ApiProperty({ type: [StoryItem] }) items: StoryItem[];
}

export class OverdueRegistrationItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'AM-7KQ2-M4XD' }) reference: string;
  @ApiProperty({ enum: ['contact', 'welcome'], description: 'The target missed: the first contact (2 days) or planning the welcome talk (7 days).' })
  target: 'contact' | 'welcome';
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The case it became, if any.' }) caseId: string | null;
}

export class OverdueRegistrationList {
  @ApiProperty() total: number;
  @ApiProperty({ type: [OverdueRegistrationItem], description: 'The longest overdue first.' }) items: OverdueRegistrationItem[];
}

export class HandoverRequestItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: AttentionCase }) case: AttentionCase;
  @ApiProperty({ type: AttentionPerson }) requestedBy: AttentionPerson;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
}

export class HandoverRequestList {
  @ApiProperty() total: number;
  @ApiProperty({ type: [HandoverRequestItem], description: 'The oldest first. The reason stays on the team screen.' }) items: HandoverRequestItem[];
}

export class ExpiredInvitationItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ format: 'date-time' }) expiredAt: string;
}

export class ExpiredInvitationList {
  @ApiProperty() total: number;
  @ApiProperty({ type: [ExpiredInvitationItem], description: 'The caller\'s own invitations that expired unused in the last 30 days.' }) items: ExpiredInvitationItem[];
}

export class OrganisationItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class OrganisationList {
  @ApiProperty() total: number;
  @ApiProperty({ type: [OrganisationItem] }) items: OrganisationItem[];
}

export class ErasureRequestSummary {
  @ApiProperty({ description: 'Open requests.' }) total: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the oldest open request was made.' }) oldestRequestedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the oldest open request must be answered: one month after it was made (GDPR Art. 12(3)).' })
  answerDueAt: string | null;
}

/**
 * What needs the caller's attention, per role; a part that does not apply to the role is empty.
 * Counts and titles of the caller's own cases and conversations only; reading this writes nothing
 * into any parent's access log.
 */
export class AttentionResponse {
  @ApiProperty({ description: 'Everything that asks for action: unread conversations plus every other item.' }) total: number;
  @ApiProperty({ type: UnreadMessages }) unreadMessages: UnreadMessages;
  @ApiProperty({ type: StoryList, description: 'Parents: the latest version of their story, not yet confirmed.' }) storiesToConfirm: StoryList;
  @ApiProperty({ type: StoryList, description: 'Counsellors and coordinators taking part: a story draft no parent confirmed yet (partners cannot read it).' }) storyDrafts: StoryList;
  @ApiProperty({ type: OverdueRegistrationList, description: 'Coordinators: the team\'s; counsellors: those assigned to them.' }) overdueRegistrations: OverdueRegistrationList;
  @ApiProperty({ type: HandoverRequestList, description: 'Coordinators: open requests of the team\'s cases.' }) handoverRequests: HandoverRequestList;
  @ApiProperty({ type: ExpiredInvitationList }) expiredInvitations: ExpiredInvitationList;
  @ApiProperty({ type: OrganisationList, description: 'Administrators: organisations without an active coordinator or an open invitation for one.' })
  organisationsWithoutCoordinator: OrganisationList;
  @ApiProperty({ type: ErasureRequestSummary, description: 'Coordinators: the team\'s open erasure requests (and those of people in no team yet); names and notes stay on the team screen.' })
  erasureRequests: ErasureRequestSummary;
}
