import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import type { AttachmentLinks } from '../messaging/attachment-links.js';

/** The messaging module's port: a message may only carry attachments uploaded to its own thread. */
@Injectable()
export class AttachmentLinksService implements AttachmentLinks {
  constructor(private readonly txHost: TransactionHost) {}

  async notInThread(threadId: string, attachmentIds: string[]): Promise<string[]> {
    const found: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM attachment WHERE id = ANY($1::uuid[]) AND thread_id = $2`, [attachmentIds, threadId],
    );
    const present = new Set(found.map((r) => r.id));
    return attachmentIds.filter((id) => !present.has(id));
  }
}
