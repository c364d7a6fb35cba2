import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseAccessPolicy } from './case-access.policy.js';
import { CaseAccessService } from './case-access.service.js';
import { CaseParticipant } from './case-participant.entity.js';
import { CaseFile } from './case.entity.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { ChildAccessPolicy } from './child-access.policy.js';
import { ConsentAccessPolicy } from './consent-access.policy.js';
import { ParticipantsService } from './participants.service.js';
import { RegionsController } from './regions.controller.js';
import { StoryAccessPolicy } from './story-access.policy.js';
import { UpdateAccessPolicy } from './update-access.policy.js';

@Module({
  imports: [TypeOrmModule.forFeature([CaseFile, CaseParticipant])],
  controllers: [RegionsController, CasesController],
  providers: [
    CaseAccessService, CaseAccessPolicy, StoryAccessPolicy, ConsentAccessPolicy, UpdateAccessPolicy, ChildAccessPolicy,
    CasesService, ParticipantsService,
  ],
  exports: [CaseAccessService, CasesService, ParticipantsService],
})
export class CasesModule {}
