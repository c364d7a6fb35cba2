import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { MailModule } from '../mail/mail.module.js';
import { CaseloadController } from './caseload.controller.js';
import { CaseloadRepository } from './caseload.repository.js';
import { CaseloadService } from './caseload.service.js';
import { IntakeDemoService } from './intake-demo.service.js';
import { RegistrationConversionService } from './registration-conversion.service.js';
import { RegistrationsController } from './registrations.controller.js';
import { SupportContactController } from './support-contact.controller.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { RegistrationFormTokens } from './registration-form-token.js';
import { RegistrationsService } from './registrations.service.js';

/** Intake: registrations (public and entered), response-time targets, assignment, caseload and capacity. */
@Module({
  imports: [AuthModule, AccountsModule, CasesModule, MailModule],
  controllers: [RegistrationsController, CaseloadController, SupportContactController],
  providers: [RegistrationsRepository, RegistrationsService, RegistrationFormTokens, CaseloadRepository, CaseloadService, RegistrationConversionService, IntakeDemoService],
  exports: [RegistrationsService, IntakeDemoService],
})
export class IntakeModule {}
