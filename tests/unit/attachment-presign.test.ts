// The presigned POST's policy is the only thing that limits what a browser may put into the
// bucket, and the local S3 (s3rver) checks none of it: so the policy itself is asserted here,
// from a real createPresignedPost call (signing needs no network).
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PDF, UPLOAD_EXPIRES_SECONDS } from '#domain/attachment.ts';
import { incomingKey } from '#adapters/object-keys.ts';
import { s3UploadObjects } from '#adapters/uploads-s3.ts';

const NOW = new Date('2023-06-20T03:00:00.250Z');
const client = new S3Client({ region: 'ap-southeast-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

describe('presigned upload', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('lets the browser put exactly the declared bytes, of the declared type, at the incoming key, for 15 minutes', async () => {
    const key = incomingKey({ agencyId: 'SKHCN', uploadId: '01H3ABCDEFGHJKMNPQRSTVWXYZ' });
    const { url, fields } = await s3UploadObjects(client, 'uploads-bucket').presignUpload({
      key,
      contentType: PDF,
      size: 48213,
      expiresInSeconds: UPLOAD_EXPIRES_SECONDS,
    });
    expect(url).toBe('https://uploads-bucket.s3.ap-southeast-1.amazonaws.com/');
    expect(fields).toMatchObject({ key, 'Content-Type': PDF, bucket: 'uploads-bucket', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
    expect(fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);

    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.expiration).toBe('2023-06-20T03:15:00Z');
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 48213, 48213],
        { 'Content-Type': PDF },
        { key },
        { bucket: 'uploads-bucket' },
      ]),
    );
    // Nothing loosens the key or the type (no starts-with conditions).
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'starts-with')).toEqual([]);
  });
});
