import { ApiProperty } from '@nestjs/swagger';

export class AttachmentPersonResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
}

export class AccessRequestResponse extends AttachmentPersonResponse {
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
}

export class ThreadAttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The message it was sent with.' }) messageId: string;
  @ApiProperty({ type: AttachmentPersonResponse }) uploadedBy: AttachmentPersonResponse;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Octets of the encrypted data packet: a little more than the file itself. The real size is in the encrypted metadata.' })
  encryptedSize: number;
  @ApiProperty({ description: 'Whether the sender stored an encrypted name, size and type (GET /api/attachments/{id}/metadata).' })
  hasMetadata: boolean;
  @ApiProperty({ description: 'Whether the caller\'s current key is a recipient: the caller can open it (and share it on).' })
  canOpen: boolean;
  @ApiProperty({ type: [AttachmentPersonResponse], description: 'Current members whose current key can open it: the people who can share it.' })
  openers: AttachmentPersonResponse[];
  @ApiProperty({ type: [AccessRequestResponse], description: 'Members who asked for access and cannot open it yet, oldest first.' })
  accessRequests: AccessRequestResponse[];
}

export class ThreadAttachmentsResponse {
  @ApiProperty({ description: 'MAX_ATTACHMENT_BYTES: the largest encrypted upload the server takes, so a client can refuse a file before encrypting it.' })
  maxUploadBytes: number;
  @ApiProperty({ type: [ThreadAttachmentResponse], description: 'The attachments of the messages the caller can read, in message order.' })
  items: ThreadAttachmentResponse[];
}

export class AccessRequestCreatedResponse {
  @ApiProperty({ format: 'uuid' }) attachmentId: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: [AttachmentPersonResponse], description: 'Who was told (now, over the socket, and in the list): current members who can open and share it. Empty: nobody in the thread can.' })
  openers: AttachmentPersonResponse[];
}
