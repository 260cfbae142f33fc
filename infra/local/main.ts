// npm start: the main job on the embedded local stack. Boots it, replays the sample stream over
// HTTP, sets the agency profile and narrative, uploads the cited documents through presigned
// POSTs, renders the 2023-H1 draft of SKHCN, submits it as staff, issues it as a leader (number,
// date, signer, signed PDF), which mails it to the recipients in the local mail sink; prints each
// step, the figures and the paths of the files and the mails, and exits.
import './quiet-sdk.ts';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeriodSummary } from '#domain/figures.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { ProvinceSummary } from '#domain/rollup.ts';
import { formatDate, formatRate } from '#domain/vi-format.ts';
import type { Delivery, ReportVersion } from '#domain/report-version.ts';
import { makeAttachmentPdf } from '../../events/samples/attachments/make-pdf.ts';
import { startLocalApp } from './app.ts';
import { progressBar, replayFile } from './replay-client.ts';
import { loadSampleAgencies, SAMPLE_AGENCY_IDS } from './sample-agencies.ts';
import { StaffClient } from './staff-client.ts';
import { summaryTable } from './summary-table.ts';

const samples = (name: string) => fileURLToPath(new URL(`../../events/samples/${name}`, import.meta.url));
const AGENCY = 'SKHCN';
const PERIOD = '2023-H1';
const OUT = 'out';

process.env.LOG_LEVEL ??= 'warn';
for (const dir of ['mail', 'reports']) rmSync(join(OUT, dir), { recursive: true, force: true });

const app = await startLocalApp({ mailDir: join(OUT, 'mail') });
try {
  const { env } = app.stack;
  const staff = new StaffClient(app.api.url, env.STAFF_DEV_TOKEN!);
  const period = `/v1/agencies/${AGENCY}/periods/${PERIOD}`;

  await replayFile(samples('skhcn-2023.jsonl'), { url: app.api.url, secret: env.EVENTS_HMAC_SECRET!, onProgress: progressBar('Replaying sample events') });
  console.log(`\n${summaryTable(await staff.ok<PeriodSummary>('GET', `${period}/summary`))}\n`);

  await staff.ok('PUT', `/v1/agencies/${AGENCY}`, JSON.parse(readFileSync(samples('skhcn-profile.json'), 'utf8')));
  const sections = JSON.parse(readFileSync(samples(`skhcn-${PERIOD}-sections.json`), 'utf8')) as Record<string, string[]>;
  for (const [key, paragraphs] of Object.entries(sections)) await staff.ok('PUT', `${period}/sections/${key}`, { paragraphs });

  const { attachments } = JSON.parse(readFileSync(samples(`attachments/skhcn-${PERIOD}.json`), 'utf8')) as {
    attachments: Array<{ fileName: string; contentType: string; document: Parameters<typeof makeAttachmentPdf>[0] }>;
  };
  let accepted = 0;
  for (const attachment of attachments) {
    const { fileName, contentType, document } = attachment;
    const uploadId = await staff.upload(AGENCY, { fileName, contentType, document }, await makeAttachmentPdf(document));
    const decided = await staff.decided(AGENCY, uploadId);
    if (decided.state !== 'accepted') throw new Error(`${attachment.fileName} was ${decided.state}: ${decided.reason}`);
    accepted++;
  }
  console.log(`Uploaded ${accepted} cited documents through presigned POSTs; all accepted.`);

  const clerk = new StaffClient(app.api.url, 'local-staff-token');
  const leader = new StaffClient(app.api.url, 'local-leader-token');
  type Listed = ReportVersion & { downloads: Record<'docx' | 'pdf', string> & { issued?: Record<'docx' | 'pdf', string> } };
  mkdirSync(join(OUT, 'reports'), { recursive: true });
  /** Downloads a version's files through the listing's links; the issued ones once it is issued. */
  const save = async (version: number, issued: boolean): Promise<string[]> => {
    const { reports } = await clerk.ok<{ reports: Listed[] }>('GET', `${period}/reports`);
    const listed = reports.find((r) => r.version === version)!;
    const files = issued ? listed.issued!.files : listed.files;
    const links = issued ? listed.downloads.issued! : listed.downloads;
    return Promise.all(
      (['docx', 'pdf'] as const).map(async (ext) => {
        const path = join(OUT, 'reports', files[ext].key.split('/').at(-1)!);
        writeFileSync(path, new Uint8Array(await (await fetch(links[ext])).arrayBuffer()));
        return path;
      }),
    );
  };

  const { report: draft } = await clerk.ok<{ report: ReportVersion }>('POST', `${period}/reports`, {});
  console.log(`\nDraft ${PERIOD} of ${AGENCY}, version ${draft.version} (staff, local-staff-token): nothing mailed`);
  for (const file of await save(draft.version, false)) console.log(`  ${file}`);

  await clerk.ok('POST', `${period}/reports/${draft.version}/submit`, {});
  console.log(`Submitted for signature (trình ký) by staff: version ${draft.version} is submitted`);

  const { signer } = await leader.ok<AgencyProfile>('GET', `/v1/agencies/${AGENCY}`);
  const issue = { number: '1015/BC-SKHCN', signerName: signer.name, issuedOn: '2023-06-15' };
  const { report, deliveries } = await leader.ok<{ report: ReportVersion; deliveries: Delivery[] }>('POST', `${period}/reports/${draft.version}/issue`, issue);
  console.log(`Issued by the leader (local-leader-token): Số ${report.issued!.number}, ngày ${formatDate(report.issued!.issuedOn)}, ${report.issued!.signerName}; signed PDF:`);
  for (const file of await save(report.version, true)) console.log(`  ${file}`);

  console.log(`Delivered to ${deliveries.filter((d) => d.status === 'sent').length} recipient address(es):`);
  for (const mail of app.stack.smtp.files()) console.log(`  ${relative(process.cwd(), mail)}`);
  for (const failed of deliveries.filter((d) => d.status !== 'sent')) console.log(`  NOT delivered to ${failed.address}: ${failed.lastError}`);

  // The province's view: the other sample agencies, the roll-up and Biểu số 06 of the province.
  await loadSampleAgencies(staff, { url: app.api.url, secret: env.EVENTS_HMAC_SECRET! }, SAMPLE_AGENCY_IDS.filter((a) => a !== AGENCY));
  const rollup = await staff.ok<ProvinceSummary>('GET', `/v1/periods/${PERIOD}/summary`);
  console.log(`\nProvince roll-up ${PERIOD}: ${rollup.agencies.length} agencies`);
  for (const row of [...rollup.agencies, { name: 'Tổng cộng', ...rollup.total }]) {
    const d = row.dossiers;
    console.log(`  ${row.name.padEnd(26)} received ${String(d.received.total).padStart(4)} · resolved ${String(d.resolved.total).padStart(4)} · on time ${formatRate(row.rates.onTime).padStart(7)} · online ${formatRate(row.rates.online).padStart(7)}`);
  }
  const workbook = join(OUT, 'reports', `bieu-06-${PERIOD}.xlsx`);
  const xlsx = await fetch(`${app.api.url}/v1/periods/${PERIOD}/form06.xlsx`, { headers: { authorization: `Bearer ${env.STAFF_DEV_TOKEN}` } });
  if (!xlsx.ok) throw new Error(`GET /v1/periods/${PERIOD}/form06.xlsx answered ${xlsx.status}`);
  writeFileSync(workbook, new Uint8Array(await xlsx.arrayBuffer()));
  console.log(`Biểu số 06 of the province: ${workbook}`);
} finally {
  await app.stop();
}
