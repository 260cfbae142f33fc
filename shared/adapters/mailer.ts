// Sending a report by e-mail: SES v2 in AWS, SMTP (the local sink) when the configuration says so.
// Both send the same MIME message, built once by nodemailer's composer.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { MailMessage, Mailer } from '#domain/report-ports.ts';
import type { Adapters } from './config.ts';
import { DELIVERY_TAG, deliveryTagValue } from './delivery-tag.ts';

function composerOptions({ delivery: _delivery, ...message }: MailMessage) {
  return {
    ...message,
    attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
  };
}

/**
 * SES v2, every mail through the configuration set (bounce and complaint events), a report mail tagged
 * with its delivery; at most `perSecond` sends a second from one instance, well under the account's send rate
 * (the functions' reserved concurrency bounds the instances).
 */
export function sesMailer(client: SESv2Client, configurationSet: string, perSecond = 5): Mailer {
  let nextSendAt = 0;
  return {
    async send(message) {
      const raw = await new MailComposer(composerOptions(message)).compile().build();
      const wait = nextSendAt - Date.now();
      nextSendAt = Math.max(Date.now(), nextSendAt) + 1000 / perSecond;
      if (wait > 0) await sleep(wait);
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: typeof message.from === 'string' ? message.from : message.from.address,
          Destination: { ToAddresses: [message.to].flat() },
          Content: { Raw: { Data: raw } },
          ConfigurationSetName: configurationSet,
          ...(message.delivery ? { EmailTags: [{ Name: DELIVERY_TAG, Value: deliveryTagValue(message.delivery) }] } : {}),
        }),
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

/**
 * The mailer the configuration chooses. `configurationSet` is asked at the first SES send only: the
 * SMTP sink has none, and functions that mail nothing never set it.
 */
export function buildMailer(choice: Adapters['mailer'], configurationSet: () => string): Mailer {
  if (choice.kind === 'smtp') return smtpMailer(choice.host, choice.port);
  let ses: Mailer | undefined;
  return { send: (message) => (ses ??= sesMailer(new SESv2Client({}), configurationSet())).send(message) };
}
