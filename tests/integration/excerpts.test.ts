// The province's own report through the local HTTP API (CONTRACT §8), over DynamoDB Local, an
// s3rver of this file's own (its notifications reach the upload check, so SKHCN's signing images
// are accepted and its report can be signed and issued) and an SMTP sink: the excerpts route offers
// the paragraphs of an issued report as issued and never a draft's; only UBND tỉnh's staff (Sở Nội
// vụ's officers) edit the province's report; an excerpt lands in the province's draft with its
// citation; the submissions board does not wait for the province itself. Nothing is mocked.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citedExcerpt, type Excerpt } from '#domain/excerpts.ts';
import type { AgencyProfileInput } from '#domain/profile.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import type { Submission } from '#domain/rollup.ts';
import { startHttpApi, type HttpApi } from '#local/http.ts';
import type { LocalQueue } from '#local/queue.ts';
import { startS3Local, type S3Local } from '#local/s3-local.ts';
import { SAMPLE_PROVINCE_ID, withSigningImages } from '#local/sample-agencies.ts';
import { startSmtpSink, type SmtpSink } from '#local/smtp-sink.ts';
import { StaffClient } from '#local/staff-client.ts';
import { dynamoClient, freshTable, localEndpoints, localSetup } from '../setup/services.ts';
import { docxText } from '../support/report-text.ts';

const SECRET = 'excerpts-test-secret';
const ADMIN = 'excerpts-test-admin';
const PERIOD = '2023-H1';
const samples = (name: string) => new URL(`../../events/samples/${name}`, import.meta.url);
const profileOf = (name: string) => JSON.parse(readFileSync(samples(`${name}-profile.json`), 'utf8')) as AgencyProfileInput;
const section = (agencyId: string, key: string) => `/v1/agencies/${agencyId}/periods/${PERIOD}/sections/${key}`;
const reports = (agencyId: string) => `/v1/agencies/${agencyId}/periods/${PERIOD}/reports`;
const excerptsOf = (key: string) => `/v1/periods/${PERIOD}/excerpts?section=${key}`;

/** SKHCN's narrative as issued: a sub-heading, a paragraph citing its own plan, a data placeholder. */
const SKHCN_DIRECTION = ['### a) Công tác chỉ đạo', 'Sở đã ban hành Kế hoạch cải cách hành chính năm 2023 và triển khai đến các phòng.', '- Quán triệt *Quyết định số 48/2021/QĐ-UBND* tại các cuộc họp giao ban.'];
const SKHCN_PROCEDURES = ['{{one-stop-results}}', 'Công khai đầy đủ, kịp thời 100% thủ tục hành chính trên Cổng dịch vụ công của tỉnh.'];

let api: HttpApi;
let s3: S3Local;
let smtp: SmtpSink;
let queue: LocalQueue;
let restoreEnv: () => void;
let dropTable: () => Promise<void>;
let tableName: string;
const scratch = mkdtempSync(join(tmpdir(), 'excerpts-test-'));

let admin: StaffClient;
/** CONTRACT §5's fixed tokens: SKHCN's staff, leader and clerk; the province's read-only role; a Sở Nội vụ officer (staff of UBNDT). */
const client = (token: string) => new StaffClient(api.url, token);

beforeAll(async () => {
  const [table, s3Local, sink] = await Promise.all([freshTable('excerpts'), startS3Local(), startSmtpSink({ dir: join(scratch, 'mail') })]);
  [s3, smtp, dropTable, tableName] = [s3Local, sink, table.drop, table.tableName];
  await s3.ensureBuckets(['reports', 'uploads']);
  const setup = localSetup(
    { TABLE_NAME: table.tableName, REPORTS_BUCKET: 'reports', UPLOADS_BUCKET: 'uploads', MAIL_FROM: 'bao-cao-cchc@localhost', LOG_LEVEL: 'error' },
    { signer: { kind: 'local', dir: join(scratch, 'signing') }, mailer: { kind: 'smtp', host: smtp.host, port: smtp.port } },
    { ...localEndpoints(), s3: s3.endpoint },
  );
  restoreEnv = setup.restore;
  const { localRoutes } = await import('#local/app.ts');
  const local = localRoutes(setup.config, SECRET);
  queue = local.queue;
  s3.onObjectCreated({ bucket: 'uploads', prefix: 'incoming/' }, local.uploadCheck);
  api = await startHttpApi({ routes: local.routes, staffToken: ADMIN });
  admin = client(ADMIN);
  await admin.ok('PUT', '/v1/agencies/SKHCN', await withSigningImages(admin, profileOf('skhcn')));
  await admin.ok('PUT', '/v1/agencies/STP', profileOf('stp'));
  await admin.ok('PUT', `/v1/agencies/${SAMPLE_PROVINCE_ID}`, profileOf('ubndt'));
}, 120_000);

afterAll(async () => {
  await api?.stop();
  queue?.stop();
  await Promise.allSettled([s3?.stop(), smtp?.stop()]);
  restoreEnv?.();
  await dropTable?.();
  rmSync(scratch, { recursive: true, force: true });
});

const items = async () => {
  const dynamo = dynamoClient();
  try {
    return (await dynamo.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true }))).Count ?? 0;
  } finally {
    dynamo.destroy();
  }
};

describe('GET /v1/periods/{periodId}/excerpts', () => {
  it("offers no paragraph of a report that is not issued: a draft's, a submitted one's, a signed one's", async () => {
    await admin.ok('PUT', section('STP', 'direction'), { paragraphs: ['Sở Tư pháp đã ban hành Kế hoạch CCHC năm 2023 (dự thảo, chưa phát hành).'] });
    const { report: stp } = await admin.ok<{ report: ReportVersion }>('POST', reports('STP'), {});
    await admin.ok('POST', `${reports('STP')}/${stp.version}/submit`, {});

    await admin.ok('PUT', section('SKHCN', 'direction'), { paragraphs: SKHCN_DIRECTION });
    await admin.ok('PUT', section('SKHCN', 'procedures'), { paragraphs: SKHCN_PROCEDURES });
    const { report } = await client('local-staff-token').ok<{ report: ReportVersion }>('POST', reports('SKHCN'), {});
    expect(await admin.ok('GET', excerptsOf('direction'))).toEqual([]);
    await client('local-staff-token').ok('POST', `${reports('SKHCN')}/${report.version}/submit`, {});
    expect(await admin.ok('GET', excerptsOf('direction'))).toEqual([]);
    await client('local-leader-token').ok('POST', `${reports('SKHCN')}/${report.version}/sign`, {});
    expect(await client('local-province-token').ok('GET', excerptsOf('direction'))).toEqual([]);
  }, 60_000);

  it('offers each paragraph of an issued report as it was issued, one entry each, without its sub-headings and placeholders', async () => {
    await client('local-clerk-token').ok('POST', `${reports('SKHCN')}/1/issue`, { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' });
    const skhcn = { agencyId: 'SKHCN', name: 'Sở Khoa học và Công nghệ', number: '1015/BC-SKHCN' };
    const direction = [
      { ...skhcn, section: 'direction', text: SKHCN_DIRECTION[1] },
      { ...skhcn, section: 'direction', text: SKHCN_DIRECTION[2] },
    ];
    expect(await client('local-province-token').ok<Excerpt[]>('GET', excerptsOf('direction'))).toEqual(direction);
    expect(await client('local-province-token').ok<Excerpt[]>('GET', excerptsOf('procedures'))).toEqual([{ ...skhcn, section: 'procedures', text: SKHCN_PROCEDURES[1] }]);
    expect(await client('local-province-token').ok<Excerpt[]>('GET', excerptsOf('assessment'))).toEqual([]);

    // Edited after the issue and drafted again: the text offered stays the issued one.
    await client('local-staff-token').ok('PUT', section('SKHCN', 'direction'), { paragraphs: ['Đoạn sửa sau khi phát hành, chưa ký.'] });
    await client('local-staff-token').ok('POST', reports('SKHCN'), {});
    expect(await client('local-province-staff-token').ok<Excerpt[]>('GET', excerptsOf('direction'))).toEqual(direction);
  }, 60_000);

  it("answers the province, admin and UBND tỉnh's staff; other agencies' staff, leaders and clerks get 403; a bad section 400 naming it", async () => {
    for (const token of ['local-province-token', ADMIN, 'local-province-staff-token']) expect((await client(token).request('GET', excerptsOf('direction'))).status, token).toBe(200);
    for (const token of ['local-staff-token', 'local-leader-token', 'local-clerk-token']) expect((await client(token).request('GET', excerptsOf('direction'))).status, token).toBe(403);
    for (const query of ['section=summary', '']) {
      const refused = await client('local-province-token').request<{ error: { details: Array<{ path: string }> } }>('GET', `/v1/periods/${PERIOD}/excerpts?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.details.map((d) => d.path)).toEqual(['query.section']);
    }
    expect((await client('local-province-token').request('GET', `/v1/periods/2023-H3/excerpts?section=direction`)).status).toBe(400);
  });
});

describe("the province's own report", () => {
  it("is edited and drafted by UBND tỉnh's staff only: other agencies' staff and the province role get 403 and nothing is stored", async () => {
    const before = await items();
    for (const token of ['local-staff-token', 'local-leader-token', 'local-province-token']) {
      expect((await client(token).request('PUT', section(SAMPLE_PROVINCE_ID, 'assessment'), { paragraphs: ['Không được sửa.'] })).status, token).toBe(403);
      expect((await client(token).request('POST', reports(SAMPLE_PROVINCE_ID), {})).status, token).toBe(403);
    }
    expect(await items()).toBe(before);
    // …and a Sở Nội vụ officer may not edit another agency's report either.
    expect((await client('local-province-staff-token').request('PUT', section('SKHCN', 'assessment'), { paragraphs: ['Không được sửa.'] })).status).toBe(403);
    expect(await client('local-province-staff-token').ok('PUT', section(SAMPLE_PROVINCE_ID, 'assessment'), { paragraphs: ['Năm 2023, tỉnh đã hoàn thành kế hoạch CCHC.'] })).toMatchObject({ agencyId: SAMPLE_PROVINCE_ID });
  });

  it('takes an excerpt in with its citation: the draft cites the agency report in a footnote (needs the province citations of branch i22a)', async () => {
    const snv = client('local-province-staff-token');
    const [excerpt] = await snv.ok<Excerpt[]>('GET', excerptsOf('direction'));
    await snv.ok('PUT', section(SAMPLE_PROVINCE_ID, 'direction'), { paragraphs: [citedExcerpt(excerpt!)] });
    const { report } = await snv.ok<{ report: ReportVersion }>('POST', reports(SAMPLE_PROVINCE_ID), {});
    expect(report.missingCitations).toBeUndefined();
    const { reports: listed } = await snv.ok<{ reports: Array<ReportVersion & { downloads: { docx: string } }> }>('GET', reports(SAMPLE_PROVINCE_ID));
    const { paragraphs, footnotes } = docxText(new Uint8Array(await (await fetch(listed[0]!.downloads.docx)).arrayBuffer()));
    expect(paragraphs).toContain(SKHCN_DIRECTION[1]);
    expect([...footnotes.values()].filter((note) => /^Báo cáo số 1015\/BC-SKHCN ngày 15\/6\/2023 của Sở Khoa học và Công nghệ\.?$/.test(note))).toHaveLength(1);
  }, 60_000);

  it('is not on the submissions board: the board lists the agencies the province waits for', async () => {
    const board = await client('local-province-token').ok<Submission[]>('GET', `/v1/periods/${PERIOD}/submissions`);
    expect(board.map((s) => [s.agencyId, s.state, s.number])).toEqual([
      ['SKHCN', 'draft', '1015/BC-SKHCN'],
      ['STP', 'submitted', null],
    ]);
  });
});
