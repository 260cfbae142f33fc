// Every route of the HTTP API (functions/api-routes.ts) against hostile input, through the local
// HTTP API over the same handlers, DynamoDB Local and s3rver: each answers 4xx in the error shape
// of CONTRACT §4 naming the field, never 5xx, and nothing is stored, queued or uploaded. Then the
// events' bounds end to end: refused all-or-nothing, or accepted and counted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRoutes } from '../../infra/local/app.ts';
import { startHttpApi, type HttpApi } from '../../infra/local/http.ts';
import type { LocalQueue } from '../../infra/local/queue.ts';
import { API_ROUTES, routeKey, type ApiRouteKey as RouteKey } from '#functions/api-routes.ts';
import { sign } from '#adapters/request-signature.ts';
import { LOCAL_DEFAULTS } from '#local/stack.ts';
import { dynamoClient, freshBucket, freshTable, s3Client, localSetup } from '../setup/services.ts';
import { sampleDocument } from '../unit/attachment-fixtures.ts';

const SECRET = 'hostile-secret';
const TOKEN = 'hostile-token';
let table: Awaited<ReturnType<typeof freshTable>>;
let buckets: string[];
let restoreEnv: () => void;
let api: HttpApi;
let queue: LocalQueue;
let dynamo: DynamoDBClient;
let s3: S3Client;

beforeAll(async () => {
  table = await freshTable('hostile');
  buckets = [await freshBucket('hostile-reports'), await freshBucket('hostile-uploads')];
  const setup = localSetup({ TABLE_NAME: table.tableName, STAFF_DEV_TOKEN: TOKEN, REPORTS_BUCKET: buckets[0]!, UPLOADS_BUCKET: buckets[1]!, MAIL_FROM: 'bao-cao@example.vn' });
  const config = setup.config;
  restoreEnv = setup.restore;
  dynamo = dynamoClient();
  s3 = s3Client();
  const local = localRoutes(config, SECRET);
  queue = local.queue;
  api = await startHttpApi({ routes: local.routes, staffToken: TOKEN });
});

afterAll(async () => {
  await api?.stop();
  queue?.stop();
  dynamo?.destroy();
  s3?.destroy();
  restoreEnv?.();
  await table?.drop();
});

// ---- what "nothing changed" means ---------------------------------------------------------------

interface Footprint {
  items: number;
  objects: number;
}

async function footprint(): Promise<Footprint> {
  const { Count } = await dynamo.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }));
  const listed = await Promise.all(buckets.map((Bucket) => s3.send(new ListObjectsV2Command({ Bucket }))));
  return { items: Count ?? 0, objects: listed.reduce((n, l) => n + (l.KeyCount ?? 0), 0) };
}

async function expectNothingChanged(before: Footprint) {
  expect(await footprint()).toEqual(before);
  expect(queue.size).toBe(0);
  expect(queue.deadLetters).toEqual([]);
}

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path: string; message: string }> };
}

/** A 4xx in the CONTRACT §4 shape whose details name `path` (a field path, or a pattern for long ones). */
async function expectRefusal(response: Response, path: string | RegExp, status?: number): Promise<ErrorBody> {
  const text = await response.text();
  expect(response.status, text).toBeGreaterThanOrEqual(400);
  expect(response.status, text).toBeLessThan(500);
  if (status !== undefined) expect(response.status, text).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = JSON.parse(text) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
  expect(body.error.details.length).toBeGreaterThan(0);
  for (const detail of body.error.details) expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
  const paths = body.error.details.map((d) => d.path);
  if (typeof path === 'string') expect(paths, text).toContain(path);
  else expect(paths.some((p) => path.test(p)), text).toBe(true);
  return body;
}

// ---- requests ---------------------------------------------------------------------------------------

/** Valid path parameters, as they go on the wire (percent-encoded). */
const VALID_PARAMS: Record<string, string> = { agencyId: 'SKHCN', periodId: '2023-H1', sectionKey: 'direction', uploadId: '01H3Z6X1T2ABCDEFGHJKMNPQRS', version: '1', recipient: '1' };

function urlOf(routePath: string, params: Record<string, string> = {}): string {
  return routePath.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? VALID_PARAMS[name]!);
}

interface Hostile {
  name: string;
  params?: Record<string, string>;
  /** raw body text (or bytes with their content type) */
  body?: string | { bytes: Uint8Array; contentType: string };
  headers?: Record<string, string>;
  /** the query string, as sent on the wire */
  query?: string;
  /** the field the refusal must name */
  path: string | RegExp;
  status?: number;
}

/** The signature headers of POST /v1/events for a body, signed now. */
function signed(body: string): Record<string, string> {
  return signedWith(SECRET, body);
}

/** Signed with the exchange's status secret of local mode (POST /v1/exchange/statuses), or another. */
function signedWith(secret: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'x-timestamp': timestamp, 'x-signature': sign(secret, timestamp, body) };
}

function send(route: RouteKey, hostile: Hostile): Promise<Response> {
  const [method, routePath] = route.split(' ') as [string, string];
  const headers: Record<string, string> = {};
  let body: string | Uint8Array | undefined;
  if (typeof hostile.body === 'object') {
    body = hostile.body.bytes;
    headers['content-type'] = hostile.body.contentType;
  } else if (hostile.body !== undefined) {
    body = hostile.body;
    headers['content-type'] = 'application/json';
  }
  if (routePath === '/v1/events' || routePath === '/v1/exchange/statuses') {
    const text = typeof body === 'string' ? body : Buffer.from(body ?? []).toString('utf8');
    Object.assign(headers, routePath === '/v1/events' ? signed(text) : signedWith(LOCAL_DEFAULTS.exchangeStatusSecret, text));
  } else {
    headers.authorization = `Bearer ${TOKEN}`;
  }
  return fetch(`${api.url}${urlOf(routePath, hostile.params)}${hostile.query ? `?${hostile.query}` : ''}`, { method, headers: { ...headers, ...hostile.headers }, body });
}

// ---- the table of hostile input -----------------------------------------------------------------

const BAD_UTF8 = '%E0%A4%A'; // a truncated three-byte sequence
const LONE_SURROGATE = '%ED%A0%80'; // U+D800 in UTF-8 form, which UTF-8 forbids

/** Hostile values of each path parameter, as sent on the wire. */
const BAD_PARAMS: Record<string, string[]> = {
  agencyId: [BAD_UTF8, LONE_SURROGATE, '%', 'A'.repeat(3000), 'SK%00HCN', '%2F..%2Fetc', 'S%E1%BB%9E', '%F0%9F%98%80', '__proto__%20'],
  periodId: ['9999-FY', '0001-Q1', '0000-M01', '1999-M12', '2101-M01', '2023-Q5', BAD_UTF8, '2'.repeat(3000), '2023-H1%0A', '%EF%BF%BE'],
  sectionKey: ['sports', '%ZZ', 'direction%00', '__proto__', 'constructor', 'x'.repeat(3000)],
  uploadId: ['x', BAD_UTF8, '0'.repeat(3000), '..%2F..%2Fetc', '01H3Z6X1T2ABCDEFGHJKMNPQRI'],
  version: ['0', '-1', '1.5', '1e3', '01', '10000', '9'.repeat(400), BAD_UTF8, 'latest', '1%00'],
  recipient: ['0', '-1', '100', '01', 'x', BAD_UTF8, '1%00'],
};

function pathCases(routePath: string): Hostile[] {
  return [...routePath.matchAll(/\{(\w+)\}/g)].flatMap(([, name]) =>
    BAD_PARAMS[name!]!.map((value) => ({ name: `path ${name} = ${value.length > 40 ? `${value.slice(0, 12)}…(${value.length})` : value}`, params: { [name!]: value }, path: `path.${name}` })),
  );
}

/** `{"x":{"x":…1…}}`, `levels` objects deep. */
const nested = (levels: number) => `${'{"x":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** A valid body with one more field, x, holding 10,000 levels. */
const withDeepField = (body: object) => `${JSON.stringify(body).slice(0, -1)},"x":${nested(10_000)}}`;

function jsonCases(valid: object, options: { required: boolean }): Hostile[] {
  return [
    { name: 'not JSON', body: 'not json', path: '(body)' },
    { name: 'truncated JSON', body: JSON.stringify(valid).slice(0, -3), path: '(body)' },
    { name: 'JSON with a binary content type', body: { bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]), contentType: 'application/pdf' }, path: '(body)' },
    { name: 'a JSON array', body: '[]', path: '(body)' },
    { name: 'a JSON string', body: '"text"', path: '(body)' },
    { name: 'JSON null', body: 'null', path: '(body)' },
    { name: 'a field nested 10,000 levels deep', body: withDeepField(valid), path: /^x(\.x)+$/ },
    { name: 'an array nested 10,000 levels deep', body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, path: /^\[0\](\[0\])+$/ },
    ...(options.required ? [{ name: 'no body', path: '(body)' }] : []),
  ];
}

const json = (value: unknown) => JSON.stringify(value);

const receivedEvent = (id: string, agencyId = 'SKHCN', extra: { occurredAt?: string; data?: Record<string, unknown> } = {}) => ({
  id,
  type: 'dossier.received',
  occurredAt: extra.occurredAt ?? '2023-03-01T08:30:00+07:00',
  agencyId,
  data: { dossierId: `D-${id}`, procedureCode: '1.004503', channel: 'online', dueAt: '2023-03-10T17:00:00+07:00', ...extra.data },
});
const eventsBody = { events: [receivedEvent('ok')] };

const profile = JSON.parse(readFileSync(new URL('../../events/samples/skhcn-profile.json', import.meta.url), 'utf8')) as Record<string, any>;
const section = { paragraphs: ['Một', 'Hai', 'Ba', 'Bốn'] };
/** A route that takes no options refuses any: this one stands for "a body" in the JSON cases. */
const NO_OPTIONS = { option: true };
const returnBody = { comment: 'Bổ sung số liệu mục II.2' };
const issueBody = { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' };
const uploadBody = {
  fileName: 'ke-hoach-2170.pdf',
  contentType: 'application/pdf',
  size: 48213,
  document: sampleDocument,
};

/** Text the report font cannot print left to right: the PDF showed "١٠١٥/BC-SKHCN" as "NCHKS-CB/□□□□". */
const UNPRINTABLE: Array<[string, string]> = [
  ['Arabic-Indic digits', '١٠١٥'],
  ['Devanagari digits', '१०१५'],
  ['Arabic text', 'محمد'],
  ['Hebrew text', 'שלום'],
  ['a right-to-left mark', '\u200F'],
  ['a CJK character', '漢'],
  ['an emoji', '😀'],
];

/** A document-bound field holding each of UNPRINTABLE, as `put` writes it into a valid body. */
const unprintable = (field: string, put: (bad: string) => unknown): Hostile[] =>
  UNPRINTABLE.map(([what, bad]) => ({ name: `${what} in ${field}`, body: json(put(bad)), path: field }));

const PROFILE_TEXT: Array<[string, (bad: string) => unknown]> = [
  ['parentBody', (bad) => ({ ...profile, parentBody: `UBND ${bad}` })],
  ['agencyName', (bad) => ({ ...profile, agencyName: `Sở ${bad}` })],
  ['shortName', (bad) => ({ ...profile, shortName: bad })],
  ['symbol', (bad) => ({ ...profile, symbol: `SK${bad}` })],
  ['place', (bad) => ({ ...profile, place: `Quảng ${bad}` })],
  ['signer.authority', (bad) => ({ ...profile, signer: { ...profile.signer, authority: `KT. ${bad}` } })],
  ['signer.title', (bad) => ({ ...profile, signer: { ...profile.signer, title: bad } })],
  ['signer.name', (bad) => ({ ...profile, signer: { ...profile.signer, name: `Nguyễn ${bad}` } })],
  ['recipients[0].line', (bad) => ({ ...profile, recipients: [{ line: `UBND tỉnh ${bad}`, emails: [] }] })],
  ['archive', (bad) => ({ ...profile, archive: `VT, ${bad}` })],
  ['basis', (bad) => ({ ...profile, basis: `Thực hiện ${bad}` })],
];

const HOSTILE: Record<RouteKey, Hostile[]> = {
  'POST /v1/events': [
    ...jsonCases(eventsBody, { required: true }),
    { name: 'wrong types', body: json({ events: [receivedEvent('a', 'SKHCN', { data: { channel: 42 } })] }), path: 'events[0].data.channel' },
    { name: 'events not an array', body: json({ events: 'all' }), path: 'events' },
    { name: 'occurredAt in local year 10000', body: json({ events: [receivedEvent('a', 'SKHCN', { occurredAt: '9999-12-31T20:00:00Z' })] }), path: 'events[0].occurredAt' },
    { name: 'dueAt before 2000 locally', body: json({ events: [receivedEvent('a', 'SKHCN', { data: { dueAt: '1999-12-31T16:59:59Z' } })] }), path: 'events[0].data.dueAt' },
    { name: 'an event nested deep in data', body: `{"events":[${withDeepField(receivedEvent('a'))}]}`, path: /^events\[0\]\.x(\.x)+$/ },
    { name: 'a lone surrogate in an id', body: '{"events":[{"id":"\\ud800"}]}', path: /^events\[0\]/ },
    { name: 'no signature', headers: { 'x-signature': '' }, body: json(eventsBody), path: 'headers.X-Signature', status: 401 },
    { name: 'a timestamp that is not unix seconds', headers: { 'x-timestamp': '1e9' }, body: json(eventsBody), path: 'headers.X-Timestamp', status: 401 },
  ],
  'GET /v1/agencies/{agencyId}/periods/{periodId}/summary': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/summary'),
    { name: 'by a word it does not know', query: 'by=fish', path: 'query.by' },
  ],
  'PUT /v1/agencies/{agencyId}': [
    ...pathCases('/v1/agencies/{agencyId}').map((c) => ({ ...c, body: json(profile) })),
    ...jsonCases(profile, { required: true }),
    { name: 'recipients not an array', body: json({ ...profile, recipients: 'everyone' }), path: 'recipients' },
    { name: 'signer a string', body: json({ ...profile, signer: 'Nguyễn Văn A' }), path: 'signer' },
    { name: 'U+FFFE in the basis', body: json({ ...profile, basis: 'Thực hiện \uFFFE Công văn' }), path: 'basis' },
    { name: 'a lone surrogate in the agency name', body: json({ ...profile, agencyName: 'Sở \uD800 KH' }), path: 'agencyName' },
    { name: 'U+0001 in a recipient line', body: json({ ...profile, recipients: [{ line: 'UBND \u0001 tỉnh', emails: [] }] }), path: 'recipients[0].line' },
    { name: 'a line break in the signer name', body: json({ ...profile, signer: { ...profile.signer, name: 'Nguyễn\nVăn A' } }), path: 'signer.name' },
    ...PROFILE_TEXT.flatMap(([field, put]) => unprintable(field, put)),
  ],
  'GET /v1/agencies/{agencyId}': pathCases('/v1/agencies/{agencyId}'),
  'GET /v1/agencies/{agencyId}/events/parked': pathCases('/v1/agencies/{agencyId}/events/parked'),
  'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}').map((c) => ({ ...c, body: json(section) })),
    ...jsonCases(section, { required: true }),
    { name: 'paragraphs a string', body: json({ paragraphs: 'Một đoạn' }), path: 'paragraphs' },
    { name: 'a paragraph a number', body: json({ paragraphs: ['Một', 2] }), path: 'paragraphs[1]' },
    { name: 'U+FFFF in paragraph 3', body: json({ paragraphs: ['Một', 'Hai', 'Ba', 'Bốn \uFFFF năm'] }), path: 'paragraphs[3]' },
    { name: 'U+000B in paragraph 3', body: json({ paragraphs: ['Một', 'Hai', 'Ba', 'Bốn \u000B năm'] }), path: 'paragraphs[3]' },
    { name: 'a lone low surrogate in paragraph 0', body: json({ paragraphs: ['x \uDC00 y'] }), path: 'paragraphs[0]' },
    ...unprintable('paragraphs[1]', (bad) => ({ paragraphs: ['Một', `Hai ${bad} ba`] })),
  ],
  'GET /v1/agencies/{agencyId}/periods/{periodId}/sections': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/sections'),
    { name: 'from not a period id', query: 'from=2023-H3', path: 'query.from' },
    { name: 'from badly percent-encoded', query: `from=${BAD_UTF8}`, path: 'query.from' },
    { name: 'from the period itself', query: 'from=2023-H1', path: 'query.from' },
    { name: 'from a later period', query: 'from=2024-H1', path: 'query.from' },
  ],
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports').map((c) => ({ ...c, body: json({}) })),
    ...jsonCases(NO_OPTIONS, { required: false }),
    { name: 'the dropped deliver option', body: json({ deliver: false }), path: '(body)' },
  ],
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/deliveries/{recipient}/resend': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/deliveries/{recipient}/resend').map((c) => ({ ...c, body: json({}) })),
    ...jsonCases(NO_OPTIONS, { required: false }),
  ],
  'GET /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/indicators.json': pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/indicators.json'),
  'POST /v1/exchange/statuses': [
    { name: 'not XML', body: 'not xml', path: /./ },
    { name: 'an envelope without its status', body: '<edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLHeader/></edXMLEnvelope>', path: /Status/ },
    { name: 'no signature', headers: { 'x-signature': '' }, body: 'x', path: 'headers.X-Signature', status: 401 },
    { name: 'signed with the events secret', headers: signed('x'), body: 'x', path: 'headers.X-Signature', status: 401 },
  ],
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/submit': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/submit').map((c) => ({ ...c, body: json({}) })),
    ...jsonCases(NO_OPTIONS, { required: false }),
    { name: 'an unknown option', body: json({ to: 'leader' }), path: '(body)' },
  ],
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return').map((c) => ({ ...c, body: json(returnBody) })),
    ...jsonCases(returnBody, { required: true }),
    { name: 'no comment', body: json({}), path: 'comment' },
    { name: 'an empty comment', body: json({ comment: '  ' }), path: 'comment' },
    { name: 'U+0001 in the comment', body: json({ comment: 'Bổ \u0001 sung' }), path: 'comment' },
    { name: 'a comment over 2 000 characters', body: json({ comment: 'x'.repeat(2_001) }), path: 'comment' },
  ],
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/sign': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/sign').map((c) => ({ ...c, body: json({}) })),
    ...jsonCases(NO_OPTIONS, { required: false }),
    { name: 'a signer name typed in', body: json({ signerName: 'Nguyễn Văn A' }), path: '(body)' },
  ],
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue': [
    ...pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue').map((c) => ({ ...c, body: json(issueBody) })),
    ...jsonCases(issueBody, { required: true }),
    { name: 'no number', body: json({ ...issueBody, number: undefined }), path: 'number' },
    { name: 'a number without its symbol', body: json({ ...issueBody, number: '1015' }), path: 'number' },
    { name: 'a number with a line break', body: json({ ...issueBody, number: '1015/BC-\nSKHCN' }), path: 'number' },
    // The name under the signature is the signing leader's own: it is never typed in.
    { name: 'a signer name typed in', body: json({ ...issueBody, signerName: 'Nguyễn Văn A' }), path: '(body)' },
    { name: 'issuedOn 30/02', body: json({ ...issueBody, issuedOn: '2023-02-30' }), path: 'issuedOn' },
    { name: 'issuedOn in the year 2100', body: json({ ...issueBody, issuedOn: '2100-01-01' }), path: 'issuedOn' },
    { name: 'issuedOn in Vietnamese form', body: json({ ...issueBody, issuedOn: '15/06/2023' }), path: 'issuedOn' },
    { name: 'a number in small letters', body: json({ ...issueBody, number: '1015/bc-skhcn' }), path: 'number' },
    ...unprintable('number', (bad) => ({ ...issueBody, number: `${bad}/BC-SKHCN` })),
  ],
  'GET /v1/agencies/{agencyId}/periods/{periodId}/reports': pathCases('/v1/agencies/{agencyId}/periods/{periodId}/reports'),
  'POST /v1/agencies/{agencyId}/uploads': [
    ...pathCases('/v1/agencies/{agencyId}/uploads').map((c) => ({ ...c, body: json(uploadBody) })),
    ...jsonCases(uploadBody, { required: true }),
    { name: 'size a string', body: json({ ...uploadBody, size: 'big' }), path: 'size' },
    { name: 'document an array', body: json({ ...uploadBody, document: [] }), path: 'document' },
    { name: 'a right-to-left override in the file name', body: json({ ...uploadBody, fileName: 'bao-cao\u202Excod.pdf' }), path: 'fileName' },
    { name: 'a zero-width space in the file name', body: json({ ...uploadBody, fileName: 'ke\u200Bhoach.pdf' }), path: 'fileName' },
    { name: 'a BOM in the file name', body: json({ ...uploadBody, fileName: 'ke\uFEFFhoach.pdf' }), path: 'fileName' },
    { name: 'U+0001 in the subject', body: json({ ...uploadBody, document: { ...uploadBody.document, subject: 'Kế \u0001 hoạch' } }), path: 'document.subject' },
    { name: 'U+FFFE in the issuer', body: json({ ...uploadBody, document: { ...uploadBody.document, issuer: 'Giám \uFFFE đốc' } }), path: 'document.issuer' },
    { name: 'a period of the year 9999', body: json({ ...uploadBody, document: { ...uploadBody.document, periodId: '9999-FY' } }), path: 'document.periodId' },
    { name: 'a period of the year 0', body: json({ ...uploadBody, document: { ...uploadBody.document, periodId: '0000-M01' } }), path: 'document.periodId' },
    ...unprintable('document.number', (bad) => ({ ...uploadBody, document: { ...uploadBody.document, number: `${bad}/KH-SKHCN` } })),
    ...unprintable('document.issuer', (bad) => ({ ...uploadBody, document: { ...uploadBody.document, issuer: `Giám đốc ${bad}` } })),
    ...unprintable('document.subject', (bad) => ({ ...uploadBody, document: { ...uploadBody.document, subject: `Kế hoạch ${bad}` } })),
    { name: 'a document and an image at once', body: json({ ...uploadBody, image: { kind: 'seal-image' } }), path: 'document' },
    { name: 'a seal image that is a PDF', body: json({ ...uploadBody, document: undefined, image: { kind: 'seal-image' } }), path: 'contentType' },
    { name: 'an image of a kind it does not know', body: json({ ...uploadBody, contentType: 'image/png', fileName: 'x.png', document: undefined, image: { kind: 'logo' } }), path: 'image.kind' },
  ],
  'GET /v1/agencies/{agencyId}/uploads/{uploadId}': pathCases('/v1/agencies/{agencyId}/uploads/{uploadId}'),
  'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads': pathCases('/v1/agencies/{agencyId}/periods/{periodId}/uploads'),
  // No path parameter, no body, no query: nothing to refuse (see "a route that takes no input" below).
  'GET /v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx': pathCases('/v1/agencies/{agencyId}/periods/{periodId}/form06.xlsx'),
  'GET /v1/periods/{periodId}/summary': pathCases('/v1/periods/{periodId}/summary'),
  'GET /v1/periods/{periodId}/submissions': pathCases('/v1/periods/{periodId}/submissions'),
  'GET /v1/periods/{periodId}/excerpts': [
    ...pathCases('/v1/periods/{periodId}/excerpts').map((c) => ({ ...c, query: 'section=direction' })),
    { name: 'no section', path: 'query.section' },
    { name: 'a section it does not know', query: 'section=summary', path: 'query.section' },
    { name: 'section badly percent-encoded', query: `section=${BAD_UTF8}`, path: 'query.section' },
  ],
  'GET /v1/periods/{periodId}/form06.xlsx': pathCases('/v1/periods/{periodId}/form06.xlsx'),
  'GET /v1/openapi.json': [],
};

/** A GET without path parameters reads nothing from the request, so it has no hostile cases. */
const takesInput = (route: (typeof API_ROUTES)[number]) => route.method !== 'GET' || route.path.includes('{');

const CASES = Object.entries(HOSTILE).flatMap(([route, cases]) => cases.map((hostile) => [`${route} · ${hostile.name}`, route as RouteKey, hostile] as const));

describe('every route refuses hostile input with 4xx, naming the field, and changes nothing', () => {
  it('has hostile cases for every route of the API', () => {
    expect(Object.keys(HOSTILE).sort()).toEqual(API_ROUTES.map(routeKey).sort());
    for (const route of API_ROUTES.filter(takesInput)) expect(HOSTILE[routeKey(route)].length, routeKey(route)).toBeGreaterThan(0);
  });

  it('a route that takes no input ignores a hostile query and headers, and changes nothing', async () => {
    const before = await footprint();
    for (const route of API_ROUTES.filter((r) => !takesInput(r))) {
      const response = await fetch(`${api.url}${route.path}?x=${BAD_UTF8}&${'a'.repeat(3000)}=%00`, { headers: { 'x-timestamp': 'x', authorization: 'Bearer nonsense' } });
      expect(response.status, routeKey(route)).toBe(200);
      await response.arrayBuffer();
    }
    await expectNothingChanged(before);
  });

  it.each(CASES)('%s', async (_, route, hostile) => {
    const before = await footprint();
    await expectRefusal(await send(route, hostile), hostile.path, hostile.status);
    await expectNothingChanged(before);
  });
});

// ---- events: refused all-or-nothing, or accepted and counted ------------------------------------

const postBody = (body: string) => fetch(`${api.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body });

async function summary(agencyId: string, periodId: string) {
  const response = await fetch(`${api.url}/v1/agencies/${agencyId}/periods/${periodId}/summary`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { period: { from: string; to: string }; dossiers: { received: { online: number; total: number }; resolved: { total: number }; pending: { total: number; withinDeadline: number; overdue: number } } };
}

const resolvedEvent = (id: string, dossierOf: string, agencyId: string, occurredAt: string) => ({ id, type: 'dossier.resolved', occurredAt, agencyId, data: { dossierId: `D-${dossierOf}` } });
const rescheduledEvent = (id: string, dossierOf: string, agencyId: string, dueAt: string) => ({
  id,
  type: 'dossier.rescheduled',
  occurredAt: '2023-03-02T08:00:00+07:00',
  agencyId,
  data: { dossierId: `D-${dossierOf}`, dueAt },
});

describe('events outside the bounds, or nested too deep, are refused with every event of their request', () => {
  // The bystander: a valid event of another agency, first in the request; it must not count.
  const bystander = (n: number) => receivedEvent(`bystander-${n}`, 'BYSTANDER');
  const refused: Array<[string, unknown, string | RegExp]> = [
    ['occurredAt 9999-12-31T20:00:00Z (local year 10000)', receivedEvent('r1', 'EDGE', { occurredAt: '9999-12-31T20:00:00Z' }), 'events[1].occurredAt'],
    ['occurredAt 0999-06-01T00:00:00Z', receivedEvent('r2', 'EDGE', { occurredAt: '0999-06-01T00:00:00Z' }), 'events[1].occurredAt'],
    ['occurredAt 2099-12-31T17:00:00Z (local 2100-01-01)', receivedEvent('r3', 'EDGE', { occurredAt: '2099-12-31T17:00:00Z' }), 'events[1].occurredAt'],
    ['occurredAt 1999-12-31T16:59:59Z (local 1999-12-31)', receivedEvent('r4', 'EDGE', { occurredAt: '1999-12-31T16:59:59Z' }), 'events[1].occurredAt'],
    ['a received dueAt of 2099-12-31T17:00:00Z', receivedEvent('r5', 'EDGE', { data: { dueAt: '2099-12-31T17:00:00Z' } }), 'events[1].data.dueAt'],
    ['a rescheduled dueAt of 0001-01-01T00:00:00Z', rescheduledEvent('r6', 'x', 'EDGE', '0001-01-01T00:00:00Z'), 'events[1].data.dueAt'],
  ];

  it.each(refused)('%s', async (_, bad, path) => {
    const before = await footprint();
    await expectRefusal(await postBody(json({ events: [bystander(1), bad] })), path, 400);
    await expectNothingChanged(before);
    expect((await summary('BYSTANDER', '2023-Q1')).dossiers.received.total).toBe(0);
  });

  it('a valid event carrying a data field 10,000 levels deep', async () => {
    const before = await footprint();
    const { data, ...envelope } = receivedEvent('deep', 'EDGE');
    const body = `{"events":[${json(bystander(2))},${json(envelope).slice(0, -1)},"data":${withDeepField(data)}}]}`;
    await expectRefusal(await postBody(body), /^events\[1\]\.data\.x(\.x)+$/, 400);
    await expectNothingChanged(before);
    expect((await summary('BYSTANDER', '2023-Q1')).dossiers.received.total).toBe(0);
  });
});

describe('events inside the bounds are accepted and counted', () => {
  it('counts a dossier received at the first local instant, 2000-01-01 00:00, and resolved the same day', async () => {
    const events = [
      receivedEvent('first', 'FIRST', { occurredAt: '1999-12-31T17:00:00Z', data: { dueAt: '2000-01-10T17:00:00+07:00' } }),
      resolvedEvent('first-resolved', 'first', 'FIRST', '2000-01-01T10:00:00+07:00'),
    ];
    const response = await postBody(json({ events }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2 });
    const figures = await summary('FIRST', '2000-M01');
    expect(figures.period).toEqual({ id: '2000-M01', from: '1999-12-15', to: '2000-01-14' });
    expect(figures.dossiers.received).toMatchObject({ total: 1, online: 1 });
    expect(figures.dossiers.resolved.total).toBe(1);
  });

  it('counts a dossier received at the last local instant, 2099-12-31 23:59:59, in report month 2100-M01', async () => {
    const events = [receivedEvent('last', 'LAST', { occurredAt: '2099-12-31T16:59:59Z', data: { dueAt: '2099-12-31T16:59:59Z' } })];
    expect((await postBody(json({ events }))).status).toBe(202);
    for (const period of ['2100-M01', '2100-Q1', '2100-H1', '2100-FY']) {
      const figures = await summary('LAST', period);
      expect(figures.period.from, period).toBe('2099-12-15');
      expect(figures.dossiers.received, period).toMatchObject({ total: 1, online: 1 });
      expect(figures.dossiers.pending.total, period).toBe(1);
    }
    expect((await summary('LAST', '2099-FY')).dossiers.received.total).toBe(0);
  });

  it('counts what once broke a transaction — a due date ten years off, a closing in 2040, a due date in 2099, a 512-character field code — and the bystander of another agency', async () => {
    const longField = 'ệ'.repeat(512);
    const events = [
      receivedEvent('typo', 'SPAN', { data: { dueAt: '2033-03-10T17:00:00+07:00' } }),
      receivedEvent('late', 'SPAN'),
      resolvedEvent('late-resolved', 'late', 'SPAN', '2040-01-02T08:00:00+07:00'),
      receivedEvent('far', 'SPAN', { data: { dueAt: '2099-12-31T16:00:00+07:00' } }),
      receivedEvent('field', 'SPAN', { data: { fieldCode: longField, fieldName: 'Lĩnh vực' } }),
      receivedEvent('bystander', 'BYSTANDER'),
    ];
    const response = await postBody(json({ events }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 6 });
    expect((await summary('SPAN', '2023-H1')).dossiers.received).toMatchObject({ total: 4, online: 4 });
    expect((await summary('SPAN', '2039-FY')).dossiers.pending).toEqual({ total: 4, withinDeadline: 1, overdue: 3 });
    expect((await summary('SPAN', '2040-M01')).dossiers.resolved).toMatchObject({ total: 1, late: 1 });
    expect((await summary('SPAN', '2099-FY')).dossiers.pending).toEqual({ total: 3, withinDeadline: 1, overdue: 2 });
    expect((await summary('BYSTANDER', '2023-H1')).dossiers.received.total).toBe(1);
    expect(queue.deadLetters).toEqual([]);
  });

  it('counts every event of a request that is all valid, across agencies and with extra data', async () => {
    const events = [
      receivedEvent('all-1', 'ALL-A', { data: { note: { kept: { but: ['ignored'] } } } }),
      receivedEvent('all-2', 'ALL-B', { data: { dueAt: '2023-03-31T23:59:59+07:00' } }),
      rescheduledEvent('all-3', 'all-1', 'ALL-A', '2023-04-30T17:00:00+07:00'),
      receivedEvent('all-4', 'ALL-B', { occurredAt: '2023-03-14T23:59:59+07:00' }),
    ];
    const response = await postBody(json({ events }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 4 });
    const a = await summary('ALL-A', '2023-Q1');
    expect(a.dossiers.received).toMatchObject({ total: 1, online: 1 });
    expect(a.dossiers.pending).toEqual({ total: 1, withinDeadline: 1, overdue: 0 }); // rescheduled past 14/3
    expect((await summary('ALL-B', '2023-Q1')).dossiers.received).toMatchObject({ total: 2, online: 2 });
    expect(queue.deadLetters).toEqual([]);
  });
});

describe('the local console origin', () => {
  let site: HttpApi;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostile-console-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Bảng điều khiển</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    site = await startHttpApi({ routes: [], staffToken: TOKEN, console: { dir, headers: {} } });
  });
  afterAll(async () => {
    await site?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/%ZZ', '/%', `/${BAD_UTF8}.js`, `/app${LONE_SURROGATE}.js`])('refuses %s, not percent-encoded UTF-8, with a 400', async (path) => {
    await expectRefusal(await fetch(`${site.url}${path}`), '(path)', 400);
  });

  it.each(['/..%2F..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd.js', '/app.js%00', '/%00.js', `/${'a'.repeat(5000)}.js`, '/%C0%AE%C0%AE/x.js'])('answers %s without a 5xx and without leaving the console folder', async (path) => {
    const response = await fetch(`${site.url}${path}`);
    const text = await response.text();
    expect(response.status, text).toBeLessThan(500);
    expect(text).not.toContain('root:');
  });
});
