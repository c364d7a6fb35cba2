import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One mail as nodemailer's JSON transport writes it to DATA_DIR/mail/outbox.jsonl. */
export interface SentMail {
  to: { address: string }[];
  subject: string;
  text: string;
}

/** What the portal "sent" while SMTP_URL is unset: the outbox a developer (or a test) reads. */
export class MailBox {
  constructor(private readonly dataDir: string) {}

  async all(): Promise<SentMail[]> {
    const text = await readFile(path.join(this.dataDir, 'mail', 'outbox.jsonl'), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as SentMail);
  }

  async to(address: string): Promise<SentMail[]> {
    const wanted = address.toLowerCase();
    return (await this.all()).filter((mail) => mail.to.some((to) => to.address.toLowerCase() === wanted));
  }

  /** The one-time token of the newest invitation link mailed to `address`. */
  async invitationToken(address: string): Promise<string> {
    const mails = await this.to(address);
    for (const mail of mails.reverse()) {
      const match = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text);
      if (match) return match[1];
    }
    throw new Error(`no invitation link was mailed to ${address}`);
  }
}
