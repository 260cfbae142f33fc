// The uploads bucket: presigned POSTs into incoming/, and what the check needs to read and move.
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { UploadObjects } from '#domain/attachment-ports.ts';
import { uploadPrefixes } from './object-keys.ts';

// x-amz-copy-source is URL-encoded, each segment on its own so the slashes stay.
const copySource = (bucket: string, key: string) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

export function s3UploadObjects(client: S3Client, bucket: string): UploadObjects {
  async function get(key: string, etag: string, range?: { start: number; end: number }) {
    const { Body } = await client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        IfMatch: etag,
        ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
      }),
    );
    if (!Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return Body;
  }

  return {
    async presignUpload({ key, contentType, size, expiresInSeconds }) {
      // S3 enforces these when the form is posted; the check enforces them again afterwards
      // because the local S3 does not.
      return createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Conditions: [['content-length-range', size, size], { 'Content-Type': contentType }],
        Fields: { 'Content-Type': contentType },
        Expires: expiresInSeconds,
      });
    },

    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: head.ContentLength ?? 0, etag: head.ETag ?? '' };
      } catch (error) {
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
        throw error;
      }
    },

    async read(key, etag, range) {
      return (await get(key, etag, range)).transformToByteArray();
    },

    async sha256(key, etag) {
      const hash = createHash('sha256');
      for await (const chunk of (await get(key, etag)) as AsyncIterable<Uint8Array>) hash.update(chunk);
      return hash.digest('hex');
    },

    async copy(from, to, etag) {
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: copySource(bucket, from), CopySourceIfMatch: etag }));
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async listIncoming(before) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: uploadPrefixes.incoming, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key && object.LastModified && object.LastModified < before) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
  };
}

