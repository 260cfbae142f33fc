// What the local SMTP sink received, parsed with mailparser, and the S3 notification the
// upload check gets: what the report integration tests look at.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { S3Event } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { LOCAL_REGION } from '#local/dynamodb-local.ts';
import { encodeNotificationKey } from '#local/s3-local.ts';

export interface ReceivedMail {
  file: string;
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
        to: to.map((a) => a.address ?? '').join(','),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, sha256: sha256(a.content) })),
      };
    }),
  );
}

/** The ObjectCreated notification S3 sends for a presigned POST: one record, the key form-encoded. */
export function objectCreated(bucket: string, key: string): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: LOCAL_REGION,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: 'AWS:TEST' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'TEST', 'x-amz-id-2': 'TEST' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'upload-check',
          bucket: { name: bucket, ownerIdentity: { principalId: 'TEST' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeNotificationKey(key), size: 0, eTag: '', sequencer: '0' },
        },
      },
    ],
  };
}
