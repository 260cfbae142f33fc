// S3 on this machine: s3rver in-process, plus the ObjectCreated notifications S3 would send to the
// upload-check Lambda, normalised to the real notification format.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { BucketAlreadyExists, BucketAlreadyOwnedByYou, CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import S3rver, { type S3rverEventRecord, type S3rverMiddleware } from 's3rver';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local.ts';
import { checkPostPolicy, s3ErrorXml, type PostCredentials, type PostRefusal } from './s3-post-policy.ts';

export interface S3LocalOptions {
  /** Where objects are kept; a fresh temporary directory when omitted. */
  directory?: string;
  /** Defaults to a port the OS picks. */
  port?: number;
  /** The region written into notifications. */
  region?: string;
  /** Called when a notification handler still fails after its retries; default: logs to stderr. */
  onNotificationError?: (error: unknown, event: S3Event) => void;
  /** Who may sign presigned POSTs; default the local credentials every local client uses. */
  credentials?: readonly PostCredentials[];
}

/** A POST form larger than this is refused unread (the largest attachment is 20 MiB). */
const MAX_POST_BYTES = 32 * 1024 * 1024;

/** Reads a request body; past `limit` bytes the rest is read and dropped, so the client still gets the answer. */
async function readLimited(req: Readable, limit: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? 'too_large' : Buffer.concat(chunks);
}

/**
 * Checks a browser upload (POST of a form to /{bucket}) the way S3 does before s3rver stores it:
 * the policy's signature, expiry and every condition (CONTRACT §4 "Uploads"). s3rver checks none.
 */
function postPolicyCheck(credentials: readonly PostCredentials[]): S3rverMiddleware {
  return async (ctx, next) => {
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
    const contentType = ctx.req.headers['content-type'] ?? '';
    if (ctx.method !== 'POST' || bucket === undefined || !/^multipart\/form-data/i.test(contentType)) return next();
    const answer = (refusal: PostRefusal) => {
      ctx.status = refusal.status;
      ctx.type = 'application/xml';
      ctx.body = s3ErrorXml(refusal, randomUUID());
    };
    const body = await readLimited(ctx.req, MAX_POST_BYTES);
    if (body === 'too_large') return answer({ status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' });
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return answer({ status: 400, code: 'MalformedPOSTRequest', message: 'The body of your POST request is not well-formed multipart/form-data.' });
    }
    // S3 reads the fields up to the file, and ignores what follows it.
    const fields = new Map<string, string>();
    let fileSize: number | undefined;
    for (const [name, value] of form) {
      if (name === 'file') {
        fileSize = typeof value === 'string' ? Buffer.byteLength(value) : value.size;
        break;
      }
      if (!fields.has(name) && typeof value === 'string') fields.set(name, value);
    }
    if (fileSize === undefined) return answer({ status: 400, code: 'InvalidArgument', message: 'POST requires exactly one file upload per request.' });
    const refusal = checkPostPolicy({ bucket: decodeURIComponent(bucket), fields, fileSize }, credentials, new Date());
    if (refusal) return answer(refusal);
    // s3rver reads the form again from the request: hand it the bytes already read.
    const { headers, method, url, socket } = ctx.req;
    const replay = Object.assign(Readable.from([body]), { headers, method, url, socket });
    ctx.req = replay as unknown as typeof ctx.req;
    ctx.request.req = ctx.req;
    return next();
  };
}

interface ObjectCreatedFilter {
  bucket?: string;
  /** Matched against the decoded key, like an S3 notification's prefix filter. */
  prefix?: string;
}

type S3NotificationHandler = (event: S3Event) => unknown;

export interface S3Local {
  endpoint: string;
  port: number;
  directory: string;
  server: S3rver;
  ensureBuckets(names: readonly string[]): Promise<void>;
  /** Subscribes to ObjectCreated events (one record per event, as S3 sends them); returns unsubscribe. */
  onObjectCreated(filter: ObjectCreatedFilter, handler: S3NotificationHandler): () => void;
  /** Resolves once every notification delivered so far has been handled. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** S3 delivers an asynchronous Lambda invocation, retried twice when it fails. */
const DELIVERY_ATTEMPTS = 3;
const RETRY_DELAY_MS = 200;

export function s3ClientFor(endpoint: string, region = LOCAL_REGION): S3Client {
  return new S3Client({
    endpoint,
    region,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    // s3rver stores aws-chunked bodies verbatim; checksums only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function ensureBuckets(endpoint: string, names: readonly string[]): Promise<void> {
  const client = s3ClientFor(endpoint);
  try {
    for (const name of names) {
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } catch (error) {
        if (!(error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists)) throw error;
      }
    }
  } finally {
    client.destroy();
  }
}

/** Lets a browser on any origin POST presigned uploads to the bucket, as the stateful stack lets the console's origin. */
export async function allowBrowserUploads(endpoint: string, bucket: string): Promise<void> {
  const client = s3ClientFor(endpoint);
  try {
    await client.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['POST'], AllowedHeaders: ['*'], MaxAgeSeconds: 3000 }] },
      }),
    );
  } finally {
    client.destroy();
  }
}

/**
 * Keys in S3 notifications are URL-encoded with `+` for spaces (form encoding); `/` stays as is.
 * Handlers decode them with `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
export function encodeNotificationKey(key: string): string {
  return key.split('/').map((segment) => encodeURIComponent(segment).replace(/%20/g, '+')).join('/');
}

/** s3rver's record with the real S3 format: encoded key, proper ARN, our region, event version 2.1. */
function toS3EventRecord(record: S3rverEventRecord, region: string): S3EventRecord {
  const { bucket, object } = record.s3;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: record.userIdentity,
    requestParameters: record.requestParameters,
    responseElements: {
      'x-amz-request-id': record.responseElements['x-amz-request-id'] ?? '',
      'x-amz-id-2': record.responseElements['x-amz-id-2'] ?? '',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: record.s3.configurationId,
      bucket: { name: bucket.name, ownerIdentity: bucket.ownerIdentity, arn: `arn:aws:s3:::${bucket.name}` },
      object: { key: encodeNotificationKey(object.key), size: object.size ?? 0, eTag: object.eTag ?? '', sequencer: object.sequencer },
    },
  };
}

export async function startS3Local(options: S3LocalOptions = {}): Promise<S3Local> {
  // A directory of our own (no `directory` given) holds nothing anyone keeps: removed on stop.
  const scratch = options.directory === undefined;
  const directory = scratch ? mkdtempSync(join(tmpdir(), 'cchc-s3-')) : resolve(options.directory!);
  await mkdir(directory, { recursive: true });
  const region = options.region ?? LOCAL_REGION;
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    vhostBuckets: false,
    // s3rver checks no POST policy (postPolicyCheck does), and header signatures loosely; the
    // handlers sign with the local credentials.
    allowMismatchedSignatures: true,
  });
  // In front of s3rver's router, the last of its middleware.
  server.middleware.splice(server.middleware.length - 1, 0, postPolicyCheck(options.credentials ?? [LOCAL_CREDENTIALS]));
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;

  const subscriptions = new Set<{ filter: ObjectCreatedFilter; handler: S3NotificationHandler }>();
  const inFlight = new Set<Promise<void>>();
  const onError =
    options.onNotificationError ??
    ((error: unknown, event: S3Event) =>
      console.error(JSON.stringify({ level: 'error', message: 's3 notification failed', key: event.Records[0]?.s3.object.key, error: String(error) })));

  const deliver = async (handler: S3NotificationHandler, event: S3Event): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(event);
        return;
      } catch (error) {
        if (attempt >= DELIVERY_ATTEMPTS) return onError(error, event);
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
      }
    }
  };

  server.on('event', ({ Records }) => {
    for (const raw of Records) {
      if (!raw.eventName.startsWith('ObjectCreated:')) continue;
      const record = toS3EventRecord(raw, region);
      for (const { filter, handler } of subscriptions) {
        if (filter.bucket !== undefined && filter.bucket !== raw.s3.bucket.name) continue;
        if (filter.prefix !== undefined && !raw.s3.object.key.startsWith(filter.prefix)) continue;
        // Asynchronous like S3: the uploader's request has already been answered.
        const delivery = new Promise<void>((r) => setImmediate(r)).then(() => deliver(handler, { Records: [record] }));
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      }
    }
  });

  return {
    endpoint,
    port,
    directory,
    server,
    ensureBuckets: (names) => ensureBuckets(endpoint, names),
    onObjectCreated(filter, handler) {
      const subscription = { filter, handler };
      subscriptions.add(subscription);
      return () => subscriptions.delete(subscription);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      subscriptions.clear();
      await Promise.allSettled([...inFlight]);
      await server.close();
      if (scratch) await rm(directory, { recursive: true, force: true });
    },
  };
}
