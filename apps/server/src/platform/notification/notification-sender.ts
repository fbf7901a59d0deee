import nodemailer, { type Transporter } from 'nodemailer';
import { logger } from '../../shared/logger.js';
import { PUBLIC_URL_PLACEHOLDER } from './outbox.js';

export interface OutgoingMessage {
  /** Null: no address is configured for it (staff without STAFF_NOTIFICATION_EMAIL); it is only logged. */
  to: string | null;
  subject: string;
  text: string;
}

/** Delivers one message; a rejected promise means "try again later". */
export interface NotificationSender {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** Without SMTP: each message is written to the server's log, for development and small installations. */
export class LogSender implements NotificationSender {
  readonly name = 'log';

  constructor(private readonly log: (line: string) => void = (line) => logger.info(line)) {}

  async send(message: OutgoingMessage): Promise<void> {
    this.log(
      [`Notification to ${message.to ?? 'staff (STAFF_NOTIFICATION_EMAIL is not set)'}: ${message.subject}`, message.text]
        .join('\n')
        .replace(/\n/g, '\n  | '),
    );
  }
}

/** Sends through the SMTP server of SMTP_URL (smtp:// or smtps://, with credentials in the URL). */
export class SmtpSender implements NotificationSender {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly fallback: NotificationSender = new LogSender(),
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: OutgoingMessage): Promise<void> {
    if (!message.to) return this.fallback.send(message);
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }
}

export interface MailSettings {
  smtpUrl: string | null;
  mailFrom: string;
  /** The site's public address, for links in messages (PUBLIC_URL). */
  publicUrl?: string;
}

/** SMTP when SMTP_URL is set, otherwise the log; links in messages point at PUBLIC_URL. */
export function createNotificationSender(settings: MailSettings): NotificationSender {
  const sender = settings.smtpUrl ? new SmtpSender(settings.smtpUrl, settings.mailFrom) : new LogSender();
  return withPublicUrl(sender, settings.publicUrl ?? 'http://localhost:4000');
}

export function withPublicUrl(sender: NotificationSender, publicUrl: string): NotificationSender {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    name: sender.name,
    send: (message) => sender.send({ ...message, text: message.text.replaceAll(PUBLIC_URL_PLACEHOLDER, base) }),
  };
}
