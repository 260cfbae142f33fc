// npm start: the main job on the embedded local stack. Boots it, replays the sample stream over
// HTTP, sets the agency profile (with its signing images, uploaded like any file) and narrative,
// uploads the cited documents through presigned POSTs, renders the 2023-H1 draft of SKHCN, submits
// it as staff, signs it as the leader (Ký số: the leader's key and name, the signature image),
// issues it as the clerk (Cấp số và phát hành: number, date, the agency's signature and seal), which
// mails it to the recipients in the local mail sink; loads the other sample agencies and the
// province (UBND tỉnh), prints the roll-up, takes an excerpt of the issued report into the
// province's narrative and renders the province's draft; prints each step, the figures and the
// paths of the files and the mails, and exits.
import './quiet-sdk.ts';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deadlineOf } from '#domain/deadlines.ts';
import { citedExcerpt, type Excerpt } from '#domain/excerpts.ts';
import type { PeriodSummary } from '#domain/figures.ts';
import { parsePeriodId } from '#domain/periods.ts';
import type { AgencyProfileInput } from '#domain/profile.ts';
import type { ProvinceSummary } from '#domain/rollup.ts';
import { formatDate, formatRate } from '#domain/vi-format.ts';
import type { Delivery } from '#domain/delivery.ts';
import type { ReportVersion } from '#domain/report-version.ts';
import { makeAttachmentPdf } from '../../events/samples/attachments/make-pdf.ts';
import { startLocalApp } from './app.ts';
import { progressBar, replayFile } from './replay-client.ts';
import { loadSampleAgencies, SAMPLE_AGENCY_IDS, SAMPLE_PROVINCE_ID, withSigningImages } from './sample-agencies.ts';
import { StaffClient } from './staff-client.ts';
import { summaryTable } from './summary-table.ts';

const samples = (name: string) => fileURLToPath(new URL(`../../events/samples/${name}`, import.meta.url));
const AGENCY = 'SKHCN';
const PERIOD = '2023-H1';
const OUT = 'out';

process.env.LOG_LEVEL ??= 'warn';
for (const dir of ['mail', 'reports', 'edxml']) rmSync(join(OUT, dir), { recursive: true, force: true });

const app = await startLocalApp({ mailDir: join(OUT, 'mail'), edxmlDir: join(OUT, 'edxml') });
try {
  const { env } = app.stack;
  const staff = new StaffClient(app.api.url, env.STAFF_DEV_TOKEN!);
  const period = `/v1/agencies/${AGENCY}/periods/${PERIOD}`;

  await replayFile(samples('skhcn-2023.jsonl'), { url: app.api.url, secret: env.EVENTS_HMAC_SECRET!, onProgress: progressBar('Replaying sample events') });
  console.log(`\n${summaryTable(await staff.ok<PeriodSummary>('GET', `${period}/summary`))}\n`);

  const profile = await withSigningImages(staff, JSON.parse(readFileSync(samples('skhcn-profile.json'), 'utf8')) as AgencyProfileInput);
  await staff.ok('PUT', `/v1/agencies/${AGENCY}`, profile);
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
  console.log(`Signing images (generated stand-ins, events/samples/signing) uploaded and named in the profile: ${profile.signers![0]!.name}'s signature, the seal of ${profile.agencyName}.`);

  const office = new StaffClient(app.api.url, 'local-staff-token');
  const leader = new StaffClient(app.api.url, 'local-leader-token');
  const clerk = new StaffClient(app.api.url, 'local-clerk-token');
  type Link = Record<'docx' | 'pdf', string>;
  type Listed = ReportVersion & { downloads: Link & { signed?: { pdf: string }; issued?: Link } };
  mkdirSync(join(OUT, 'reports'), { recursive: true });
  /** Downloads a version's files of a stage through the listing's links, named as the store names them. */
  const save = async (version: number, stage: 'draft' | 'signed' | 'issued', reader = office, at = period): Promise<string[]> => {
    const { reports } = await reader.ok<{ reports: Listed[] }>('GET', `${at}/reports`);
    const listed = reports.find((r) => r.version === version)!;
    const files: Array<[string, string]> =
      stage === 'draft'
        ? [[listed.files.docx.key, listed.downloads.docx], [listed.files.pdf.key, listed.downloads.pdf]]
        : stage === 'signed'
          ? [[`bao-cao-cchc-${AGENCY}-${PERIOD}-v${version}-da-ky.pdf`, listed.downloads.signed!.pdf]]
          : [[listed.issued!.files.docx.key, listed.downloads.issued!.docx], [listed.issued!.files.pdf.key, listed.downloads.issued!.pdf]];
    return Promise.all(
      files.map(async ([key, link]) => {
        const path = join(OUT, 'reports', key.split('/').at(-1)!);
        writeFileSync(path, new Uint8Array(await (await fetch(link)).arrayBuffer()));
        return path;
      }),
    );
  };

  const { report: draft } = await office.ok<{ report: ReportVersion }>('POST', `${period}/reports`, {});
  console.log(`\nDraft ${PERIOD} of ${AGENCY}, version ${draft.version} (staff, local-staff-token; marked DỰ THẢO, number and date blank): nothing mailed`);
  for (const file of await save(draft.version, 'draft')) console.log(`  ${file}`);

  await office.ok('POST', `${period}/reports/${draft.version}/submit`, {});
  console.log(`Submitted for signature (Trình ký) by staff: version ${draft.version} is submitted`);

  const { report: signed } = await leader.ok<{ report: ReportVersion }>('POST', `${period}/reports/${draft.version}/sign`, {});
  const { signer } = signed.signed!;
  console.log(`Signed (Ký số) by the leader (local-leader-token): ${signer.title.replace('\n', ' – ')} ${signer.name}, with the leader's own key and signature image; number and date still blank:`);
  for (const file of await save(signed.version, 'signed')) console.log(`  ${file}`);

  const issue = { number: '1015/BC-SKHCN', issuedOn: '2023-06-15' };
  const { report, deliveries } = await clerk.ok<{ report: ReportVersion; deliveries: Delivery[] }>('POST', `${period}/reports/${draft.version}/issue`, issue);
  console.log(`Numbered and issued (Cấp số và phát hành) by the clerk (local-clerk-token): Số ${report.issued!.number}, ngày ${formatDate(report.issued!.issuedOn)}; the agency's signature and seal over the leader's:`);
  for (const file of await save(report.version, 'issued')) console.log(`  ${file}`);

  // The issue answered once one delivery per recipient was queued; the worker sends them over the
  // stand-in exchange, whose status messages (01, then 03 and 06) come back to POST /v1/exchange/statuses.
  console.log(`Queued ${deliveries.length} deliveries (the document exchange, edXML signed by the agency); their states as GET …/reports shows them:`);
  type Listed2 = { version: number; deliveries: Array<{ recipient: string; channel: string; state: string; detail: string | null }> };
  const settled = new Set(['done', 'refused', 'failed']);
  let last = '';
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const listed = (await office.ok<{ reports: Listed2[] }>('GET', `${period}/reports`)).reports.find((r) => r.version === report.version)!;
    const line = listed.deliveries.map((d) => `${d.recipient} (${d.channel}): ${d.state}${d.detail ? ` – ${d.detail}` : ''}`).join(' · ');
    if (line !== last) console.log(`  ${line}`);
    last = line;
    if (listed.deliveries.every((d) => settled.has(d.state))) break;
  }
  for (const file of app.stack.exchange.files()) console.log(`  ${relative(process.cwd(), file)}`);
  for (const mail of app.stack.smtp.files()) console.log(`  ${relative(process.cwd(), mail)}`);

  // The province's view: the other sample agencies, the roll-up and Biểu số 06 of the province.
  await loadSampleAgencies(staff, { url: app.api.url, secret: env.EVENTS_HMAC_SECRET! }, SAMPLE_AGENCY_IDS.filter((a) => a !== AGENCY));
  const rollup = await staff.ok<ProvinceSummary>('GET', `/v1/periods/${PERIOD}/summary`);
  console.log(`\nProvince roll-up ${PERIOD}: ${rollup.agencies.length} agencies`);
  const rows = [...rollup.agencies, { name: 'Tổng cộng', ...rollup.total }];
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) {
    const d = row.dossiers;
    console.log(`  ${row.name.padEnd(nameWidth)} received ${String(d.received.total).padStart(4)} · resolved ${String(d.resolved.total).padStart(4)} · on time ${formatRate(row.rates.onTime).padStart(7)} · online ${formatRate(row.rates.online).padStart(7)}`);
  }
  const workbook = join(OUT, 'reports', `bieu-06-${PERIOD}.xlsx`);
  const xlsx = await fetch(`${app.api.url}/v1/periods/${PERIOD}/form06.xlsx`, { headers: { authorization: `Bearer ${env.STAFF_DEV_TOKEN}` } });
  if (!xlsx.ok) throw new Error(`GET /v1/periods/${PERIOD}/form06.xlsx answered ${xlsx.status}`);
  writeFileSync(workbook, new Uint8Array(await xlsx.arrayBuffer()));
  console.log(`Biểu số 06 of the province: ${workbook}`);

  // The province's own report: Sở Nội vụ's officer takes a paragraph of SKHCN's issued report into
  // the province's narrative, cited by its number, and renders the draft.
  const snv = new StaffClient(app.api.url, 'local-province-staff-token');
  const provincePeriod = `/v1/agencies/${SAMPLE_PROVINCE_ID}/periods/${PERIOD}`;
  const [excerpt] = await snv.ok<Excerpt[]>('GET', `/v1/periods/${PERIOD}/excerpts?section=direction`);
  if (!excerpt) throw new Error(`no excerpt of ${AGENCY}'s issued report for the section direction`);
  await snv.ok('PUT', `${provincePeriod}/sections/direction`, { paragraphs: [citedExcerpt(excerpt)] });
  console.log(`Excerpt of ${excerpt.name}, report ${excerpt.number}, taken into the province's section direction (GET /v1/periods/${PERIOD}/excerpts?section=direction)`);
  const { report: provinceDraft } = await snv.ok<{ report: ReportVersion }>('POST', `${provincePeriod}/reports`, {});
  console.log(`Draft ${PERIOD} of ${SAMPLE_PROVINCE_ID} (Ủy ban nhân dân tỉnh Quảng Ngãi), version ${provinceDraft.version} (Sở Nội vụ's officer, local-province-staff-token; due ${formatDate(deadlineOf({ level: 'province', deadlines: {} }, parsePeriodId(PERIOD))!)}):`);
  for (const file of await save(provinceDraft.version, 'draft', snv, provincePeriod)) console.log(`  ${file}`);
} finally {
  await app.stop();
}
