// Warm render times of the report (called by tests/bench/run.ts): the seed H1 report and one
// with 60 fields in the form-06 table, DOCX and PDF, median of `runs` after one warm-up; and the
// issue of the seed (issued DOCX and PDF rendered together, the PDF signed), target under 1 s.
import { buildReportModel, type ReportModel } from '#domain/report-model.ts';
import { renderDocx } from '#render/docx.ts';
import { renderPdf } from '#render/pdf.ts';
import { signPdf, unsignedStandIn } from '#render/sign-pdf.ts';
import { manyFieldsFigures, seedReportInput } from '../fixtures/seed-report-input.ts';

async function medianMs(runs: number, render: () => Promise<Uint8Array>): Promise<{ ms: number; bytes: number }> {
  let bytes = (await render()).byteLength; // warm-up: fonts read, modules compiled
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    bytes = (await render()).byteLength;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, bytes };
}

export async function benchRender(runs = 7): Promise<Record<string, number | string>> {
  const cases: [string, ReportModel][] = [
    ['seedH1', buildReportModel(seedReportInput())],
    ['fields60', buildReportModel(seedReportInput({ figures: manyFieldsFigures(60) }))],
  ];
  const out: Record<string, number | string> = { renderRuns: runs };
  for (const [name, model] of cases) {
    const docx = await medianMs(runs, () => renderDocx(model));
    const pdf = await medianMs(runs, () => renderPdf(model));
    out[`render.${name}.docx.medianMs`] = docx.ms;
    out[`render.${name}.docx.bytes`] = docx.bytes;
    out[`render.${name}.pdf.medianMs`] = pdf.ms;
    out[`render.${name}.pdf.bytes`] = pdf.bytes;
  }
  // What issueReport renders and signs (functions/reports/review-report.ts). The signer is the one
  // report-ports.ts wires (TEMPORARY: the stand-in until branch sign's local signer).
  const issued = buildReportModel(seedReportInput({ issue: { number: '1015/BC-SKHCN', signerName: 'Nguyễn Văn A', issuedOn: '2023-06-15' } }));
  const issue = await medianMs(runs, async () => {
    const [docx, pdf] = await Promise.all([renderDocx(issued), renderPdf(issued)]);
    const signed = await signPdf(pdf, unsignedStandIn, { signerName: 'Nguyễn Văn A', reason: 'Phát hành báo cáo', signedAt: new Date('2023-06-15T02:00:00Z') });
    return new Uint8Array(docx.byteLength + signed.byteLength);
  });
  out['issue.seedH1.renderBothAndSign.medianMs'] = issue.ms;
  return out;
}
