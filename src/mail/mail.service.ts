import { HttpStatus, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { createMailTransport, type MailTransport, type OutgoingMail } from './mail-transport.js';

/**
 * Sends one mail now (SMTP, or the JSON-lines outbox under DATA_DIR/mail/ when SMTP_URL is unset).
 * A failure is a 503 the caller's transaction rolls back on, so nothing claims "sent" that was not.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private transport?: MailTransport;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async send(mail: OutgoingMail): Promise<void> {
    this.transport ??= createMailTransport(this.config);
    try {
      await this.transport.send(mail);
    } catch {
      throw new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'mail_unavailable', {
        nl: 'De e-mail kon nu niet worden verstuurd. Er is niets opgeslagen; probeer het over een paar minuten opnieuw.',
        en: 'The e-mail could not be sent right now. Nothing was saved; try again in a few minutes.',
      });
    }
  }

  /** The portal's own address for links in mails, without a trailing slash. */
  link(path: string): string {
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}${path}`;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
