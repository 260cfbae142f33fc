// Warm render times of the report (called by tests/bench/run.ts): the seed H1 report, one
// with 60 fields in the form-06 table and the province's own report over 120 agencies, DOCX and PDF, and the signature of the seed PDF with the
// local software key; median of `runs` after one warm-up (which also makes the key); and the issue
// of the seed (issued DOCX and PDF rendered together, the PDF signed), target under 1 s; and Decree
// 30's two signatures: render, the leader's visible signature, then the clerk's incremental update
// (number, date) and the agency's visible signature, target under 1 s.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSigner } from '#adapters/local-signer.ts';
import { buildReportModel, type ReportModel } from '#domain/report-model.ts';
import { renderDocx } from '#render/docx.ts';
import { renderPdf } from '#render/pdf.ts';
import { signPdf } from '#render/sign-pdf.ts';
import { issueSigned, signAsLeader } from '#render/sign-report.ts';
import { manyFieldsFigures, seedReportInput } from '../fixtures/seed-report-input.ts';
import { provinceReportInput } from '../fixtures/province-report-input.ts';

const sample = (file: string) => readFileSync(new URL(`../../events/samples/signing/${file}`, import.meta.url));

/** The median wall time of `runs` renders after a warm-up, and their mean CPU time (the process's, so its own share of a busy machine). */
async function medianMs(runs: number, render: () => Promise<Uint8Array>): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  let bytes = (await render()).byteLength; // warm-up: fonts read, modules compiled
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    bytes = (await render()).byteLength;
    times.push(performance.now() - t);
  }
  const { user, system } = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, cpuMs: Math.round((user + system) / runs / 100) / 10, bytes };
}

export async function benchRender(runs = 7): Promise<Record<string, number | string>> {
  const cases: [string, ReportModel][] = [
    ['seedH1', buildReportModel(seedReportInput())],
    ['fields60', buildReportModel(seedReportInput({ figures: manyFieldsFigures(60) }))],
    // The province's own report over 120 agencies (Phụ lục I by level and field, Phụ lục II of every agency): target under 2 s each.
    ['province120', buildReportModel(provinceReportInput(120))],
  ];
  const out: Record<string, number | string> = { renderRuns: runs };
  for (const [name, model] of cases) {
    const docx = await medianMs(runs, () => renderDocx(model));
    const pdf = await medianMs(runs, async () => (await renderPdf(model)).bytes);
    out[`render.${name}.docx.medianMs`] = docx.ms;
    out[`render.${name}.docx.bytes`] = docx.bytes;
    out[`render.${name}.pdf.medianMs`] = pdf.ms;
    out[`render.${name}.pdf.bytes`] = pdf.bytes;
  }
  const keys = mkdtempSync(join(tmpdir(), 'bench-signing-'));
  try {
    const { bytes: pdf } = await renderPdf(cases[0]![1]);
    const signer = localSigner(keys, { agencyId: 'SKHCN', agencyName: 'Sở Khoa học và Công nghệ', parentBody: 'UBND tỉnh Quảng Ngãi' });
    const meta = { signerName: 'Nguyễn Văn Đông', reason: 'Phát hành báo cáo', signedAt: new Date('2023-06-15T02:30:00Z') };
    const signed = await medianMs(runs, () => signPdf(pdf, signer, meta));
    out['sign.seedH1.localKey.medianMs'] = signed.ms;
    out['sign.seedH1.addedBytes'] = signed.bytes - pdf.byteLength;
    // What issueReport renders and signs (functions/reports/review-report.ts).
    const issued = buildReportModel(seedReportInput({ issue: { number: '1015/BC-SKHCN', signerName: 'Nguyễn Văn Đông', issuedOn: '2023-06-15' } }));
    const issue = await medianMs(runs, async () => {
      const [docx, { bytes: unsigned }] = await Promise.all([renderDocx(issued), renderPdf(issued)]);
      const signedPdf = await signPdf(unsigned, signer, meta);
      return new Uint8Array(docx.byteLength + signedPdf.byteLength);
    });
    out['issue.seedH1.renderBothAndSign.medianMs'] = issue.ms;

    const agency = { agencyId: 'SKHCN', agencyName: 'Sở Khoa học và Công nghệ', parentBody: 'UBND tỉnh Quảng Ngãi' };
    const leader = localSigner(keys, agency, { userId: 'leader-1', name: 'Trần Quốc Bảo' });
    const leaderMeta = { signerName: 'Trần Quốc Bảo', signatureImagePng: sample('skhcn-leader-signature.png'), signedAt: new Date('2023-06-15T02:30:00Z') };
    const issueMeta = { number: '1015', day: '15', month: '6', year: '2023', agencyName: agency.agencyName, sealImagePng: sample('skhcn-seal.png'), signedAt: new Date('2023-06-15T03:05:00Z') };
    // The report as drawn for the leader's signature (stage 'signed': blanks for the number and date), with its slots.
    const forSigning = buildReportModel(seedReportInput({ stage: 'signed' }));
    const rendered = await renderPdf(forSigning);
    const leaderSigned = await medianMs(runs, () => signAsLeader(rendered, leader, leaderMeta));
    out['sign.seedH1.leaderVisible.medianMs'] = leaderSigned.ms;
    const signedByLeader = await signAsLeader(rendered, leader, leaderMeta);
    const issuedPdf = await medianMs(runs, () => issueSigned(signedByLeader, rendered.slots, signer, issueMeta));
    out['issue.seedH1.numberDateAndAgency.medianMs'] = issuedPdf.ms;
    out['issue.seedH1.twoSignatures.bytes'] = issuedPdf.bytes;
    const both = await medianMs(runs, async () => {
      const again = await renderPdf(forSigning);
      return issueSigned(await signAsLeader(again, leader, leaderMeta), again.slots, signer, issueMeta);
    });
    out['issue.seedH1.renderSignAndIssue.medianMs'] = both.ms;
    out['issue.seedH1.renderSignAndIssue.cpuMs'] = both.cpuMs;
  } finally {
    rmSync(keys, { recursive: true, force: true });
  }
  return out;
}
