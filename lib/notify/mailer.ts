import nodemailer from 'nodemailer';
import type { NotificationStore } from '../db/stores/notification-store';

/** One notification mail, with the key that makes resending it recognisable. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The idempotency key: the Message-ID and `X-Easel-Idempotency-Key`, the same on every retry. */
  messageKey: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'sandbox-outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export const messageIdOf = (messageKey: string): string => `<${messageKey}@notifications.easel>`;

/**
 * SMTP through nodemailer (SMTP_URL). Timeouts bound every step, so a server
 * that hangs fails the attempt (and it is retried) instead of holding the worker.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdOf(mail.messageKey),
        headers: { 'X-Easel-Idempotency-Key': mail.messageKey, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transport.close(),
  };
}

/** Sandbox mode without SMTP_URL: mail is kept in the database and shown at /editor/outbox. */
export function createSandboxOutboxMailer(store: Pick<NotificationStore, 'storeSandboxMail'>): Mailer {
  return {
    kind: 'sandbox-outbox',
    async send(mail) {
      await store.storeSandboxMail({ messageKey: mail.messageKey, toAddress: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close: () => {},
  };
}
