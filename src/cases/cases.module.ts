import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseAccessService } from './case-access.service.js';
import { CaseParticipant } from './case-participant.entity.js';
import { CaseFile } from './case.entity.js';
import { RegionsController } from './regions.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([CaseFile, CaseParticipant])],
  controllers: [RegionsController],
  providers: [CaseAccessService],
  exports: [CaseAccessService],
})
export class CasesModule {}
