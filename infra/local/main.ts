// npm start: the main job on the embedded local stack. Boots it, replays the sample stream over
// HTTP, sets the agency profile and narrative, uploads the cited documents through presigned
// POSTs, renders the 2023-H1 report of SKHCN, delivers it to the local mail sink, prints the
// figures and the paths of the DOCX, the PDF and the mails, and exits.
import './quiet-sdk.ts';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeriodSummary } from '#domain/figures.ts';
import type { ProvinceSummary } from '#domain/rollup.ts';
import { formatRate } from '#domain/vi-format.ts';
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

  const rendered = await staff.ok<{ report: ReportVersion; deliveries: Delivery[] }>('POST', `${period}/reports`, {});
  const { reports } = await staff.ok<{ reports: Array<ReportVersion & { downloads: { docx: string; pdf: string } }> }>('GET', `${period}/reports`);
  const latest = reports.find((r) => r.version === rendered.report.version)!;
  mkdirSync(join(OUT, 'reports'), { recursive: true });
  const files: string[] = [];
  for (const ext of ['docx', 'pdf'] as const) {
    const path = join(OUT, 'reports', latest.files[ext].key.split('/').at(-1)!);
    writeFileSync(path, new Uint8Array(await (await fetch(latest.downloads[ext])).arrayBuffer()));
    files.push(path);
  }
  console.log(`\nReport ${PERIOD} of ${AGENCY}, version ${latest.version}:`);
  for (const file of files) console.log(`  ${file}`);
  console.log(`Delivered to ${rendered.deliveries.filter((d) => d.status === 'sent').length} recipient address(es):`);
  for (const mail of app.stack.smtp.files()) console.log(`  ${relative(process.cwd(), mail)}`);
  for (const failed of rendered.deliveries.filter((d) => d.status !== 'sent')) console.log(`  NOT delivered to ${failed.address}: ${failed.lastError}`);

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
