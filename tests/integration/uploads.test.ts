// Attachments end to end against real local services: DynamoDB Local and s3rver. Files go up
// through the presigned POST with fetch + FormData, then the upload-check handler gets the
// S3 event as S3 sends it. The local S3 checks the POST policy as S3 does (each tampering is tried
// below); objects put past it with the SDK stand for S3 being fooled, which the check still catches.
import { readFileSync } from 'node:fs';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { APIGatewayProxyEventV2, Context, S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from '#local/dynamodb-local.ts';
import { lambdaContext } from '#local/lambda-context.ts';
import { s3ClientFor, startS3Local, type S3Local } from '#local/s3-local.ts';
import { localAdapters } from '#local/stack.ts';
import type { Config } from '#adapters/config.ts';
import { createTable } from '#local/table.ts';
import { listCitations, uploadIdFrom, type AttachmentDocument } from '#domain/attachment.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { AGENCY_CLAIM } from '#adapters/http.ts';
import { dynamoUploadRecords } from '#adapters/uploads-dynamodb.ts';
import { makeAttachmentPdf } from '#events/samples/attachments/make-pdf.ts';
import { buildUploadCheckPorts } from '#adapters/upload-check-ports.ts';
import { SWEEP_AFTER_MINUTES, sweepIncomingUploads } from '#functions/upload-sweep/upload-sweep.ts';
import { objectCreated } from '../support/s3-event.ts';
import { docxBytes, elfBytes, pngBytes, sampleDocument, zipBombDocx } from '../unit/attachment-fixtures.ts';

const TABLE = 'uploads-test';
const BUCKET = 'uploads-test';
const AGENCY = 'SKHCN';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;
let dynamodb: DynamoDbLocal;
let s3: S3Local;
let s3Client: S3Client;
let dynamoClient: DynamoDBClient;
let uploadsHandler: Handler<APIGatewayProxyEventV2, { statusCode: number; body: string }>;
let checkHandler: Handler<S3Event, void>;
let config: Config;

beforeAll(async () => {
  [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3Local()]);
  config = { settings: { tableName: TABLE, uploadsBucket: BUCKET }, adapters: localAdapters({ dynamodb: dynamodb.endpoint, s3: s3.endpoint }) };
  dynamoClient = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await createTable(dynamoClient, TABLE);
  await s3.ensureBuckets([BUCKET]);
  s3Client = s3ClientFor(s3.endpoint);
  // The handler roots compose their clients from the configuration, as in Lambda.
  uploadsHandler = (await import('#functions/uploads/uploads.root.ts')).buildUploads(config) as never;
  checkHandler = (await import('#functions/upload-check/upload-check.root.ts')).buildUploadCheck(config) as never;
});

afterAll(async () => {
  s3Client?.destroy();
  dynamoClient?.destroy();
  await Promise.allSettled([s3?.stop(), dynamodb?.stop()]);
});

// ---- helpers ---------------------------------------------------------------------------------

function httpEvent(routeKey: string, pathParameters: Record<string, string>, body?: unknown, staffOf?: string): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ') as [string, string];
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name]!);
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters,
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    // A staff member of the agency in the path, as the Cognito ID token says.
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      authorizer: { jwt: { claims: { [AGENCY_CLAIM]: staffOf ?? pathParameters.agencyId }, scopes: [] } },
    } as never,
  };
}

async function call(routeKey: string, pathParameters: Record<string, string>, body?: unknown, staffOf?: string) {
  const result = await uploadsHandler(httpEvent(routeKey, pathParameters, body, staffOf), lambdaContext('uploads'));
  return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, any> };
}

const requestUpload = (body: unknown, agencyId = AGENCY) => call('POST /v1/agencies/{agencyId}/uploads', { agencyId }, body);
const getUpload = (uploadId: string, agencyId = AGENCY) => call('GET /v1/agencies/{agencyId}/uploads/{uploadId}', { agencyId, uploadId });
const listUploads = (periodId: string, agencyId = AGENCY) =>
  call('GET /v1/agencies/{agencyId}/periods/{periodId}/uploads', { agencyId, periodId });

/** What a browser does with the answer: every field, then the file, last, named `file`. */
async function postForm(upload: { url: string; fields: Record<string, string> }, bytes: Uint8Array, fileName: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([bytes]), fileName);
  return fetch(upload.url, { method: 'POST', body: form });
}

async function postFile(upload: { url: string; fields: Record<string, string> }, bytes: Uint8Array, fileName: string) {
  const response = await postForm(upload, bytes, fileName);
  expect(response.status, await response.text()).toBe(204);
}


const check = (key: string) => checkHandler(objectCreated(BUCKET, key), lambdaContext('upload-check'));

async function keys(prefix: string): Promise<string[]> {
  const { Contents } = await s3Client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (Contents ?? []).map((o) => o.Key!).sort();
}

async function objectBytes(key: string): Promise<Uint8Array> {
  const { Body } = await s3Client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Body!.transformToByteArray();
}

async function itemCount(): Promise<number> {
  return (await dynamoClient.send(new ScanCommand({ TableName: TABLE, Select: 'COUNT' }))).Count ?? 0;
}

/** A request for the sample document, changed by `document` (a whole document replaces it). */
const request = (fileName: string, contentType: string, size: number, document: Partial<AttachmentDocument> | AttachmentDocument = {}) => ({
  fileName,
  contentType,
  size,
  document: 'subject' in document ? document : { ...sampleDocument, ...document },
});

/** Asks, posts and checks; answers the upload as GET shows it afterwards. */
async function upload(fileName: string, contentType: string, bytes: Uint8Array, options: { declaredSize?: number; document?: Partial<AttachmentDocument>; agencyId?: string } = {}) {
  const agencyId = options.agencyId ?? AGENCY;
  const asked = await requestUpload(request(fileName, contentType, options.declaredSize ?? bytes.length, options.document), agencyId);
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  const uploadId = asked.body.uploadId as string;
  expect((await getUpload(uploadId, agencyId)).body.state).toBe('pending');
  await postFile(asked.body.upload, bytes, fileName);
  await check(`incoming/${agencyId}/${uploadId}`);
  return { uploadId, view: (await getUpload(uploadId, agencyId)).body };
}

// ---- tests -----------------------------------------------------------------------------------

describe('uploads', () => {
  const sha256 = async (bytes: Uint8Array) => Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
  let firstPdf: { uploadId: string; bytes: Uint8Array };

  it('answers a presigned POST and records the upload as pending', async () => {
    const asked = await requestUpload(request('Kế hoạch 2170.pdf', 'application/pdf', 48213));
    expect(asked.status).toBe(201);
    const { uploadId, upload, expiresAt } = asked.body;
    expect(uploadId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(upload.url).toBe(`${s3.endpoint}/${BUCKET}`);
    expect(upload.fields).toMatchObject({ key: `incoming/${AGENCY}/${uploadId}`, 'Content-Type': 'application/pdf' });
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(890_000);
    const view = (await getUpload(uploadId)).body;
    expect(view).toMatchObject({ uploadId, state: 'pending', fileName: 'Kế hoạch 2170.pdf', size: 48213, document: sampleDocument });
    expect(view).not.toHaveProperty('reason');
  });

  it('accepts a valid PDF: moved to attachments/ under its name, with its SHA-256', async () => {
    const bytes = await makeAttachmentPdf(sampleDocument);
    const { uploadId, view } = await upload('Kế hoạch 2170.pdf', 'application/pdf', bytes);
    firstPdf = { uploadId, bytes };
    expect(view).toMatchObject({ state: 'accepted', sha256: await sha256(bytes), size: bytes.length });
    expect(view).not.toHaveProperty('duplicateOf');
    expect(await keys(`incoming/${AGENCY}/${uploadId}`)).toEqual([]);
    expect(await objectBytes(`attachments/${AGENCY}/${uploadId}/Kế hoạch 2170.pdf`)).toEqual(new Uint8Array(bytes));
  });

  it('accepts a DOCX and a PNG', async () => {
    const docx = await upload('ke-hoach.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await docxBytes());
    expect(docx.view.state).toBe('accepted');
    const png = await upload('scan.png', 'image/png', pngBytes());
    expect(png.view.state).toBe('accepted');
    expect(await keys(`attachments/${AGENCY}/${png.uploadId}/`)).toEqual([`attachments/${AGENCY}/${png.uploadId}/scan.png`]);
  });

  it('quarantines an executable named .pdf, with a reason in Vietnamese', async () => {
    const { uploadId, view } = await upload('ke-hoach.pdf', 'application/pdf', elfBytes());
    expect(view).toMatchObject({ state: 'rejected', reasonCode: 'unsupported_type' });
    expect(view.reason).toContain('không phải PDF, DOCX, ODT, JPEG hay PNG');
    expect(await keys(`quarantine/${AGENCY}/${uploadId}`)).toEqual([`quarantine/${AGENCY}/${uploadId}`]);
    expect(await keys(`attachments/${AGENCY}/${uploadId}`)).toEqual([]);
    expect(await keys(`incoming/${AGENCY}/${uploadId}`)).toEqual([]);
  });

  it('rejects a file bigger than declared, should S3 be fooled into storing it', async () => {
    const bytes = new Uint8Array(5000).fill(0x25);
    const asked = await requestUpload(request('to.pdf', 'application/pdf', 100));
    const uploadId = asked.body.uploadId as string;
    await s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `incoming/${AGENCY}/${uploadId}`, Body: bytes, ContentType: 'application/pdf' }));
    await check(`incoming/${AGENCY}/${uploadId}`);
    const view = (await getUpload(uploadId)).body;
    expect(view).toMatchObject({ state: 'rejected', reasonCode: 'size_mismatch' });
    expect(view.reason).toBe('Tệp nhận được dài 5.000 byte, khác với 100 byte đã khai báo. Hãy tạo yêu cầu tải lên mới với đúng tệp cần gửi.');
    expect(await keys(`quarantine/${AGENCY}/${uploadId}`)).toHaveLength(1);
  });

  it('rejects a DOCX zip bomb', async () => {
    const { uploadId, view } = await upload('bom.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', zipBombDocx());
    expect(view).toMatchObject({ state: 'rejected', reasonCode: 'zip_bomb' });
    expect(await keys(`quarantine/${AGENCY}/${uploadId}`)).toHaveLength(1);
  });

  it('accepts content the agency already has, flagged as a duplicate of the first upload', async () => {
    const { uploadId, view } = await upload('ban-sao.pdf', 'application/pdf', firstPdf.bytes, { document: { reformArea: 'inspection' } });
    expect(view).toMatchObject({ state: 'accepted', duplicateOf: firstPdf.uploadId });
    const listed = (await listUploads('2023-H1')).body.uploads.find((u: { uploadId: string }) => u.uploadId === uploadId);
    expect(listed).toMatchObject({ duplicateOf: firstPdf.uploadId, fileName: 'ban-sao.pdf', sha256: await sha256(firstPdf.bytes) });
    // Another agency with the same file is not a duplicate.
    const other = await upload('ke-hoach.pdf', 'application/pdf', firstPdf.bytes, { agencyId: 'SNV' });
    expect(other.view.state).toBe('accepted');
    expect(other.view).not.toHaveProperty('duplicateOf');
  });

  it('changes nothing when S3 delivers an event again', async () => {
    const before = (await getUpload(firstPdf.uploadId)).body;
    const attachments = await keys(`attachments/${AGENCY}/`);
    const quarantine = await keys(`quarantine/${AGENCY}/`);
    await check(`incoming/${AGENCY}/${firstPdf.uploadId}`);
    const rejected = (await listUploads('2023-H1')).body.uploads.filter((u: { state: string }) => u.state === 'rejected');
    for (const { uploadId } of rejected) await check(`incoming/${AGENCY}/${uploadId}`);
    expect((await getUpload(firstPdf.uploadId)).body).toEqual(before);
    expect(await keys(`attachments/${AGENCY}/`)).toEqual(attachments);
    expect(await keys(`quarantine/${AGENCY}/`)).toEqual(quarantine);
  });

  it('decides once when two deliveries of the event run at the same time', async () => {
    const bytes = await makeAttachmentPdf({ ...sampleDocument, number: '1/KH-SKHCN' });
    const asked = await requestUpload(request('dong-thoi.pdf', 'application/pdf', bytes.length));
    const uploadId = asked.body.uploadId as string;
    await postFile(asked.body.upload, bytes, 'dong-thoi.pdf');
    // A delivery that finds the object gone half-way throws, and S3 retries it: the retry finds nothing to do.
    await Promise.allSettled([check(`incoming/${AGENCY}/${uploadId}`), check(`incoming/${AGENCY}/${uploadId}`)]);
    await check(`incoming/${AGENCY}/${uploadId}`);
    expect((await getUpload(uploadId)).body).toMatchObject({ state: 'accepted', sha256: await sha256(bytes) });
    expect(await keys(`attachments/${AGENCY}/${uploadId}/`)).toEqual([`attachments/${AGENCY}/${uploadId}/dong-thoi.pdf`]);
    expect(await keys(`incoming/${AGENCY}/${uploadId}`)).toEqual([]);
  });

  it('removes a second POST to an already decided key, keeping the decision', async () => {
    const { uploadId } = await upload('x.png', 'image/png', elfBytes());
    const before = (await getUpload(uploadId)).body;
    expect(before.state).toBe('rejected');
    await s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `incoming/${AGENCY}/${uploadId}`, Body: pngBytes() }));
    await check(`incoming/${AGENCY}/${uploadId}`);
    expect((await getUpload(uploadId)).body).toEqual(before);
    expect(await keys(`incoming/${AGENCY}/${uploadId}`)).toEqual([]);
    expect(await keys(`attachments/${AGENCY}/${uploadId}`)).toEqual([]);
  });

  it('quarantines an object no upload was asked for', async () => {
    const uploadId = uploadIdFrom(Date.now(), new Uint8Array(10).fill(7));
    await s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `incoming/${AGENCY}/${uploadId}`, Body: firstPdf.bytes }));
    await check(`incoming/${AGENCY}/${uploadId}`);
    expect(await keys(`quarantine/${AGENCY}/${uploadId}`)).toHaveLength(1);
    expect(await keys(`incoming/${AGENCY}/${uploadId}`)).toEqual([]);
    expect((await getUpload(uploadId)).status).toBe(404);
  });

  it.each([
    ['unknown reform area', request('a.pdf', 'application/pdf', 10, { reformArea: 'sports' as never }), 'document.reformArea'],
    ['future date', request('a.pdf', 'application/pdf', 10, { issuedOn: '2999-01-01' }), 'document.issuedOn'],
    ['zero size', request('a.pdf', 'application/pdf', 0), 'size'],
    ['path separators', request('../../attachments/SKHCN/x.pdf', 'application/pdf', 10), 'fileName'],
    ['control characters', request('a\r\n.pdf', 'application/pdf', 10), 'fileName'],
    ['long names', request(`${'a'.repeat(197)}.pdf`, 'application/pdf', 10), 'fileName'],
    ['unsupported type', request('a.exe', 'application/x-msdownload', 10), 'contentType'],
    ['bad period', request('a.pdf', 'application/pdf', 10, { periodId: '2023-H3' }), 'document.periodId'],
  ])('refuses %s with 400 naming the field, writing nothing', async (_, body, path) => {
    const items = await itemCount();
    const objects = await keys('');
    const answer = await requestUpload(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(answer.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await itemCount()).toBe(items);
    expect(await keys('')).toEqual(objects);
  });

  it("refuses staff of another agency with 403, writing nothing", async () => {
    const items = await itemCount();
    const objects = await keys('');
    const answer = await call('POST /v1/agencies/{agencyId}/uploads', { agencyId: AGENCY }, request('a.pdf', 'application/pdf', 10), 'SNV');
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    expect((await call('GET /v1/agencies/{agencyId}/uploads/{uploadId}', { agencyId: AGENCY, uploadId: firstPdf.uploadId }, undefined, 'SNV')).status).toBe(403);
    expect(await itemCount()).toBe(items);
    expect(await keys('')).toEqual(objects);
  });

  it('answers 404 for an unknown upload and 400 for a malformed id', async () => {
    expect((await getUpload('01H3ABCDEFGHJKMNPQRSTVWXYZ')).status).toBe(404);
    expect((await getUpload(firstPdf.uploadId, 'SNV')).status).toBe(404);
    expect((await getUpload('nope')).status).toBe(400);
  });

  it('the sweep checks an upload whose S3 notification was lost, once it has waited the sweep delay', async () => {
    const bytes = await makeAttachmentPdf({ ...sampleDocument, number: '15/KH-SKHCN' });
    const asked = await requestUpload(request('mat-thong-bao.pdf', 'application/pdf', bytes.length));
    const uploadId = asked.body.uploadId as string;
    await postFile(asked.body.upload, bytes, 'mat-thong-bao.pdf');
    // no check runs: the notification never came
    const ports = buildUploadCheckPorts(config);
    expect(await sweepIncomingUploads(ports)).toEqual([]);
    expect((await getUpload(uploadId)).body.state).toBe('pending');
    const later = { ...ports, now: () => new Date(Date.now() + (SWEEP_AFTER_MINUTES + 1) * 60_000) };
    expect(await sweepIncomingUploads(later)).toEqual([{ key: `incoming/${AGENCY}/${uploadId}`, outcome: 'accepted' }]);
    expect((await getUpload(uploadId)).body).toMatchObject({ state: 'accepted', sha256: await sha256(bytes) });
    expect(await keys('incoming/')).toEqual([]);
    expect(await sweepIncomingUploads(later)).toEqual([]);
  });

  it('keeps nothing in attachments/ that was not accepted', async () => {
    const records = dynamoUploadRecords(documentClient(config.adapters.aws), TABLE);
    for (const key of await keys('attachments/')) {
      const [, agencyId, uploadId] = key.split('/') as [string, string, string];
      expect((await records.get({ agencyId, uploadId }))?.state, key).toBe('accepted');
    }
  });
});

describe('the local S3 checks the presigned POST policy as S3 does, and stores nothing it refuses', () => {
  type Upload = { url: string; fields: Record<string, string> };
  const bytes = new Uint8Array(300).fill(0x25);
  let asked: { uploadId: string; upload: Upload };
  let other: string;

  beforeAll(async () => {
    const answer = await requestUpload(request('chinh-sach.pdf', 'application/pdf', bytes.length));
    asked = answer.body as typeof asked;
    other = `policy-other-${Date.now()}`;
    await s3.ensureBuckets([other]);
  });

  /** S3's XML error: its code, from a refused POST. */
  async function refusal(response: Response) {
    const text = await response.text();
    return { status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1], text };
  }

  const withFields = (changes: Record<string, string>, url = asked.upload.url): Upload => ({ url, fields: { ...asked.upload.fields, ...changes } });
  /** The policy document, changed and encoded again (the signature stays the old one). */
  const withPolicy = (change: (policy: { expiration: string; conditions: unknown[] }) => void): Upload => {
    const policy = JSON.parse(Buffer.from(asked.upload.fields.Policy!, 'base64').toString('utf8'));
    change(policy);
    return withFields({ Policy: Buffer.from(JSON.stringify(policy)).toString('base64') });
  };

  const tamperings: Array<[string, () => Upload, number, string, string?]> = [
    ['a changed key (another upload of the agency)', () => withFields({ key: `incoming/${AGENCY}/01H3Z6X1T2ABCDEFGHJKMNPQRS` }), 403, 'AccessDenied', '"$key"'],
    ["a foreign agency's prefix", () => withFields({ key: asked.upload.fields.key!.replace(`/${AGENCY}/`, '/SNV/') }), 403, 'AccessDenied', '"$key"'],
    ['another bucket', () => withFields({}, asked.upload.url.replace(`/${BUCKET}`, `/${other}`)), 403, 'AccessDenied', '"$bucket"'],
    ['another content type', () => withFields({ 'Content-Type': 'text/html' }), 403, 'AccessDenied', '"$Content-Type"'],
    ['a zeroed signature', () => withFields({ 'X-Amz-Signature': '0'.repeat(64) }), 403, 'SignatureDoesNotMatch'],
    ['no signature', () => ({ url: asked.upload.url, fields: Object.fromEntries(Object.entries(asked.upload.fields).filter(([k]) => k !== 'X-Amz-Signature')) }), 400, 'InvalidArgument'],
    ['no policy', () => ({ url: asked.upload.url, fields: Object.fromEntries(Object.entries(asked.upload.fields).filter(([k]) => k !== 'Policy')) }), 403, 'AccessDenied'],
    ['a policy widened to 20 MiB, signed for the old one', () => withPolicy((p) => p.conditions.splice(0, 1, ['content-length-range', 0, 20 * 1024 * 1024])), 403, 'SignatureDoesNotMatch'],
    ['an unknown access key', () => withFields({ 'X-Amz-Credential': asked.upload.fields['X-Amz-Credential']!.replace(/^[^/]+/, 'AKIAEXAMPLE') }), 403, 'InvalidAccessKeyId'],
    ['an extra field the policy does not name', () => withFields({ 'x-amz-meta-owner': 'SNV' }), 403, 'AccessDenied', 'Extra input fields: x-amz-meta-owner'],
  ];

  it.each(tamperings)('refuses %s', async (_, tampered, status, code, names) => {
    const before = [await keys(''), await s3Client.send(new ListObjectsV2Command({ Bucket: other })).then((l) => l.KeyCount)];
    const answer = await refusal(await postForm(tampered(), bytes, 'chinh-sach.pdf'));
    expect(answer, answer.text).toMatchObject({ status, code });
    if (names) expect(answer.text).toContain(names);
    expect([await keys(''), await s3Client.send(new ListObjectsV2Command({ Bucket: other })).then((l) => l.KeyCount)]).toEqual(before);
  });

  it('refuses a file larger or smaller than the size the upload declared (content-length-range)', async () => {
    const before = await keys('');
    expect(await refusal(await postForm(asked.upload, new Uint8Array(301), 'x.pdf'))).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    expect(await refusal(await postForm(asked.upload, new Uint8Array(299), 'x.pdf'))).toMatchObject({ status: 400, code: 'EntityTooSmall' });
    expect(await keys('')).toEqual(before);
  });

  it('refuses a policy past its expiration', async () => {
    // The handler's policy lasts 15 minutes: this one, signed the same way, lasts one second.
    const client = s3ClientFor(s3.endpoint);
    const short = await createPresignedPost(client, { Bucket: BUCKET, Key: `incoming/${AGENCY}/short`, Conditions: [['content-length-range', 300, 300]], Expires: 1 }).finally(() => client.destroy());
    await new Promise((r) => setTimeout(r, 1_500));
    const answer = await refusal(await postForm(short, bytes, 'x.pdf'));
    expect(answer).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(answer.text).toContain('Policy expired');
    expect(await keys(`incoming/${AGENCY}/short`)).toEqual([]);
  });

  it('stores the untampered form', async () => {
    expect((await postForm(asked.upload, bytes, 'chinh-sach.pdf')).status).toBe(204);
    expect(await keys(asked.upload.fields.key!)).toEqual([asked.upload.fields.key]);
  });
});

describe('citations of the seed report', () => {
  it('cites the twelve sample documents in order, each once', async () => {
    const samples = JSON.parse(readFileSync('events/samples/attachments/skhcn-2023-H1.json', 'utf8')) as {
      attachments: { fileName: string; contentType: string; document: AttachmentDocument }[];
    };
    const agencyId = 'SKHCN-SEED';
    for (const sample of samples.attachments) {
      const { view } = await upload(sample.fileName, sample.contentType, await makeAttachmentPdf(sample.document), { document: sample.document, agencyId });
      expect(view.state).toBe('accepted');
      expect(view).not.toHaveProperty('duplicateOf');
    }
    const citations = await listCitations(dynamoUploadRecords(documentClient(config.adapters.aws), TABLE), agencyId, '2023-H1');
    expect(citations).toHaveLength(12);
    expect(citations.map((c) => `${c.issuedOn} ${c.number} ${c.sectionKey}`).slice(0, 4)).toEqual([
      '2022-12-30 2170/KH-SKHCN direction',
      '2023-02-03 117/KH-SKHCN institutions',
      '2023-02-10 161/KH-SKHCN institutions',
      '2023-02-28 267/KH-SKHCN institutions',
    ]);
    const twin = citations.filter((c) => c.number === '268/KH-SKHCN');
    expect(twin.map((c) => c.sectionKey).sort()).toEqual(['institutions', 'procedures']);
    expect(twin.find((c) => c.sectionKey === 'procedures')).not.toHaveProperty('issuer');
    expect(citations[0]).toEqual({
      sectionKey: 'direction',
      kind: 'KH',
      number: '2170/KH-SKHCN',
      issuedOn: '2022-12-30',
      issuer: 'Giám đốc Sở Khoa học và Công nghệ',
      subject: 'Kế hoạch cải cách hành chính năm 2023',
    });
  });
});
