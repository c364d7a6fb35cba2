import { Global, Module } from '@nestjs/common';
import { AccessLogController } from './access-log/access-log.controller.js';
import { AccessLogService } from './access-log/access-log.service.js';
import { AuditSealerService } from './audit-sealer.service.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

@Global()
/** The append-only audit log, its sealer and checkpoints, and the parents' access log read from it. */
@Module({
  controllers: [AuditController, AccessLogController],
  providers: [AuditService, AuditSealerService, AccessLogService],
  exports: [AuditService, AuditSealerService, AccessLogService],
})
export class AuditModule {}
