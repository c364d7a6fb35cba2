import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP (nodemailer) when SMTP_URL is set; otherwise nodemailer's JSON transport, appended as one
 * line per mail to DATA_DIR/mail/outbox.jsonl, so a developer or a test can read what would be sent.
 */
export function createMailTransport(config: AppConfig): MailTransport {
  if (config.SMTP_URL) {
    const transporter = nodemailer.createTransport(config.SMTP_URL);
    return {
      send: async (mail) => { await transporter.sendMail({ from: config.MAIL_FROM, ...mail }); },
      close: () => transporter.close(),
    };
  }
  const transporter = nodemailer.createTransport({ jsonTransport: true });
  const file = mailOutboxFile(config);
  return {
    send: async (mail) => {
      const info = await transporter.sendMail({ from: config.MAIL_FROM, ...mail });
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${String(info.message).replace(/\n/g, ' ')}\n`);
    },
    close: () => transporter.close(),
  };
}

export function mailOutboxFile(config: AppConfig): string {
  return path.join(config.DATA_DIR, 'mail', 'outbox.jsonl');
}
