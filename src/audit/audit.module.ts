import { Global, Module } from '@nestjs/common';
import { AuditSealerService } from './audit-sealer.service.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({ controllers: [AuditController], providers: [AuditService, AuditSealerService], exports: [AuditService, AuditSealerService] })
export class AuditModule {}
