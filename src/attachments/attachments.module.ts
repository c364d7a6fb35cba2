import path from 'node:path';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { AttachmentsController, KeysController } from './attachments.controller.js';
import { AttachmentsService } from './attachments.service.js';
import { CounsellorKeyCertificationListener } from './keys/counsellor-key-certification.listener.js';
import { UserKeysService } from './keys/user-keys.service.js';
import { ATTACHMENT_STORE } from './storage/attachment-store.js';
import { FilesystemAttachmentStore } from './storage/filesystem-attachment-store.js';

/** Users' OpenPGP keys and end-to-end encrypted attachments in threads. */
@Module({
  imports: [MessagingModule, VerificationModule],
  controllers: [KeysController, AttachmentsController],
  providers: [
    UserKeysService,
    AttachmentsService,
    CounsellorKeyCertificationListener,
    {
      provide: ATTACHMENT_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new FilesystemAttachmentStore(path.resolve(config.DATA_DIR, 'attachments')),
    },
  ],
  exports: [UserKeysService],
})
export class AttachmentsModule {}
