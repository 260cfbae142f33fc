// The report end to end through the local HTTP API, over real DynamoDB Local and s3rver, mailed
// to a real SMTP sink: the sample stream, profile, narrative and the twelve cited documents of
// 2023-H1 give the seed report (report-1015-BC-SKHCN) word for word, in the DOCX and the PDF; the
// draft is submitted by staff, signed by a leader and issued by the clerk (CONTRACT §6), and only
// then mailed.
// Nothing is mocked; the S3 notification to the upload check is built as S3 sends it, because the
// shared s3rver of the integration run is not ours to subscribe to.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentDocument } from '#domain/attachment.ts';
import type { AgencyProfileInput } from '#domain/profile.ts';
import { localDate } from '#domain/periods.ts';
import type { Delivery } from '#domain/delivery.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import { formatDate } from '#domain/vi-format.ts';
import { makeAttachmentPdf } from '#events/samples/attachments/make-pdf.ts';
import { renderReport } from '#app/render-report.ts';
import type { ReportPorts } from '#app/report-ports.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { indicatorsKey, narrativeKey } from '#adapters/object-keys.ts';
import { buildReviewPorts } from '#adapters/review-ports.ts';
import { localCaCertificatePath } from '#adapters/local-signer.ts';
import { verifyPdfSignatures } from '#render/verify-pdf-signatures.ts';
import type { Config } from '#adapters/config.ts';
import { issueReport, signReport, submitReport } from '#app/review-report.ts';
import { dailyDuties } from '#app/period-close.ts';
import { startHttpApi, type HttpApi } from '#local/http.ts';
import type { LocalQueue } from '#local/queue.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import { DELIVER_MAX_RECEIVES } from '#functions/deliver/deliver-edge.ts';
import { postEvents, replayFile } from '#local/replay-client.ts';
import { startSmtpSink, type SmtpSink } from '#local/smtp-sink.ts';
import { withSigningImages } from '#local/sample-agencies.ts';
import { StaffClient } from '#local/staff-client.ts';
import { dynamoClient, freshBucket, freshTable, s3Client, localSetup } from '../setup/services.ts';
import { readMails, sha256, type ReceivedMail } from '../support/report-mail.ts';
import { objectCreated } from '../support/s3-event.ts';
import { nssTrusting, pdfsig, poppler, signatureDictionaries } from '../support/pdf-signature.ts';
import { docxText, pageLines, pageTexts } from '../support/report-text.ts';

const AGENCY = 'SKHCN';
const PERIOD = `/v1/agencies/${AGENCY}/periods/2023-H1`;
const SECRET = 'reports-test-secret';
const TOKEN = 'reports-test-token';
const TEST_POLICY = { attempts: 3, backoffMs: 1, staleClaimMs: 60_000 };
const samples = (name: string) => new URL(`../../events/samples/${name}`, import.meta.url);
const sampleJson = <T>(name: string): T => JSON.parse(readFileSync(samples(name), 'utf8')) as T;

const ONE_STOP =
  'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 1 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.';
/** After the seed's sentence, in the same paragraph, naming the appendix that holds form 06. */
const RATES = 'Tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt 98,11% (chi tiết tại Phụ lục kèm theo).';
const DOCUMENTS = 'Sở ban hành 516 văn bản, trong đó 417 văn bản điện tử và 99 văn bản điện tử kèm theo văn bản giấy (trừ văn bản mật).';
const TITLE = 'Công tác cải cách hành chính 6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023 của Sở Khoa học và Công nghệ';
const HEADER = ['UBND TỈNH QUẢNG NGÃI', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
const DATE_LINE = 'Quảng Ngãi, ngày 15 tháng 6 năm 2023';
/** A draft leaves the day, the month and the year blank for the clerk (CONTRACT §6). */
const BLANK_DATE_LINE = `Quảng Ngãi, ngày${'\u00A0'.repeat(6)}tháng${'\u00A0'.repeat(6)}năm${'\u00A0'.repeat(8)}`;
const RECIPIENT_LINES = ['- UBND tỉnh (báo cáo);', '- Sở Nội vụ;', '- GĐ, các PGĐ Sở;', '- Các phòng, đơn vị thuộc Sở;', '- Lưu: VT, HCTH.'];
/** The sample profile's first signer: the name the local leader token stands for. */
const LEADER_NAME = 'Trần Quốc Bảo';
const SIGNATURE = ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', LEADER_NAME];
const ADDRESSES = ['vanthu.ubnd@example.vn', 'cchc.snv@example.vn'];

/** Footnotes 1–12 as the seed prints them (its final full stops are inconsistent; 11 has no issuer). */
const SEED_FOOTNOTES = [
  'Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ.',
  'Kế hoạch số 462/KH-SKHCN ngày 29/3/2023 của Giám đốc Sở Khoa học và Công nghệ.',
  'Quyết định số 107/QĐ-SKHCN ngày 13/6/2023 của Giám đốc Sở Khoa học và Công nghệ.',
  'Kế hoạch số 372/KH-SKHCN ngày 15/3/2023 của Giám đốc Sở Khoa học và Công nghệ',
  'Kế hoạch số 268/KH-SKHCN ngày 28/02/2023 của Giám đốc Sở Khoa học và Công nghệ',
  'Kế hoạch số 117/KH-SKHCN ngày 03/02/2023 của Giám đốc Sở Khoa học và Công nghệ',
  'Kế hoạch số 161/KH-SKHCN ngày 10/02/2023 của Giám đốc Sở Khoa học và Công nghệ',
  'Kế hoạch số 267/KH-SKHCN ngày 28/02/2023 của Giám đốc Sở Khoa học và Công nghệ',
  'Kế hoạch số 294/KH-SKHCN ngày 03/3/2023 của Giám đốc Sở Khoa học và Công nghệ.',
  'Kế hoạch số 384/KH-SKHCN ngày 16/3/2023 của Giám đốc Sở Khoa học và Công nghệ',
  'Kế hoạch số 268/KH-SKHCN ngày 28/02/2023.',
  'Kế hoạch số 443/KH-SKHCN ngày 27/3/2023 của Giám đốc Sở Khoa học và Công nghệ',
];
const withoutStop = (s: string) => s.replace(/\.$/, '');

type Links = { docx: string; pdf: string };
type Listed = ReportVersion & { number: string | null; downloads: Links & { signed?: { pdf: string }; issued?: Links; expiresAt: string }; deliveries: Delivery[] };
type Rendered = { created: boolean; report: ReportVersion };
type Issued = { report: ReportVersion; deliveries: Delivery[] };
type Refusal = { error: { code: string; details: Array<{ path: string }> } };
const ISSUE = { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' };

let restoreEnv: () => void;
let dropTable: () => Promise<void>;
let tableName: string;
let reportsBucket: string;
let uploadsBucket: string;
let smtp: SmtpSink;
let mailDir: string;
/** The agencies' software signing keys of the issue (LOCAL_SIGNING_DIR, as the local stack sets it). */
let signingDir: string;
/** What the handler roots and the ports of this file are built with. */
let config: Config;
let api: HttpApi;
let queue: LocalQueue;
/** the delivery queue of local mode, and the port over it the use cases called directly queue to */
let deliveries: LocalQueue;
let deliveryQueue: EventQueue;
let uploadCheck: (event: S3Event) => Promise<unknown>;
let staff: StaffClient;
/** The fixed tokens of CONTRACT §5: a staff member, a leader and the clerk (văn thư) of SKHCN, the province. */
let office: StaffClient;
let leader: StaffClient;
let clerk: StaffClient;
let province: StaffClient;

beforeAll(async () => {
  const table = await freshTable('reports');
  ({ tableName } = table);
  dropTable = table.drop;
  [reportsBucket, uploadsBucket] = await Promise.all([freshBucket('reports'), freshBucket('uploads')]);
  mailDir = mkdtempSync(join(tmpdir(), 'reports-mail-'));
  signingDir = mkdtempSync(join(tmpdir(), 'reports-signing-'));
  smtp = await startSmtpSink({ dir: mailDir });
  const setup = localSetup(
    { TABLE_NAME: tableName, REPORTS_BUCKET: reportsBucket, UPLOADS_BUCKET: uploadsBucket, MAIL_FROM: 'bao-cao-cchc@localhost', LOG_LEVEL: 'error' },
    { signer: { kind: 'local', dir: signingDir }, mailer: { kind: 'smtp', host: smtp.host, port: smtp.port } },
  );
  ({ config, restore: restoreEnv } = setup);
  const { localRoutes } = await import('#local/app.ts');
  const local = localRoutes(config, SECRET, { policy: TEST_POLICY, backoffMs: () => 5 });
  ({ queue, uploadCheck, deliveries } = local);
  deliveryQueue = { send: async (bodies) => void (await deliveries.send(bodies)) };
  api = await startHttpApi({ routes: local.routes, staffToken: TOKEN });
  staff = new StaffClient(api.url, TOKEN);
  office = new StaffClient(api.url, 'local-staff-token');
  leader = new StaffClient(api.url, 'local-leader-token');
  clerk = new StaffClient(api.url, 'local-clerk-token');
  province = new StaffClient(api.url, 'local-province-token');
});

afterAll(async () => {
  await api?.stop();
  queue?.stop();
  deliveries?.stop();
  await smtp?.stop();
  restoreEnv?.();
  await dropTable?.();
  rmSync(mailDir, { recursive: true, force: true });
  rmSync(signingDir, { recursive: true, force: true });
});

async function itemCount(): Promise<number> {
  const client = dynamoClient();
  try {
    let count = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: start }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  } finally {
    client.destroy();
  }
}

async function reportKeys(prefix = ''): Promise<string[]> {
  const client = s3Client();
  try {
    const { Contents } = await client.send(new ListObjectsV2Command({ Bucket: reportsBucket, Prefix: prefix }));
    return (Contents ?? []).map((o) => o.Key!).sort();
  } finally {
    client.destroy();
  }
}

/** What a refusal must leave alone: every item of the table, every report file, every mail. */
async function stored() {
  return { items: await itemCount(), files: await reportKeys(), mails: smtp.files().length };
}

/** A presigned report link's bytes; the answer tells every cache not to keep them. */
const download = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return new Uint8Array(await response.arrayBuffer());
};

/** The mails received since `from` (an index into the sink's files). */
const mailsSince = async (from: number): Promise<ReceivedMail[]> => readMails(smtp.files().slice(from));

describe('the 2023-H1 report of the sample, through the HTTP API', () => {
  let first: Rendered;
  let listed: Listed;
  let docx: Uint8Array;
  let pdf: Uint8Array;

  it('replays the sample, takes the profile, narrative and twelve attachments, and renders draft version 1, mailing nobody', async () => {
    await replayFile(samples('skhcn-2023.jsonl').pathname, { url: api.url, secret: SECRET });
    // The signing images are uploads like the documents; the profile names them.
    const settle = async (uploadId: string) => {
      await uploadCheck(objectCreated(uploadsBucket, `incoming/${AGENCY}/${uploadId}`));
      expect(await staff.decided(AGENCY, uploadId, 0)).toMatchObject({ state: 'accepted' });
    };
    // E-mail only here (no organ codes): this walk reads the mails; the exchange's way is npm start's and the delivery tests'.
    const profile = sampleJson<AgencyProfileInput>('skhcn-profile.json');
    const emailOnly = { ...profile, recipients: profile.recipients.map(({ organId: _organId, ...r }) => r) };
    await staff.ok('PUT', `/v1/agencies/${AGENCY}`, await withSigningImages(staff, emailOnly, settle));
    for (const [key, paragraphs] of Object.entries(sampleJson<Record<string, string[]>>('skhcn-2023-H1-sections.json'))) {
      await staff.ok('PUT', `${PERIOD}/sections/${key}`, { paragraphs });
    }
    const { attachments } = sampleJson<{ attachments: Array<{ fileName: string; contentType: string; document: AttachmentDocument }> }>('attachments/skhcn-2023-H1.json');
    expect(attachments).toHaveLength(12);
    for (const { fileName, contentType, document } of attachments) {
      const uploadId = await staff.upload(AGENCY, { fileName, contentType, document }, await makeAttachmentPdf(document));
      await uploadCheck(objectCreated(uploadsBucket, `incoming/${AGENCY}/${uploadId}`));
      expect(await staff.decided(AGENCY, uploadId, 0)).toMatchObject({ state: 'accepted' });
    }

    const answer = await staff.request<Rendered>('POST', `${PERIOD}/reports`, {});
    expect(answer.status).toBe(201);
    first = answer.body;
    expect(first.created).toBe(true);
    expect(first.report).toMatchObject({ agencyId: AGENCY, periodId: '2023-H1', version: 1, amendment: false, provisional: false, issuedOn: '2023-06-15', trigger: 'staff', state: 'draft' });
    expect(smtp.files()).toEqual([]);

    const { reports } = await staff.ok<{ reports: Listed[] }>('GET', `${PERIOD}/reports`);
    expect(reports.map((r) => [r.version, r.state, r.number])).toEqual([[1, 'draft', null]]);
    listed = reports[0]!;
    expect(listed.deliveries).toEqual([]);
    expect(listed.downloads.issued).toBeUndefined();
    [docx, pdf] = await Promise.all([download(listed.downloads.docx), download(listed.downloads.pdf)]);
    expect(sha256(docx)).toBe(first.report.files.docx.sha256);
    expect(sha256(pdf)).toBe(first.report.files.pdf.sha256);
    expect(docx.length).toBe(first.report.files.docx.size);
    expect(await reportKeys()).toEqual([first.report.files.docx.key, first.report.files.pdf.key].sort());
  }, 120_000);

  it('writes the seed report word for word into the DOCX', () => {
    const { paragraphs, footnotes } = docxText(docx);
    for (const line of [...HEADER, BLANK_DATE_LINE, 'BÁO CÁO', TITLE, 'Nơi nhận:', ...RECIPIENT_LINES, ...SIGNATURE, `${ONE_STOP} ${RATES}`]) expect(paragraphs).toContain(line);
    expect(paragraphs.some((p) => p.endsWith(`, ${DOCUMENTS}`))).toBe(true);
    expect([...footnotes.keys()]).toEqual(SEED_FOOTNOTES.map((_, i) => i + 1));
    expect([...footnotes.values()].map(withoutStop)).toEqual(SEED_FOOTNOTES.map(withoutStop));
  });

  it('prints the seed report word for word into the PDF', async () => {
    const pages = await pageTexts(pdf);
    const all = pages.join(' ');
    for (const line of [...HEADER, 'Quảng Ngãi, ngày tháng năm', 'DỰ THẢO']) expect(pages[0]).toContain(line);
    expect(pages[0]).toContain(`BÁO CÁO ${TITLE}`);
    // (the paragraph may run over a page foot, with footnotes between its two sentences)
    for (const text of [ONE_STOP, RATES, DOCUMENTS, 'Nơi nhận:', ...RECIPIENT_LINES]) expect(all).toContain(text);
    expect(all).toMatch(/KT\. GIÁM ĐỐC.*PHÓ GIÁM ĐỐC.*Trần Quốc Bảo/);
    // each footnote once at a page foot, numbered, in order through the pages
    let at = 0;
    SEED_FOOTNOTES.forEach((note, i) => {
      const found = all.indexOf(`${i + 1} ${withoutStop(note)}`, at);
      expect(found, `footnote ${i + 1}`).toBeGreaterThan(-1);
      at = found;
    });
  });

  it('keeps the version when nothing changed: 200, created false, no mail', async () => {
    const before = await stored();
    const answer = await staff.request<Rendered>('POST', `${PERIOD}/reports`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ created: false, report: first.report });
    expect(await stored()).toEqual(before);
  });

  it('renders byte-identical files from the same data in a fresh table and bucket', async () => {
    const copy = await freshTable('reports-copy');
    const bucket = await freshBucket('reports-copy');
    const client = dynamoClient();
    try {
      // Everything the report is rendered from (figures, profile, narrative, upload records), none of its versions.
      const items: Array<Record<string, AttributeValue>> = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      const data = items.filter((item) => !/^(REPORT|DELIVERY|NOTICE)#/.test(item.sk?.S ?? ''));
      expect(data.length).toBeGreaterThan(100);
      for (let i = 0; i < data.length; i += 25) {
        await client.send(new BatchWriteItemCommand({ RequestItems: { [copy.tableName]: data.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      }
      const ports: ReportPorts = buildReportPorts({ ...config, settings: { ...config.settings, tableName: copy.tableName, reportsBucket: bucket } });
      const again = await renderReport(ports, { agencyId: AGENCY, periodId: '2023-H1', trigger: 'staff' });
      expect(again.created).toBe(true);
      expect(again.report.version).toBe(1);
      expect(again.report.inputHash).toBe(first.report.inputHash);
      expect(again.report.files.docx.sha256).toBe(first.report.files.docx.sha256);
      expect(again.report.files.pdf.sha256).toBe(first.report.files.pdf.sha256);
      expect(sha256(await ports.files.get(again.report.files.pdf.key))).toBe(sha256(pdf));
      expect(sha256(await ports.files.get(again.report.files.docx.key))).toBe(sha256(docx));
    } finally {
      client.destroy();
      await copy.drop();
    }
  }, 60_000);

  it('refuses the wrong roles (403) and the wrong states (409), changing nothing', async () => {
    const before = await stored();
    const v1 = `${PERIOD}/reports/1`;
    for (const [client, action, body] of [
      [office, 'sign', {}],
      [office, 'issue', ISSUE],
      [office, 'return', { comment: 'x' }],
      [clerk, 'submit', {}],
      [clerk, 'sign', {}],
      [clerk, 'return', { comment: 'x' }],
      // the profile names a clerk: its leaders sign, the clerk issues
      [leader, 'issue', ISSUE],
      [province, 'submit', {}],
      [province, 'sign', {}],
      [province, 'issue', ISSUE],
    ] as const) {
      const answer = await client.request<Refusal>('POST', `${v1}/${action}`, body);
      expect(answer.status, `${action}`).toBe(403);
      expect(answer.body.error).toMatchObject({ code: 'forbidden', details: [{ path: '(route)' }] });
    }
    for (const [client, action, body] of [[leader, 'sign', {}], [leader, 'return', { comment: 'Chưa trình' }], [clerk, 'issue', ISSUE]] as const) {
      const answer = await client.request<Refusal>('POST', `${v1}/${action}`, body);
      expect(answer.status, action).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'wrong_state', details: [{ path: 'path.version', message: 'is draft' }] });
    }
    expect((await office.request<Refusal>('POST', `${PERIOD}/reports/7/submit`)).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  let issued: Issued;
  it('takes the submit of staff and the signature of the leader, named from the identity', async () => {
    const submitted = await office.request<{ report: ReportVersion }>('POST', `${PERIOD}/reports/1/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.report.history.map((h) => [h.state, h.by])).toEqual([['draft', 'local-staff'], ['submitted', 'local-staff-skhcn']]);
    expect((await office.request<Refusal>('POST', `${PERIOD}/reports/1/submit`)).body.error.code).toBe('wrong_state');
    // submitted, not signed: the clerk cannot issue yet
    expect((await clerk.request<Refusal>('POST', `${PERIOD}/reports/1/issue`, ISSUE)).body.error).toMatchObject({ code: 'wrong_state', details: [{ message: 'is submitted' }] });

    const signed = await leader.request<{ report: ReportVersion }>('POST', `${PERIOD}/reports/1/sign`);
    expect(signed.status).toBe(200);
    expect(signed.body.report).toMatchObject({ state: 'signed', signed: { signer: { userId: 'local-leader-skhcn', name: LEADER_NAME, title: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC' } } });
    expect(signed.body.report.history.map((h) => [h.state, h.by])).toEqual([['draft', 'local-staff'], ['submitted', 'local-staff-skhcn'], ['signed', 'local-leader-skhcn']]);
    const before = await stored();
    for (const [client, action, body] of [[leader, 'sign', {}], [leader, 'return', { comment: 'x' }], [office, 'submit', {}]] as const) {
      expect((await client.request<Refusal>('POST', `${PERIOD}/reports/1/${action}`, body)).body.error).toMatchObject({ code: 'wrong_state', details: [{ message: 'is signed' }] });
    }
    expect(await stored()).toEqual(before);
  }, 60_000);

  it('refuses an issue date before the period or after today (issue #23, 4), storing nothing', async () => {
    const before = await stored();
    for (const issuedOn of ['2000-01-01', '2022-12-14', localDate(Date.now() + 2 * 86_400_000)]) {
      const answer = await clerk.request<Refusal>('POST', `${PERIOD}/reports/1/issue`, { ...ISSUE, issuedOn });
      expect(answer.status, issuedOn).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'issuedOn' }] });
    }
    expect(await stored()).toEqual(before);
  });

  it('of two clerks issuing at once makes one issue, queues one delivery per recipient, and the worker mails each once', async () => {
    const answers = await Promise.all([clerk.request<Issued & Refusal>('POST', `${PERIOD}/reports/1/issue`, ISSUE), staff.request<Issued & Refusal>('POST', `${PERIOD}/reports/1/issue`, ISSUE)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    issued = answers.find((a) => a.status === 200)!.body;
    expect(answers.find((a) => a.status === 409)!.body.error.code).toMatch(/^(wrong_state|concurrent_transition)$/);
    expect(issued.report).toMatchObject({ state: 'issued', issued: { number: '1015/BC-SKHCN', signerName: LEADER_NAME, issuedOn: '2023-06-15' } });
    expect(issued.deliveries.map((d) => [d.channel, d.recipient.emails, d.state])).toEqual(ADDRESSES.map((a) => ['email', [a], 'queued']));
    await deliveries.drain();

    const mails = await mailsSince(0);
    expect(mails.map((m) => m.to).sort()).toEqual([...ADDRESSES].sort());
    const { files } = issued.report.issued!;
    for (const mail of mails) {
      expect(mail.subject).toBe(`1015/BC-SKHCN: ${first.report.title}`);
      expect(mail.text).not.toMatch(/2023-H1|\(báo cáo\)/);
    }
    const ubnd = mails.find((m) => m.to === 'vanthu.ubnd@example.vn')!;
    const snv = mails.find((m) => m.to === 'cchc.snv@example.vn')!;
    // the signed PDF to everyone; the DOCX only where the profile asks for an editable copy, named as such
    expect(ubnd.attachments).toEqual([{ filename: 'bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh.pdf', contentType: 'application/pdf', sha256: files.pdf.sha256 }]);
    expect(snv.attachments).toEqual([
      { filename: 'bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh.pdf', contentType: 'application/pdf', sha256: files.pdf.sha256 },
      { filename: 'bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh-ban-chinh-sua-duoc.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sha256: files.docx.sha256 },
    ]);
    for (const mail of mails) expect(mail.from).toEqual({ name: 'Sở Khoa học và Công nghệ', address: 'vanthu@skhcn.example.vn' });
    expect(ubnd.text).toMatch(/^Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi\.\n/);
    expect(snv.text).toMatch(/^Kính gửi: Sở Nội vụ tỉnh Quảng Ngãi\.\n/);
    expect(snv.text).toContain('gửi báo cáo số 1015/BC-SKHCN ngày 15/6/2023 về công tác cải cách hành chính 6 tháng đầu năm 2023');
  }, 60_000);

  it('lists the issued version with its number, history and both pairs of links; the issued files carry number and signer, the draft files are as they were', async () => {
    const { reports } = await clerk.ok<{ reports: Listed[] }>('GET', `${PERIOD}/reports`);
    const [v1] = reports;
    expect(v1).toMatchObject({ version: 1, state: 'issued', number: '1015/BC-SKHCN' });
    expect(v1!.history.map((h) => h.state)).toEqual(['draft', 'submitted', 'signed', 'issued']);
    expect(v1!.downloads.signed).toEqual({ pdf: expect.any(String) });
    expect(v1!.deliveries).toHaveLength(2);
    const [draftDocx, draftPdf, issuedDocx, issuedPdf] = await Promise.all([download(v1!.downloads.docx), download(v1!.downloads.pdf), download(v1!.downloads.issued!.docx), download(v1!.downloads.issued!.pdf)]);
    expect([sha256(draftDocx), sha256(draftPdf)]).toEqual([sha256(docx), sha256(pdf)]);
    expect([sha256(issuedDocx), sha256(issuedPdf)]).toEqual([issued.report.issued!.files.docx.sha256, issued.report.issued!.files.pdf.sha256]);
    const { paragraphs } = docxText(issuedDocx);
    expect(paragraphs).toContain('Số: 1015/BC-SKHCN');
    expect(paragraphs).toContain(DATE_LINE);
    expect(paragraphs).toContain(LEADER_NAME);
    // the editable copy's form 06 under Biểu số 06/VPCP/KSTT's own heads (Circular 01/2020/TT-VPCP)
    for (const head of ['Số hồ sơ nhận giải quyết', 'Số hồ sơ đã giải quyết', 'Số lượng hồ sơ đang giải quyết', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước']) {
      expect(paragraphs.some((p) => p === head || p.startsWith(head)), head).toBe(true);
    }
    // the clerk's number and date, drawn into the blanks of the first page (one printed line each)
    const firstPage = (await pageLines(issuedPdf))[0]!.map((l) => l.text).join('\n');
    expect(firstPage).toMatch(/Số:\s*1015\s*\/BC-SKHCN/);
    expect(firstPage).toMatch(/Quảng Ngãi, ngày\s*15\s*tháng\s*6\s*năm\s*2023/);
    const pages = await pageTexts(issuedPdf);
    expect(pages.join(' ')).toMatch(/PHÓ GIÁM ĐỐC.*Trần Quốc Bảo/);
    // the issued PDF is the leader-signed one with the clerk's updates after it
    const leaderSigned = await download(v1!.downloads.signed!.pdf);
    expect(sha256(leaderSigned)).toBe(issued.report.signed!.pdf.sha256);
    expect(Buffer.from(issuedPdf.subarray(0, leaderSigned.byteLength)).equals(Buffer.from(leaderSigned))).toBe(true);
    // the draft's files, the leader-signed PDF and the winner's issued files; the losing issue of the
    // two stored its own (signed at another instant) in a folder of its own, and nothing else was stored
    // and the narrative as issued, for the province's excerpts (the same text from either issue), and
    // the indicator values beside each issue's PDF
    const kept = [first.report.files.docx.key, first.report.files.pdf.key, issued.report.signed!.pdf.key, issued.report.issued!.files.docx.key, issued.report.issued!.files.pdf.key, narrativeKey(first.report), indicatorsKey(issued.report.issued!.files.pdf.key)];
    const keys = await reportKeys();
    expect(keys).toEqual(expect.arrayContaining(kept));
    const others = keys.filter((key) => !kept.includes(key));
    expect(others.length).toBeLessThanOrEqual(3);
    expect(others).toEqual(others.map(() => expect.stringMatching(/^reports\/SKHCN\/2023-H1\/v0001\/ban-hanh-[0-9a-f]{12}\/(bao-cao-cchc-SKHCN-2023-H1-v1-ban-hanh\.(docx|pdf)|chi-tieu\.json)$/)));
  }, 60_000);

  it("carries two valid PAdES signatures, the leader's then the agency's, chained to the local test CA, with both images in visible widgets", async () => {
    const issuedPdf = await buildReportPorts(config).files.get(issued.report.issued!.files.pdf.key);
    const caPem = readFileSync(localCaCertificatePath(signingDir), 'utf8');
    const ca = new Uint8Array(new X509Certificate(caPem).raw);
    // In JavaScript, always: byte ranges, digests, CMS signatures, chains.
    const checks = await verifyPdfSignatures(issuedPdf, { trustAnchors: [ca] });
    expect(checks.map((c) => c.signer?.commonName)).toEqual([LEADER_NAME, 'Sở Khoa học và Công nghệ']);
    for (const check of checks) {
      expect(check.problems).toEqual([]);
      expect(check).toMatchObject({ coversRevision: true, subFilter: 'ETSI.CAdES.detached', digestAlgorithm: 'sha256', digestOk: true, signatureOk: true, chainOk: true });
    }
    expect(checks.map((c) => c.coversWholeFile)).toEqual([false, true]);
    const [leaderDict, agencyDict] = signatureDictionaries(issuedPdf);
    expect(leaderDict).toMatchObject({ name: LEADER_NAME, m: expect.stringMatching(/\+07'00'$/) });
    expect(agencyDict).toMatchObject({ name: 'Sở Khoa học và Công nghệ', contactInfo: 'vanthu@skhcn.example.vn', m: expect.stringMatching(/\+07'00'$/) });
    // Both widgets have non-zero rectangles, on the page of the signature block, and appearances.
    const widgets = [...Buffer.from(issuedPdf).toString('latin1').matchAll(/\/Subtype \/Widget\n\/FT \/Sig\n[\s\S]*?>>\nendobj/g)].map(([dict]) =>
      /\/Rect \[ ([^\]]+) \]/.exec(dict)![1]!.trim().split(/\s+/).map(Number),
    );
    expect(widgets).toHaveLength(2);
    for (const [x1, y1, x2, y2] of widgets) expect((x2! - x1!) * (y2! - y1!)).toBeGreaterThan(1000);
    const slots = issued.report.signed!.slots.signature;
    const [leaderRect, sealRect] = widgets as [number[], number[]];
    // the seal centred on the line a third into the leader's signature image
    expect((sealRect[0]! + sealRect[2]!) / 2).toBeCloseTo(leaderRect[0]! + (leaderRect[2]! - leaderRect[0]!) / 3, 3);
    expect(leaderRect[0]).toBeGreaterThanOrEqual(slots.x - 0.01);

    // poppler, the second verifier, where installed (required with CI=true): two valid signatures,
    // the leader's certificate first, the agency's last; trusted once the test CA is.
    const verdict = pdfsig(issuedPdf);
    if (verdict === undefined) return;
    const blocks = verdict.split(/^Signature #\d+:$/m).slice(1);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain(`Signer Certificate Common Name: ${LEADER_NAME}`);
    expect(blocks[1]).toContain('Signer Certificate Common Name: Sở Khoa học và Công nghệ');
    for (const block of blocks) expect(block).toContain('Signature Validation: Signature is Valid.');
    // pdfsig -nssdir over an NSS directory trusting the test CA (certutil: libnss3-tools)
    const nssDir = mkdtempSync(join(tmpdir(), 'reports-nss-'));
    try {
      const nss = nssTrusting(localCaCertificatePath(signingDir), nssDir);
      const trusted = nss === undefined ? [] : pdfsig(issuedPdf, nss)!.split(/^Signature #\d+:$/m).slice(1);
      if (nss) expect(trusted).toHaveLength(2);
      for (const block of trusted) expect(block).toContain('Certificate Validation: Certificate is Trusted.');
    } finally {
      rmSync(nssDir, { recursive: true, force: true });
    }
    // the signature image and the seal, each with its soft mask, on the page of the signature block
    const images = poppler('pdfimages', ['-list'], issuedPdf)!.toString('utf8').split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
    expect(images.map(([page, , type]) => `${page} ${type}`)).toEqual(['image', 'smask', 'image', 'smask'].map((type) => `${slots.page + 1} ${type}`));
  }, 60_000);

  it('after a late event: an amendment draft, stale once the data moves again, its own number once issued', async () => {
    const mailsBefore = smtp.files().length;
    const late = (n: number) => ({
      id: `mc-2023-late-00000${n}-received`,
      type: 'dossier.received',
      occurredAt: '2023-05-10T09:30:00+07:00',
      agencyId: AGENCY,
      data: {
        dossierId: `000.00.18.H48-230510-900${n}`,
        procedureCode: '1.000968',
        procedureName: 'Thủ tục cấp Giấy xác nhận đăng ký lĩnh vực hoạt động xét tặng giải thưởng chất lượng sản phẩm, hàng hóa của tổ chức, cá nhân',
        fieldCode: 'TDC',
        fieldName: 'Tiêu chuẩn đo lường chất lượng',
        channel: 'online',
        dueAt: '2023-05-19T17:00:00+07:00',
      },
    });
    expect((await postEvents(api.url, SECRET, [late(1)])).status).toBe(202);

    const answer = await office.request<Rendered>('POST', `${PERIOD}/reports`, {});
    expect(answer.status).toBe(201);
    const second = answer.body.report;
    expect(second).toMatchObject({ version: 2, amendment: true, state: 'draft', provisional: false, issuedOn: '2023-06-15' });
    expect(second.title).toMatch(/^Báo cáo bổ sung công tác cải cách hành chính 6 tháng đầu năm/);
    expect(second.files.docx.key).toContain('/v0002/');
    const { paragraphs } = docxText(await buildReportPorts(config).files.get(second.files.docx.key));
    expect(paragraphs).toContain('BÁO CÁO BỔ SUNG');
    expect(paragraphs.join('\n')).toContain('Sở đã tiếp nhận 64 hồ sơ (trong đó, trực tuyến 53 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 1 hồ sơ)');
    expect(paragraphs).not.toContain(ONE_STOP);
    expect(smtp.files()).toHaveLength(mailsBefore);

    // signed, then the data moves again: the clerk's issue is refused as stale, nothing stored or mailed
    await office.ok('POST', `${PERIOD}/reports/2/submit`);
    await leader.ok('POST', `${PERIOD}/reports/2/sign`);
    expect((await postEvents(api.url, SECRET, [late(2)])).status).toBe(202);
    const before = await stored();
    const stale = await clerk.request<Refusal>('POST', `${PERIOD}/reports/2/issue`, { ...ISSUE, number: '1102/BC-SKHCN' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale', details: [{ path: 'path.version' }] });
    expect(await stored()).toEqual(before);

    const third = (await office.ok<Rendered>('POST', `${PERIOD}/reports`, {})).report;
    expect(third).toMatchObject({ version: 3, amendment: true });
    await office.ok('POST', `${PERIOD}/reports/3/submit`);
    await leader.ok('POST', `${PERIOD}/reports/3/sign`);
    // the agency gave 1015/BC-SKHCN in 2023 already; an amendment dated before the report it amends is refused too
    const signedThird = await stored();
    for (const [body, status, code, path] of [
      [{ number: '1015/BC-SKHCN', issuedOn: '2023-06-16' }, 409, 'number_taken', 'number'],
      [{ number: '1102/BC-SKHCN', issuedOn: '2023-06-14' }, 400, 'validation_failed', 'issuedOn'],
    ] as const) {
      const refused = await clerk.request<Refusal>('POST', `${PERIOD}/reports/3/issue`, body);
      expect(refused.status, code).toBe(status);
      expect(refused.body.error).toMatchObject({ code, details: [{ path }] });
      expect(await stored()).toEqual(signedThird);
    }
    const done = await clerk.ok<Issued>('POST', `${PERIOD}/reports/3/issue`, { number: '1102/BC-SKHCN' });
    expect(done.report.issued).toMatchObject({ number: '1102/BC-SKHCN', issuedOn: localDate(Date.now()) });
    await deliveries.drain();
    const mails = await mailsSince(mailsBefore);
    expect(mails.map((m) => [m.to, m.subject]).sort()).toEqual(ADDRESSES.map((a) => [a, `1102/BC-SKHCN: ${third.title}`]).sort());
    for (const mail of mails) expect(mail.text).toContain('báo cáo bổ sung số 1102/BC-SKHCN');

    const { reports } = await staff.ok<{ reports: Listed[] }>('GET', `${PERIOD}/reports`);
    expect(reports.map((r) => [r.version, r.state, r.number, r.deliveries.length])).toEqual([
      [3, 'issued', '1102/BC-SKHCN', 2],
      [2, 'signed', null, 0],
      [1, 'issued', '1015/BC-SKHCN', 2],
    ]);
  }, 90_000);
});

describe('delivery when the mail server refuses', () => {
  it('retries, then records the delivery failed with the error; the daily run queues it again and it goes, then nothing more', async () => {
    const ports = buildReviewPorts(config, deliveryQueue);
    const q1 = { agencyId: AGENCY, periodId: '2023-Q1' };
    await renderReport(ports, { ...q1, trigger: 'staff' });
    await submitReport(ports, { ...q1, version: 1, by: 'staff' });
    await signReport(ports, { ...q1, version: 1, by: 'local-leader-skhcn', caller: { id: 'local-leader-skhcn' } });
    const from = smtp.files().length;
    // every try of both deliveries fails: TEST_POLICY's attempts × the queue's receives, each
    smtp.failNext(2 * TEST_POLICY.attempts * DELIVER_MAX_RECEIVES);
    const run1 = await issueReport(ports, { ...q1, version: 1, by: 'local-clerk-skhcn', caller: { role: 'clerk' }, number: '412/BC-SKHCN', issuedOn: '2023-03-15' });
    expect(run1.deliveries.map((d) => d.state)).toEqual(['queued', 'queued']);
    await deliveries.drain();
    const states = async () => (await ports.deliveries.listDeliveries(AGENCY, '2023-Q1', 1)).map((d) => [d.recipient.emails[0], d.state]);
    expect(await states()).toEqual([[ADDRESSES[0], 'failed'], [ADDRESSES[1], 'failed']]);
    expect((await ports.deliveries.listDeliveries(AGENCY, '2023-Q1', 1))[0]!.detail).toMatch(/451/);
    // their tasks went to the dead letter queue
    const task = (recipientNo: number) => ({ agencyId: AGENCY, periodId: '2023-Q1', version: 1, recipientNo, channel: 'email' });
    expect(deliveries.deadLetters.map((m) => JSON.parse(m.body) as unknown)).toEqual(expect.arrayContaining([task(1), task(2)]));
    expect(await mailsSince(from)).toEqual([]);

    const run2 = await dailyDuties(ports, '2023-03-16T00:00:00Z');
    expect(run2.redelivered).toEqual([task(1), task(2)]);
    await deliveries.drain();
    expect(await states()).toEqual([[ADDRESSES[0], 'sent'], [ADDRESSES[1], 'sent']]);
    expect((await dailyDuties(ports, '2023-03-17T00:00:00Z')).redelivered).toEqual([]);
    const mails = await mailsSince(from);
    expect(mails.map((m) => m.to).sort()).toEqual([...ADDRESSES].sort());
    for (const mail of mails) expect(mail.attachments.map((a) => a.filename)[0]).toBe('bao-cao-cchc-SKHCN-2023-Q1-v1-ban-hanh.pdf');
  }, 60_000);
});

describe('a period that has not closed', () => {
  it('renders a provisional report dated the render day and mails nothing (fixed clock inside 2023-Q3)', async () => {
    const ports: ReportPorts = { ...buildReportPorts(config), now: () => new Date('2023-08-20T03:00:00Z') };
    const mails = smtp.files().length;
    const outcome = await renderReport(ports, { agencyId: AGENCY, periodId: '2023-Q3', trigger: 'staff' });
    expect(outcome.report).toMatchObject({ version: 1, provisional: true, issuedOn: '2023-08-20' });
    expect(smtp.files()).toHaveLength(mails);
    const { paragraphs } = docxText(await ports.files.get(outcome.report.files.docx.key));
    expect(paragraphs.join('\n')).toContain('Số liệu tạm tính đến ngày 20/8/2023');
    expect(paragraphs.join('\n')).not.toContain('14/9/2023');
  }, 60_000);

  it('renders a future period through HTTP as provisional, dated today, and mails nothing', async () => {
    const mails = smtp.files().length;
    const answer = await staff.request<Rendered>('POST', `/v1/agencies/${AGENCY}/periods/2099-H1/reports`, {});
    expect(answer.status).toBe(201);
    const today = localDate(Date.now());
    expect(answer.body.report).toMatchObject({ provisional: true, issuedOn: today });
    expect(smtp.files()).toHaveLength(mails);
    const { paragraphs } = docxText(await buildReportPorts(config).files.get(answer.body.report.files.docx.key));
    // the draft's date line is blank for the clerk; its figures run up to today
    expect(paragraphs.join('\n')).toContain(`Số liệu tạm tính đến ngày ${formatDate(today)}`);
  }, 60_000);
});

describe('refused requests change nothing', () => {
  type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };
  const profile = () => sampleJson<Record<string, any>>('skhcn-profile.json');

  async function refused(method: string, path: string, body: unknown, status: number, detailPath?: string) {
    const before = await stored();
    const answer = await staff.request<ErrorBody>(method, path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    if (detailPath) expect(answer.body.error.details?.map((d) => d.path)).toContain(detailPath);
    expect(await stored()).toEqual(before);
    return answer.body;
  }

  it('refuses an unknown section key, naming path.sectionKey', async () => {
    await refused('PUT', `${PERIOD}/sections/sports`, { paragraphs: ['Thể thao.'] }, 400, 'path.sectionKey');
  });

  it('refuses narrative over the limit of a paragraph', async () => {
    await refused('PUT', `${PERIOD}/sections/assessment`, { paragraphs: ['a'.repeat(10_001)] }, 400, 'paragraphs[0]');
  });

  it('refuses a profile with an invalid e-mail, naming the field', async () => {
    const body = profile();
    body.recipients[0].emails = ['not-an-address'];
    await refused('PUT', `/v1/agencies/${AGENCY}`, body, 400, 'recipients[0].emails[0]');
  });

  it('refuses a profile whose agencyId differs from the path', async () => {
    await refused('PUT', `/v1/agencies/SNV`, profile(), 400, 'agencyId');
    expect((await staff.request('GET', '/v1/agencies/SNV')).status).toBe(404);
  });

  it('answers 409 for an agency without a profile and stores no version and no file', async () => {
    const body = await refused('POST', '/v1/agencies/SNV/periods/2023-H1/reports', {}, 409);
    expect(body.error.code).toBe('profile_missing');
    expect((await staff.ok<{ reports: unknown[] }>('GET', '/v1/agencies/SNV/periods/2023-H1/reports')).reports).toEqual([]);
    expect(await reportKeys('reports/SNV/')).toEqual([]);
  });
});
