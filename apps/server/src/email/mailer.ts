import nodemailer from 'nodemailer';
import type { EmailConfig } from '../config/config-schema.js';
import type { MailContent } from './render-mail.js';

/** One mail to send: its content and its addresses (the sender is the configured `from`). */
export interface OutgoingMail extends MailContent {
  to: string;
  replyTo?: string;
  /** Stable across retries of the same mail (e.g. `<offline.SESSION.SEQ@parley>`), so a receiver can dedupe. */
  messageId?: string;
}

export interface Mailer {
  /** Sends a mail, rejecting when the SMTP server refused it or could not be reached. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * Sends mail over SMTP with nodemailer (issue 13): one pooled transport for the process.
 * @example
 * const mailer = createMailer({ smtp: { host: '127.0.0.1', port: 2525 }, from: 'Shop <help@shop.example>' });
 * await mailer.send({ to: 'ada@example.com', subject, text, html });
 */
export function createMailer(config: EmailConfig, { timeoutMs = 5_000 } = {}): Mailer {
  // Each SMTP step gives up after `timeoutMs`: a visitor's or agent's request waits on the send,
  // and their client stops waiting after 10 s (the offline mailer tries again after its lease).
  const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
  const transport = config.url
    ? nodemailer.createTransport(config.url, timeouts)
    : nodemailer.createTransport({
        host: config.smtp?.host,
        port: config.smtp?.port,
        secure: config.smtp?.secure ?? false,
        ...(config.smtp?.auth ? { auth: config.smtp.auth } : {}),
        ...timeouts,
      });
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.from,
        to: mail.to,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close: () => transport.close(),
  };
}
