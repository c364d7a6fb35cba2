import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { MailModule } from '../mail/mail.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PlanModule } from '../plan/plan.module.js';
import { GroupsModule } from '../groups/groups.module.js';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { ChildrenModule } from '../children/children.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { ErasureRequestsService } from './erasure-requests.service.js';
import { ExportSections } from './export/export-sections.js';
import { ExportsService } from './exports.service.js';
import { LegalHoldService } from './legal-hold.service.js';
import { ErasureRequestsController, LegalHoldController, MyPrivacyController } from './privacy.controller.js';
import { RetentionService } from './retention.service.js';

/** Privacy rights (issue 21): the own export, retention with legal hold, erasure on request. */
@Module({
  imports: [CasesModule, MessagingModule, AttachmentsModule, MailModule, PlanModule, AnalysisModule, GroupsModule, ConsultationsModule, ChildrenModule, DirectoryModule],
  controllers: [MyPrivacyController, ErasureRequestsController, LegalHoldController],
  providers: [ExportSections, ExportsService, RetentionService, LegalHoldService, ErasureRequestsService],
  exports: [ExportsService, RetentionService, ErasureRequestsService],
})
export class PrivacyModule {}
