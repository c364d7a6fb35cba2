import { Module } from '@nestjs/common';
import { AuthModule } from '../auth.module.js';
import { VerificationModule } from '../../verification/verification.module.js';
import { OidcController } from './oidc.controller.js';
import { OidcService } from './oidc.service.js';

/** Login with an organisation's own OpenID Connect provider (the client secret sits under the organisation keys' passphrase). */
@Module({
  imports: [AuthModule, VerificationModule],
  controllers: [OidcController],
  providers: [OidcService],
})
export class OidcModule {}
