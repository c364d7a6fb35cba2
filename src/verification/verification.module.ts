import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CredentialsController } from './credentials.controller.js';
import { CredentialsService } from './credentials.service.js';
import { CounsellorCredential } from './entities/counsellor-credential.entity.js';
import { OrganisationKey } from './entities/organisation-key.entity.js';
import { VerificationCheck } from './entities/verification-check.entity.js';
import { VerificationCode } from './entities/verification-code.entity.js';
import { KeyEncryptionPassphrase } from './key-encryption-passphrase.js';
import { OrganisationKeyRevocationService } from './organisation-key-revocation.service.js';
import { OrganisationKeysController } from './organisation-keys.controller.js';
import { OrganisationKeysService } from './organisation-keys.service.js';
import { VerificationCodesService } from './verification-codes.service.js';
import { VerificationLogService } from './verification-log.service.js';
import { VerificationController } from './verification.controller.js';
import { WkdController } from './wkd.controller.js';

/** Verified counsellor identity: organisation keys and WKD, signed credentials, verification codes and their log. */
@Module({
  imports: [TypeOrmModule.forFeature([OrganisationKey, CounsellorCredential, VerificationCode, VerificationCheck]), AccountsModule, AuthModule],
  controllers: [OrganisationKeysController, WkdController, CredentialsController, VerificationController],
  providers: [
    KeyEncryptionPassphrase, OrganisationKeysService, CredentialsService, OrganisationKeyRevocationService,
    VerificationCodesService, VerificationLogService,
  ],
  exports: [OrganisationKeysService, CredentialsService, KeyEncryptionPassphrase],
})
export class VerificationModule {}
