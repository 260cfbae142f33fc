// What the local SMTP sink received, parsed with mailparser, and the S3 notification the
// upload check gets: what the report integration tests look at.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  file: string;
  /** the sender's display name and address */
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; sha256: string }>;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function readMails(files: readonly string[]): Promise<ReceivedMail[]> {
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(readFileSync(file));
      const to = Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : (mail.to?.value ?? []);
      return {
        file,
        from: { name: mail.from?.value[0]?.name ?? '', address: mail.from?.value[0]?.address ?? '' },
        to: to.map((a) => a.address ?? '').join(','),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, sha256: sha256(a.content) })),
      };
    }),
  );
}

