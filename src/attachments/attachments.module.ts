import { Module } from '@nestjs/common';
import { s3Connection } from '../common/s3.js';
import { AppConfig } from '../config/app-config.js';
import { ATTACHMENT_LINKS } from '../messaging/attachment-links.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { COUNSELLOR_KEYS } from '../verification/counsellor-keys.js';
import { VerificationModule } from '../verification/verification.module.js';
import { AttachmentLinksService } from './attachment-links.service.js';
import { AttachmentsController, KeysController } from './attachments.controller.js';
import { AttachmentsService } from './attachments.service.js';
import { CounsellorKeyCertificationListener } from './keys/counsellor-key-certification.listener.js';
import { UserKeysService } from './keys/user-keys.service.js';
import { ATTACHMENT_STORE, type AttachmentStore } from './storage/attachment-store.js';
import { localAttachmentStore } from './storage/filesystem-attachment-store.js';
import { S3AttachmentStore } from './storage/s3-attachment-store.js';

/** S3_BUCKET set: the S3-compatible store, checked at boot; otherwise files under DATA_DIR/attachments. */
async function attachmentStore(config: AppConfig): Promise<AttachmentStore> {
  if (!config.S3_BUCKET) return localAttachmentStore(config);
  const store = new S3AttachmentStore({ bucket: config.S3_BUCKET, ...s3Connection(config) });
  await store.check();
  return store;
}

/** Users' OpenPGP keys and end-to-end encrypted attachments in threads. */
@Module({
  imports: [MessagingModule, VerificationModule],
  controllers: [KeysController, AttachmentsController],
  providers: [
    UserKeysService,
    { provide: COUNSELLOR_KEYS, useExisting: UserKeysService },
    AttachmentsService,
    AttachmentLinksService,
    { provide: ATTACHMENT_LINKS, useExisting: AttachmentLinksService },
    CounsellorKeyCertificationListener,
    {
      provide: ATTACHMENT_STORE,
      inject: [AppConfig],
      useFactory: attachmentStore,
    },
  ],
  exports: [UserKeysService, AttachmentsService],
})
export class AttachmentsModule {}
