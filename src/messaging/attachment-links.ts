/**
 * Which of a message's attachment ids were uploaded to its thread, as the attachments module (which
 * owns `attachment`) knows it. Attachments imports messaging, so messaging cannot import
 * attachments: the attachments module provides this port under `ATTACHMENT_LINKS`.
 */
export interface AttachmentLinks {
  /** The ids among `attachmentIds` that are not attachments of `threadId` (an empty list: all are). */
  notInThread(threadId: string, attachmentIds: string[]): Promise<string[]>;
}

export const ATTACHMENT_LINKS = Symbol('AttachmentLinks');
