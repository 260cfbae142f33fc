// The rendered files in the reports bucket, with their hashes in the object metadata.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReportFiles } from '#domain/report-ports.ts';

export function s3ReportFiles(client: S3Client, bucket: string): ReportFiles {
  return {
    async put(key, body, contentType, metadata) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, Metadata: metadata }));
    },
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body!.transformToByteArray();
    },
    async downloadUrl(key, fileName, expiresInSeconds) {
      // A PDF opens in the browser (the staff console's "Xem PDF"); anything else downloads.
      const disposition = fileName.endsWith('.pdf') ? 'inline' : 'attachment';
      // The link is signed for minutes and the report may be one not issued yet: no cache keeps a copy.
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: `${disposition}; filename="${fileName}"`,
        ResponseCacheControl: 'no-store',
      });
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds });
    },
  };
}
