// The scheduled closing over real DynamoDB Local, s3rver and an SMTP sink, fanned out through the
// in-process close queue (SQS has no local equivalent) to real renders: each run renders the
// drafts of exactly the periods closing that local day, for the agencies whose profile lists that
// kind of period — every 15th the report month, the 15th of a quarter's last month the longer
// periods too — and tells each agency's office, never the recipients; a run on another day, or
// the same closing run again, does nothing. Before an early deadline the daily duties draft
// provisionally and remind the office and the leaders (LEADER_DIRECTORY).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyProfileSchema, type AgencyProfileInput } from '#domain/profile.ts';
import { closeAgencyPeriod, dailyDuties } from '#app/period-close.ts';
import { dynamoCloseRunStore } from '#adapters/close-run-store.ts';
import { documentClient } from '#adapters/dynamodb.ts';
import { localPeriodClose } from '#local/close.ts';
import type { ReportPorts } from '#app/report-ports.ts';
import { buildReportPorts } from '#adapters/report-ports.ts';
import { startSmtpSink, type SmtpSink } from '#local/smtp-sink.ts';
import { freshBucket, freshTable, s3Client, localSetup } from '../setup/services.ts';
import { readMails } from '../support/report-mail.ts';

const TEST_POLICY = { attempts: 3, backoffMs: 1, staleClaimMs: 60_000 };
const sample = JSON.parse(readFileSync(new URL('../../events/samples/skhcn-profile.json', import.meta.url), 'utf8')) as AgencyProfileInput;

const RECIPIENT = 'vanthu.ubnd@example.vn';
const recipients = [{ line: 'UBND tỉnh (báo cáo)', emails: [RECIPIENT] }];
/** Reports on every quarter, half, nine months and year. */
const EVERY_KIND = { ...sample, agencyId: 'SKHCN', periodKinds: ['Q', 'H', '9M', 'FY'], officeEmails: ['moi-ky@example.vn'], deadlines: {}, recipients };
/** Reports on months only. */
const MONTHS = { ...sample, agencyId: 'STP', agencyName: 'Sở Tư pháp', symbol: 'STP', periodKinds: ['M'], officeEmails: ['hang-thang@example.vn'], deadlines: {}, recipients };
/** Reports on halves only. */
const HALVES = { ...sample, agencyId: 'SNV', agencyName: 'Sở Nội vụ', symbol: 'SNV', periodKinds: ['H'], officeEmails: ['nua-nam@example.vn'], deadlines: {}, recipients };
/** Reports on halves, the first due by 05/6 (the province's deadline). */
const EARLY = { ...sample, agencyId: 'SXD', agencyName: 'Sở Xây dựng', symbol: 'SXD', periodKinds: ['H'], officeEmails: ['van-phong@sxd.example.vn'], deadlines: { H: -9 }, recipients };
const ADDRESS: Record<string, string> = { SKHCN: 'moi-ky@example.vn', SNV: 'nua-nam@example.vn', STP: 'hang-thang@example.vn' };
const SXD_LEADER = 'giam-doc@sxd.example.vn';

let restoreEnv: () => void;
let dropTable: () => Promise<void>;
let reportsBucket: string;
let smtp: SmtpSink;
let mailDir: string;
let ports: ReportPorts;
let closing: ReturnType<typeof localPeriodClose>;

beforeAll(async () => {
  const table = await freshTable('close-period');
  dropTable = table.drop;
  reportsBucket = await freshBucket('close-period');
  mailDir = mkdtempSync(join(tmpdir(), 'close-period-mail-'));
  smtp = await startSmtpSink({ dir: mailDir });
  const setup = localSetup(
    {
      TABLE_NAME: table.tableName,
      REPORTS_BUCKET: reportsBucket,
      MAIL_FROM: 'bao-cao-cchc@localhost',
      LOG_LEVEL: 'error',
      LEADER_DIRECTORY: JSON.stringify({ SXD: [SXD_LEADER] }),
    },
    { mailer: { kind: 'smtp', host: smtp.host, port: smtp.port } },
  );
  restoreEnv = setup.restore;
  ports = buildReportPorts(setup.config);
  closing = localPeriodClose({
    profiles: ports.profiles,
    closeRuns: dynamoCloseRunStore(documentClient(setup.config.adapters.aws), table.tableName),
    closeAgencyPeriod: (agencyId, periodId) => closeAgencyPeriod(ports, agencyId, periodId, TEST_POLICY),
  });
  for (const profile of [EVERY_KIND, HALVES, MONTHS]) await ports.profiles.putProfile(AgencyProfileSchema.parse(profile), '2023-01-01T00:00:00.000Z');
});

afterAll(async () => {
  await smtp?.stop();
  restoreEnv?.();
  await dropTable?.();
  rmSync(mailDir, { recursive: true, force: true });
});

async function reportKeys(): Promise<string[]> {
  const client = s3Client();
  try {
    const { Contents } = await client.send(new ListObjectsV2Command({ Bucket: reportsBucket }));
    return (Contents ?? []).map((o) => o.Key!).sort();
  } finally {
    client.destroy();
  }
}

/** A closing run, with the mails it sent as "agency period → address" (the draft is attached to the office's notice). */
async function close(scheduledTime: string) {
  const from = smtp.files().length;
  const run = await closing.close(scheduledTime);
  const received = await readMails(smtp.files().slice(from));
  expect(received.map((m) => m.to)).not.toContain(RECIPIENT);
  const mails = received.map((mail) => {
    const [, agencyId, periodId] = /^bao-cao-cchc-(\w+)-(\d{4}-\w+)-v1\.pdf$/.exec(mail.attachments[1]?.filename ?? '') ?? [];
    return `${agencyId} ${periodId} → ${mail.to}`;
  });
  return { run, mails: mails.sort() };
}

const renders = (...pairs: Array<[agencyId: string, periodId: string]>) =>
  pairs.map(([agencyId, periodId]) => ({ agencyId, periodId, version: 1, created: true, notified: 1, failed: 0 }));
const quiet = { deadlines: [], redelivered: [], errors: [] };
const mailsFor = (...pairs: Array<[agencyId: string, periodId: string]>) => pairs.map(([a, p]) => `${a} ${p} → ${ADDRESS[a]}`).sort();

describe('closePeriods', () => {
  it('does nothing on a day no period closes, in local time', async () => {
    // 23:59:59 on 14/6 in Hanoi is still the last day of 2023-H1; 07:00 on 14/6 and 16/7 close nothing either.
    for (const at of ['2023-06-14T16:59:59Z', '2023-06-14T00:00:00Z', '2023-07-16T00:00:00Z']) {
      expect(await close(at)).toEqual({ run: { periods: [], rendered: [], errors: [], pending: [] }, mails: [] });
    }
    expect(await reportKeys()).toEqual([]);
  });

  it('closes the report month on a 15th outside a quarter, for the agency reporting months only', async () => {
    const { run, mails } = await close('2023-07-15T00:00:00Z');
    expect(run).toEqual({ periods: ['2023-M07'], rendered: renders(['STP', '2023-M07']), errors: [], pending: [] });
    expect(mails).toEqual(mailsFor(['STP', '2023-M07']));
    // report month 07 runs from 15/6 to 14/7 and is dated the day after
    expect(await ports.versions.latestVersion('STP', '2023-M07')).toMatchObject({ version: 1, state: 'draft', provisional: false, issuedOn: '2023-07-15', trigger: 'schedule' });
    expect(await ports.versions.listVersions('SKHCN', '2023-M07')).toEqual([]);
  }, 60_000);

  it('closes M03 and Q1 on 15/3, each for the agency reporting that kind: a draft, a notice to its office, nothing to the recipients', async () => {
    const { run, mails } = await close('2023-03-15T00:00:00Z');
    expect(run).toEqual({ periods: ['2023-M03', '2023-Q1'], rendered: renders(['STP', '2023-M03'], ['SKHCN', '2023-Q1']), errors: [], pending: [] });
    expect(mails).toEqual(mailsFor(['SKHCN', '2023-Q1'], ['STP', '2023-M03']));
    expect(await ports.versions.latestVersion('SKHCN', '2023-Q1')).toMatchObject({ version: 1, state: 'draft', provisional: false, amendment: false, issuedOn: '2023-03-15', trigger: 'schedule' });
    expect(await ports.deliveries.listDeliveries('SKHCN', '2023-Q1')).toEqual([]);
    // the last two mails: SKHCN's notice and STP's
    const notice = (await readMails(smtp.files().slice(-2))).find((m) => m.to === ADDRESS.SKHCN);
    expect(notice!.subject).toBe('Dự thảo báo cáo CCHC quý I năm 2023 (lần 1) chờ trình ký');
    expect(notice!.text).toMatch(/^Kính gửi: Văn phòng Sở Khoa học và Công nghệ\n/);
    expect(notice!.text).not.toContain('2023-Q1');
  }, 60_000);

  it('closes Q2 and H1 on 15/6: H1 for both agencies, Q2 only for the one reporting quarters', async () => {
    const { run, mails } = await close('2023-06-15T00:00:00Z');
    expect(run.periods).toEqual(['2023-M06', '2023-Q2', '2023-H1']);
    expect(run.errors).toEqual([]);
    expect(run.rendered).toEqual(expect.arrayContaining(renders(['SKHCN', '2023-Q2'], ['SKHCN', '2023-H1'], ['SNV', '2023-H1'], ['STP', '2023-M06'])));
    expect(run.rendered).toHaveLength(4);
    expect(mails).toEqual(mailsFor(['SKHCN', '2023-Q2'], ['SKHCN', '2023-H1'], ['SNV', '2023-H1'], ['STP', '2023-M06']));
    expect(await ports.versions.listVersions('SNV', '2023-Q2')).toEqual([]);
  }, 60_000);

  it('closes Q3 and 9M on 15/9, which the halves-only agency does not report', async () => {
    const { run, mails } = await close('2023-09-15T00:00:00Z');
    expect(run).toEqual({ periods: ['2023-M09', '2023-Q3', '2023-9M'], rendered: renders(['STP', '2023-M09'], ['SKHCN', '2023-Q3'], ['SKHCN', '2023-9M']), errors: [], pending: [] });
    expect(mails).toEqual(mailsFor(['SKHCN', '2023-Q3'], ['SKHCN', '2023-9M'], ['STP', '2023-M09']));
  }, 60_000);

  it('closes Q4, H2 and the year on 15/12', async () => {
    const { run, mails } = await close('2023-12-15T00:00:00Z');
    expect(run.periods).toEqual(['2023-M12', '2023-Q4', '2023-H2', '2023-FY']);
    expect(run.errors).toEqual([]);
    expect(run.rendered).toEqual(expect.arrayContaining(renders(['SKHCN', '2023-Q4'], ['SKHCN', '2023-H2'], ['SKHCN', '2023-FY'], ['SNV', '2023-H2'], ['STP', '2023-M12'])));
    expect(run.rendered).toHaveLength(5);
    expect(mails).toEqual(mailsFor(['SKHCN', '2023-Q4'], ['SKHCN', '2023-H2'], ['SKHCN', '2023-FY'], ['SNV', '2023-H2'], ['STP', '2023-M12']));
    expect(await ports.versions.latestVersion('SKHCN', '2023-FY')).toMatchObject({ issuedOn: '2023-12-15', provisional: false });
    // fifteen reports in all (M07, then 2 + 4 + 3 + 5), a DOCX and a PDF each
    expect(await reportKeys()).toHaveLength(30);
  }, 60_000);

  it("creates nothing and mails nothing when the same closing runs again: it answers from the run's record", async () => {
    const keys = await reportKeys();
    const mails = smtp.files().length;
    const { run } = await close('2023-06-15T00:00:00Z');
    expect(run.rendered).toEqual(expect.arrayContaining(renders(['SKHCN', '2023-Q2'], ['SKHCN', '2023-H1'], ['SNV', '2023-H1'], ['STP', '2023-M06'])));
    expect(run.rendered).toHaveLength(4);
    expect((await close('2023-12-15T00:00:00Z')).run.rendered).toHaveLength(5);
    expect(await reportKeys()).toEqual(keys);
    expect(smtp.files()).toHaveLength(mails);
    expect(closing.queue.deadLetters).toEqual([]);
    // the office's notices are not deliveries: nothing went to the recipients
    expect(await ports.deliveries.listDeliveries('SNV', '2023-H1')).toEqual([]);
  }, 60_000);
});

describe('dailyDuties', () => {
  it('before an early deadline: a provisional draft to the office 3 working days before, a reminder to office and leaders the working day before, each once', async () => {
    await ports.profiles.putProfile(AgencyProfileSchema.parse(EARLY), '2024-01-01T00:00:00.000Z');
    // 2024-H1 is due Wednesday 05/6/2024: the draft on Friday 31/5, the reminder on Tuesday 04/6 (both 07:00 in Hanoi)
    const on = (date: string) => ({ ...ports, now: () => new Date(`${date}T00:00:00Z`) });
    const from = smtp.files().length;
    const draftRun = await dailyDuties(on('2024-05-31'), '2024-05-31T00:00:00Z', TEST_POLICY);
    expect(draftRun).toEqual({ ...quiet, deadlines: [{ agencyId: 'SXD', periodId: '2024-H1', duty: 'provisional-draft', deadline: '2024-06-05', version: 1, notified: 1, failed: 0 }] });
    expect(await ports.versions.latestVersion('SXD', '2024-H1')).toMatchObject({ version: 1, state: 'draft', provisional: true, issuedOn: '2024-05-31' });
    const reminderRun = await dailyDuties(on('2024-06-04'), '2024-06-04T00:00:00Z', TEST_POLICY);
    expect(reminderRun).toEqual({ ...quiet, deadlines: [{ agencyId: 'SXD', periodId: '2024-H1', duty: 'reminder', deadline: '2024-06-05', notified: 2, failed: 0 }] });
    // the scheduler's retry of the same day reminds nobody twice
    expect((await dailyDuties(on('2024-06-04'), '2024-06-04T00:00:00Z', TEST_POLICY)).deadlines[0]!.notified).toBe(0);

    const mails = await readMails(smtp.files().slice(from));
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      ['van-phong@sxd.example.vn', 'Dự thảo báo cáo CCHC 6 tháng đầu năm 2024 (lần 1) chờ trình ký'],
      ['van-phong@sxd.example.vn', 'Nhắc hạn: báo cáo CCHC 6 tháng đầu năm 2024 phải gửi trước ngày 05/6/2024'],
      [SXD_LEADER, 'Nhắc hạn: báo cáo CCHC 6 tháng đầu năm 2024 phải gửi trước ngày 05/6/2024'],
    ]);
    expect(mails[0]!.text).toContain('Số liệu tạm tính đến ngày 31/5/2024');
    expect(mails[0]!.attachments.map((a) => a.filename)).toEqual(['bao-cao-cchc-SXD-2024-H1-v1.docx', 'bao-cao-cchc-SXD-2024-H1-v1.pdf']);
    expect(mails[2]!.text).toContain('Bản mới nhất (lần 1) đang ở bước: dự thảo, chưa trình ký.');
    expect(await ports.deliveries.listDeliveries('SXD', '2024-H1')).toEqual([]);
  }, 60_000);
});
