// s3rver must answer the real S3 client, and the local stack must turn uploads into the
// ObjectCreated notifications S3 sends the upload-check Lambda, keys encoded as S3 encodes them.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNotificationKey, s3ClientFor, startS3Local, type S3Local } from '../../infra/local/s3-local.ts';
import { freshBucket, s3Client } from '../setup/services.ts';

const VIETNAMESE_KEY = 'incoming/Kế hoạch cải cách hành chính 2023 (bản 2)+phụ lục.pdf';

describe('s3rver through the real S3 client', () => {
  let client: S3Client;
  let bucket: string;
  beforeAll(async () => {
    client = s3Client();
    bucket = await freshBucket('s3');
  });
  afterAll(() => client.destroy());

  it('stores and returns the bytes of an object with a Vietnamese key', async () => {
    const bytes = Buffer.from('%PDF-1.7\n\u0000\u00ff binary');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: VIETNAMESE_KEY, Body: bytes, ContentType: 'application/pdf' }));
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: VIETNAMESE_KEY }));
    expect(object.ContentType).toBe('application/pdf');
    expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(bytes);
  });
});

describe('ObjectCreated notifications', () => {
  // An s3rver of its own: notifications are delivered in the process that runs the server.
  let s3: S3Local;
  let client: S3Client;
  const events: S3Event[] = [];
  beforeAll(async () => {
    s3 = await startS3Local({ region: 'ap-southeast-1' });
    await s3.ensureBuckets(['uploads-test', 'reports-test']);
    s3.onObjectCreated({ bucket: 'uploads-test', prefix: 'incoming/' }, (event) => {
      events.push(event);
    });
    client = s3ClientFor(s3.endpoint);
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
  });

  it('delivers a real S3 notification record, the key URL-encoded with + for spaces', async () => {
    events.length = 0;
    await client.send(new PutObjectCommand({ Bucket: 'uploads-test', Key: VIETNAMESE_KEY, Body: 'hello' }));
    await s3.idle();

    expect(events).toHaveLength(1);
    const [record] = events[0]!.Records;
    expect(events[0]!.Records).toHaveLength(1);
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'ap-southeast-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'uploads-test', arn: 'arn:aws:s3:::uploads-test' },
        object: { size: 5, eTag: '5d41402abc4b2a76b9719d911017c592' },
      },
    });
    expect(record!.s3.object.key).toBe(
      'incoming/K%E1%BA%BF+ho%E1%BA%A1ch+c%E1%BA%A3i+c%C3%A1ch+h%C3%A0nh+ch%C3%ADnh+2023+(b%E1%BA%A3n+2)%2Bph%E1%BB%A5+l%E1%BB%A5c.pdf',
    );
    // How a handler reads it back, as with real S3.
    expect(decodeURIComponent(record!.s3.object.key.replace(/\+/g, ' '))).toBe(VIETNAMESE_KEY);
  });

  it('only notifies the subscribed bucket and prefix', async () => {
    events.length = 0;
    await client.send(new PutObjectCommand({ Bucket: 'uploads-test', Key: 'attachments/a.pdf', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: 'reports-test', Key: 'incoming/b.pdf', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: 'uploads-test', Key: 'incoming/c.pdf', Body: 'x' }));
    await s3.idle();
    expect(events.map((e) => e.Records[0]!.s3.object.key)).toEqual(['incoming/c.pdf']);
  });

  it('notifies ObjectCreated:Post for a browser-style presigned POST upload', async () => {
    events.length = 0;
    const key = 'incoming/upl-1/Quyết định 15.pdf';
    const { url, fields } = await createPresignedPost(client, {
      Bucket: 'uploads-test',
      Key: key,
      Conditions: [['content-length-range', 1, 1024]],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: 600,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([Buffer.from('%PDF-1.7 test')], { type: 'application/pdf' }), 'qd.pdf');
    const response = await fetch(url, { method: 'POST', body: form });
    expect(response.status).toBeLessThan(300);
    await s3.idle();

    expect(events.map((e) => [e.Records[0]!.eventName, e.Records[0]!.s3.object.key])).toEqual([
      ['ObjectCreated:Post', encodeNotificationKey(key)],
    ]);
    const stored = await client.send(new GetObjectCommand({ Bucket: 'uploads-test', Key: key }));
    expect(await stored.Body!.transformToString()).toBe('%PDF-1.7 test');
  });

  it('retries a failing notification handler twice, like an asynchronous Lambda invocation', async () => {
    const attempts: string[] = [];
    const failures: unknown[] = [];
    const own = await startS3Local({ onNotificationError: (error) => failures.push(error) });
    try {
      await own.ensureBuckets(['retry-test']);
      own.onObjectCreated({}, (event) => {
        attempts.push(event.Records[0]!.s3.object.key);
        throw new Error('handler down');
      });
      const ownClient = s3ClientFor(own.endpoint);
      await ownClient.send(new PutObjectCommand({ Bucket: 'retry-test', Key: 'incoming/x', Body: 'x' }));
      ownClient.destroy();
      await own.idle();
      expect(attempts).toEqual(['incoming/x', 'incoming/x', 'incoming/x']);
      expect(failures).toHaveLength(1);
    } finally {
      await own.stop();
    }
  });
});

describe('encodeNotificationKey', () => {
  it('form-encodes each path segment and keeps the slashes', () => {
    expect(encodeNotificationKey('incoming/a b/c+d.pdf')).toBe('incoming/a+b/c%2Bd.pdf');
    expect(encodeNotificationKey('Sở KH&CN/=.pdf')).toBe('S%E1%BB%9F+KH%26CN/%3D.pdf');
  });
});
