// The scheduled closing over real DynamoDB Local, s3rver and an SMTP sink: each run renders and
// mails the reports of exactly the periods closing that local day, for the agencies whose profile
// lists that kind of period — every 15th the report month, the 15th of a quarter's last month the
// longer periods too; a run on another day, or the same closing run again, does nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyProfileSchema, type AgencyProfileInput } from '#domain/profile.ts';
import { closePeriods } from '#functions/close-period/close-period.ts';
import type { ReportPorts } from '#functions/reports/render-report.ts';
import { reportPortsFromEnv } from '#functions/reports/report-ports.ts';
import { startSmtpSink, type SmtpSink } from '#local/smtp-sink.ts';
import { freshBucket, freshTable, s3Client, useLocalEnv } from '../setup/services.ts';
import { readMails } from '../support/report-mail.ts';

const TEST_POLICY = { attempts: 3, backoffMs: 1, staleClaimMs: 60_000 };
const sample = JSON.parse(readFileSync(new URL('../../events/samples/skhcn-profile.json', import.meta.url), 'utf8')) as AgencyProfileInput;

/** Reports on every quarter, half, nine months and year. */
const EVERY_KIND = { ...sample, agencyId: 'SKHCN', periodKinds: ['Q', 'H', '9M', 'FY'], recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: ['moi-ky@example.vn'] }] };
/** Reports on months only. */
const MONTHS = { ...sample, agencyId: 'STP', agencyName: 'Sở Tư pháp', symbol: 'STP', periodKinds: ['M'], recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: ['hang-thang@example.vn'] }] };
/** Reports on halves only. */
const HALVES = { ...sample, agencyId: 'SNV', agencyName: 'Sở Nội vụ', symbol: 'SNV', periodKinds: ['H'], recipients: [{ line: 'UBND tỉnh (báo cáo)', emails: ['nua-nam@example.vn'] }] };
const ADDRESS: Record<string, string> = { SKHCN: 'moi-ky@example.vn', SNV: 'nua-nam@example.vn', STP: 'hang-thang@example.vn' };

let restoreEnv: () => void;
let dropTable: () => Promise<void>;
let reportsBucket: string;
let smtp: SmtpSink;
let mailDir: string;
let ports: ReportPorts;

beforeAll(async () => {
  const table = await freshTable('close-period');
  dropTable = table.drop;
  reportsBucket = await freshBucket('close-period');
  mailDir = mkdtempSync(join(tmpdir(), 'close-period-mail-'));
  smtp = await startSmtpSink({ dir: mailDir });
  restoreEnv = useLocalEnv({
    TABLE_NAME: table.tableName,
    REPORTS_BUCKET: reportsBucket,
    MAIL_FROM: 'bao-cao-cchc@localhost',
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    LOG_LEVEL: 'error',
  });
  ports = reportPortsFromEnv();
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

/** A closing run, with the mails it sent as "agency period → address". */
async function close(scheduledTime: string) {
  const from = smtp.files().length;
  const run = await closePeriods(ports, scheduledTime, TEST_POLICY);
  const mails = (await readMails(smtp.files().slice(from))).map((mail) => {
    const [, agencyId, periodId] = /^bao-cao-cchc-(\w+)-(\d{4}-\w+)-v1\.pdf$/.exec(mail.attachments[1]?.filename ?? '') ?? [];
    return `${agencyId} ${periodId} → ${mail.to}`;
  });
  return { run, mails: mails.sort() };
}

const renders = (...pairs: Array<[agencyId: string, periodId: string]>) =>
  pairs.map(([agencyId, periodId]) => ({ agencyId, periodId, version: 1, created: true, sent: 1, failed: 0 }));
const mailsFor = (...pairs: Array<[agencyId: string, periodId: string]>) => pairs.map(([a, p]) => `${a} ${p} → ${ADDRESS[a]}`).sort();

describe('closePeriods', () => {
  it('does nothing on a day no period closes, in local time', async () => {
    // 23:59:59 on 14/6 in Hanoi is still the last day of 2023-H1; 07:00 on 14/6 and 16/7 close nothing either.
    for (const at of ['2023-06-14T16:59:59Z', '2023-06-14T00:00:00Z', '2023-07-16T00:00:00Z']) {
      expect(await close(at)).toEqual({ run: { periods: [], rendered: [], errors: [] }, mails: [] });
    }
    expect(await reportKeys()).toEqual([]);
  });

  it('closes the report month on a 15th outside a quarter, for the agency reporting months only', async () => {
    const { run, mails } = await close('2023-07-15T00:00:00Z');
    expect(run).toEqual({ periods: ['2023-M07'], rendered: renders(['STP', '2023-M07']), errors: [] });
    expect(mails).toEqual(mailsFor(['STP', '2023-M07']));
    // report month 07 runs from 15/6 to 14/7 and is dated the day after
    expect(await ports.versions.latestVersion('STP', '2023-M07')).toMatchObject({ version: 1, provisional: false, issuedOn: '2023-07-15', trigger: 'schedule' });
    expect(await ports.versions.listVersions('SKHCN', '2023-M07')).toEqual([]);
  }, 60_000);

  it('closes M03 and Q1 on 15/3, each for the agency reporting that kind', async () => {
    const { run, mails } = await close('2023-03-15T00:00:00Z');
    expect(run).toEqual({ periods: ['2023-M03', '2023-Q1'], rendered: renders(['SKHCN', '2023-Q1'], ['STP', '2023-M03']), errors: [] });
    expect(mails).toEqual(mailsFor(['SKHCN', '2023-Q1'], ['STP', '2023-M03']));
    expect(await ports.versions.latestVersion('SKHCN', '2023-Q1')).toMatchObject({ version: 1, provisional: false, amendment: false, issuedOn: '2023-03-15', trigger: 'schedule' });
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
    expect(run).toEqual({ periods: ['2023-M09', '2023-Q3', '2023-9M'], rendered: renders(['SKHCN', '2023-Q3'], ['SKHCN', '2023-9M'], ['STP', '2023-M09']), errors: [] });
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

  it('creates nothing and mails nothing when the same closing runs again', async () => {
    const keys = await reportKeys();
    const mails = smtp.files().length;
    const { run } = await close('2023-06-15T00:00:00Z');
    expect(run.rendered).toHaveLength(4);
    expect(run.rendered.every((r) => r.version === 1 && !r.created && r.sent === 0 && r.failed === 0)).toBe(true);
    expect((await close('2023-12-15T00:00:00Z')).run.rendered.filter((r) => r.created || r.sent > 0)).toEqual([]);
    expect(await reportKeys()).toEqual(keys);
    expect(smtp.files()).toHaveLength(mails);
    expect((await ports.deliveries.listDeliveries('SNV', '2023-H1')).map((d) => [d.version, d.address, d.status])).toEqual([[1, 'nua-nam@example.vn', 'sent']]);
  }, 60_000);
});
