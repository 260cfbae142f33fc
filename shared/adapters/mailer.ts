// Sending a report by e-mail: SES v2 in AWS, SMTP (the local sink) when SMTP_HOST is set.
// Both send the same MIME message, built once by nodemailer's composer.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { MailMessage, Mailer } from '#domain/report-ports.ts';

function composerOptions(message: MailMessage) {
  return {
    ...message,
    attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
  };
}

export function sesMailer(client: SESv2Client): Mailer {
  return {
    async send(message) {
      const raw = await new MailComposer(composerOptions(message)).compile().build();
      const out = await client.send(
        new SendEmailCommand({ FromEmailAddress: message.from, Destination: { ToAddresses: [message.to] }, Content: { Raw: { Data: raw } } }),
      );
      return out.MessageId ?? '';
    },
  };
}

function smtpMailer(host: string, port: number): Mailer {
  const transport = nodemailer.createTransport({ host, port, secure: false, ignoreTLS: true });
  return {
    async send(message) {
      const info = await transport.sendMail(composerOptions(message));
      return info.messageId;
    },
  };
}

/** The mailer the environment configures. */
export function mailerFromEnv(): Mailer {
  const host = process.env.SMTP_HOST;
  return host ? smtpMailer(host, Number(process.env.SMTP_PORT ?? 25)) : sesMailer(new SESv2Client({}));
}
