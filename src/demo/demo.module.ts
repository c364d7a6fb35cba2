import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { GroupsModule } from '../groups/groups.module.js';
import { PlanModule } from '../plan/plan.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { DemoService } from './demo.service.js';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { ChildrenModule } from '../children/children.module.js';

@Module({ imports: [AccountsModule, CasesModule, VerificationModule, IntakeModule, MessagingModule, GroupsModule, ConsultationsModule, PlanModule, ChildrenModule, DirectoryModule], providers: [DemoService] })
export class DemoModule {}
