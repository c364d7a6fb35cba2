import { ConfigError, loadConfig } from '../config/app-config.js';
import { notificationMail } from './notifications/notifications.service.js';

describe('messaging configuration', () => {
  it('has defaults', () => {
    const config = loadConfig({});
    expect(config.MESSAGE_SEND_MAX_PER_MINUTE).toBe(120);
    expect(config.TYPING_MAX_PER_10_SECONDS).toBe(5);
    expect(config.NOTIFICATION_EMAIL_BATCH_MINUTES).toBe(15);
    expect(config.NOTIFICATION_EMAIL_POLL_SECONDS).toBe(60);
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.MAIL_FROM).toContain('@');
  });

  it('reads and validates the variables', () => {
    const config = loadConfig({ MESSAGE_SEND_MAX_PER_MINUTE: '30', SMTP_URL: 'smtp://mail.example.test:587', NOTIFICATION_EMAIL_BATCH_MINUTES: '0' });
    expect(config.MESSAGE_SEND_MAX_PER_MINUTE).toBe(30);
    expect(config.SMTP_URL).toBe('smtp://mail.example.test:587');
    expect(config.NOTIFICATION_EMAIL_BATCH_MINUTES).toBe(0);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.test' })).toThrow(ConfigError);
    expect(() => loadConfig({ TYPING_MAX_PER_10_SECONDS: '0' })).toThrow(/TYPING_MAX_PER_10_SECONDS/);
  });
});

describe('the notification mail', () => {
  it('says only that there is a new message, Dutch first, with the portal link', () => {
    const mail = notificationMail('https://portaal.example.test');
    expect(mail.text.indexOf('U heeft een nieuw bericht')).toBeLessThan(mail.text.indexOf('You have a new message'));
    expect(mail.text).toContain('https://portaal.example.test');
  });
});
