import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from './access/access.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { AttentionModule } from './attention/attention.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CasesModule } from './cases/cases.module.js';
import { ChildrenModule } from './children/children.module.js';
import { RateLimitModule } from './auth/rate-limit/rate-limit.module.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { HealthModule } from './health/health.module.js';
import { VerificationModule } from './verification/verification.module.js';
import { OidcModule } from './auth/oidc/oidc.module.js';
import { IntakeModule } from './intake/intake.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { GroupsModule } from './groups/groups.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ConsultationsModule } from './consultations/consultations.module.js';
import { PlanModule } from './plan/plan.module.js';
import { AnalysisModule } from './analysis/analysis.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';

/** Wires the modules; nothing else. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), autoLoadEntities: true }),
        DatabaseModule,
        AccessModule,
        EventEmitterModule.forRoot(),
        AuditModule,
        RateLimitModule,
        AccountsModule,
        AuthModule,
        CasesModule,
        IntakeModule,
        MessagingModule,
        GroupsModule,
        ReportsModule,
        PlanModule,
        AnalysisModule,
        AttentionModule,
        ChildrenModule,
        AttachmentsModule,
        ConsultationsModule,
        DirectoryModule,
        VerificationModule,
        OidcModule,
        PrivacyModule,
        HealthModule,
        DemoModule,
      ],
    };
  }
}
