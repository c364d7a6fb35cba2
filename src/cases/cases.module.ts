import { Module } from '@nestjs/common';
import { CaseAttentionService } from './case-attention.service.js';
import { CasesDemoService } from './cases-demo.service.js';
import { CasesController } from './cases.controller.js';
import { ChildrenController } from './children.controller.js';
import { ChildrenService } from './children.service.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentsService } from './consents.service.js';
import { StoryController } from './story.controller.js';
import { StoryService } from './story.service.js';
import { UpdatesController } from './updates.controller.js';
import { UpdatesService } from './updates.service.js';
import { CasesService } from './cases.service.js';
import { HandoverController } from './handover.controller.js';
import { TeamHandoverRequestsController } from './team-handover-requests.controller.js';
import { HandoverService } from './handover.service.js';
import { CASE_INVITATIONS } from '../accounts/case-invitations.js';
import { CaseInvitationPolicy } from './case-invitation.policy.js';
import { InvitationParticipantListener } from './invitation-participant.listener.js';
import { ParticipantsService } from './participants.service.js';
import { RegionsController } from './regions.controller.js';
import { CaseFactsService } from './case-facts.service.js';
import { ChildAccountsService } from './child-accounts.service.js';

@Module({
  controllers: [RegionsController, CasesController, StoryController, ConsentsController, UpdatesController, ChildrenController, HandoverController, TeamHandoverRequestsController],
  providers: [
    CasesService, ParticipantsService, StoryService, ConsentsService, UpdatesService, ChildrenService,
    HandoverService, CasesDemoService, InvitationParticipantListener, CaseAttentionService,
    CaseInvitationPolicy, { provide: CASE_INVITATIONS, useExisting: CaseInvitationPolicy }, CaseFactsService,
    ChildAccountsService, // issue 20
  ],
  exports: [CasesService, ParticipantsService, UpdatesService, CasesDemoService, CaseAttentionService, HandoverService, CaseFactsService,
    StoryService, ConsentsService, ChildrenService, // issue 21: the privacy export reads as the user through these
    ChildAccountsService], // issue 20: the children module links records through it
})
export class CasesModule {}
