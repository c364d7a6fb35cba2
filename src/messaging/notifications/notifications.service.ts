import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost, Transactional } from '../../database/transaction-host.js';
import { AuditService } from '../../audit/audit.service.js';
import { createMailTransport, type MailTransport } from '../../mail/mail-transport.js';

const UNREAD_FOR_OUTBOX_USER = `SELECT 1 FROM thread_member m
  JOIN message msg ON msg.thread_id = m.thread_id AND msg.seq > m.last_read_seq AND msg.author_id <> m.user_id
  WHERE m.user_id = o.user_id`;

/** The whole mail: no message body, no case, no names. Dutch first. */
export function notificationMail(publicUrl: string): { subject: string; text: string } {
  return {
    subject: 'Nieuw bericht in Eenverhaal / New message in Eenverhaal',
    text: [
      'Hallo,',
      '',
      'U heeft een nieuw bericht in Eenverhaal. Log in om het te lezen:',
      publicUrl,
      '',
      'Wilt u deze e-mails niet meer krijgen? Zet ze uit bij uw instellingen in Eenverhaal.',
      '',
      '---',
      'You have a new message in Eenverhaal. Log in to read it:',
      publicUrl,
      'You can switch these e-mails off in your settings in Eenverhaal.',
    ].join('\n'),
  };
}

/**
 * "You have a new message" e-mails, batched: the message's transaction leaves one outbox row per
 * waiting user; this mailer sends at most one mail per user per NOTIFICATION_EMAIL_BATCH_MINUTES.
 * Rows are claimed with SKIP LOCKED, so several app processes never send the same mail twice.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private timer?: NodeJS.Timeout;
  private transport?: MailTransport;
  private running?: Promise<number>;

  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.deliverDue().catch((e: Error) => this.logger.warn(`mail delivery failed: ${e.message}`)),
      this.config.NOTIFICATION_EMAIL_POLL_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }

  async getPreference(userId: string): Promise<{ email: boolean }> {
    const [row] = await this.txHost.tx.query(`SELECT email FROM notification_preference WHERE user_id = $1`, [userId]);
    return { email: row ? row.email === true : true };
  }

  @Transactional()
  async setPreference(userId: string, email: boolean): Promise<{ email: boolean }> {
    await this.txHost.tx.query(
      `INSERT INTO notification_preference (user_id, email) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
      [userId, email],
    );
    if (!email) await this.txHost.tx.query(`DELETE FROM notification_outbox WHERE user_id = $1`, [userId]);
    await this.audit.record({ action: 'notification.preference.update', subjectType: 'user', subjectId: userId, details: { email } });
    return { email };
  }

  /** Sends what is due now; returns how many mails went out. One batch at a time per process. */
  deliverDue(): Promise<number> {
    this.running ??= this.deliverBatch().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async deliverBatch(limit = 100): Promise<number> {
    this.transport ??= createMailTransport(this.config);
    const transport = this.transport;
    const { subject, text } = notificationMail(this.config.PUBLIC_URL);
    const sent = await this.sendDue(transport, subject, text, limit);
    if (sent) this.logger.log(`sent ${sent} notification mail(s)`);
    return sent;
  }

  /** Mails whoever is due, in one transaction that holds their outbox rows (SKIP LOCKED: other nodes take others). */
  @Transactional()
  private async sendDue(transport: MailTransport, subject: string, text: string, limit: number): Promise<number> {
    let sent = 0;
    const tx = this.txHost.tx;
    // Whoever read everything in the meantime needs no mail.
    await tx.query(
      `DELETE FROM notification_outbox o WHERE NOT EXISTS (${UNREAD_FOR_OUTBOX_USER})`,
    );
    const due: { user_id: string; email: string }[] = await tx.query(
      `SELECT o.user_id, u.email
         FROM notification_outbox o
         JOIN app_user u ON u.id = o.user_id AND u.disabled_at IS NULL
         LEFT JOIN notification_mail_log l ON l.user_id = o.user_id
        WHERE l.last_sent_at IS NULL OR l.last_sent_at <= now() - make_interval(mins => $1)
        ORDER BY o.pending_since
        LIMIT $2
        FOR UPDATE OF o SKIP LOCKED`,
      [this.config.NOTIFICATION_EMAIL_BATCH_MINUTES, limit],
    );
    for (const row of due) {
      try {
        await transport.send({ to: row.email, subject, text });
      } catch (error) {
        this.logger.warn(`mail to a user failed, kept for the next round: ${(error as Error).message}`);
        continue;
      }
      await tx.query(`DELETE FROM notification_outbox WHERE user_id = $1`, [row.user_id]);
      await tx.query(
        `INSERT INTO notification_mail_log (user_id, last_sent_at) VALUES ($1, now())
         ON CONFLICT (user_id) DO UPDATE SET last_sent_at = now()`,
        [row.user_id],
      );
      sent++;
    }
    return sent;
  }
}
