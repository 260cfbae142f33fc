// `npm run preview [input.json]`: renders a report to out/preview/report.pdf and report.docx and
// the PDF's pages to out/preview/page-N.png (poppler's pdftoppm) for a look by eye.
// The JSON file holds a ReportInput (or a ReportModel: it has a "body"); without one the seed
// report (Báo cáo số 1015/BC-SKHCN) is rendered, as issued, or as `npm run preview draft` / `signed`;
// `npm run preview province` renders the province's own report over made-up agencies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportModel, type ReportInput, type ReportModel, type ReportStage } from '#domain/report-model.ts';
import { renderDocx } from '#render/docx.ts';
import { renderPdf } from '#render/pdf.ts';
import { commandLine, usageError } from '#local/cli.ts';
import { seedReportInput } from '../tests/fixtures/seed-report-input.ts';
import { provinceReportInput } from '../tests/fixtures/province-report-input.ts';

const OUT = 'out/preview';

const STAGES: readonly string[] = ['draft', 'signed', 'issued'] satisfies ReportStage[];

function loadModel(file: string | undefined): ReportModel {
  if (file === 'province') return buildReportModel(provinceReportInput(24));
  if (!file || STAGES.includes(file)) return buildReportModel(seedReportInput(file ? { stage: file as ReportStage } : {}));
  const json = JSON.parse(readFileSync(file, 'utf8')) as ReportInput | ReportModel;
  return 'body' in json ? json : buildReportModel(json);
}

const usage = `usage: npm run preview [-- input.json]

Renders a report to out/preview/report.pdf and report.docx, and the PDF's pages to PNG with
pdftoppm; input.json holds a ReportInput or a ReportModel (default: the seed report), or
"province" renders the province's own report over 24 made-up agencies.`;
const { positionals } = commandLine(usage, { allowPositionals: true, options: {} });
if (positionals.length > 1) usageError(usage, `one input at a time: ${positionals.slice(1).join(' ')} is one too many`);
const model = loadModel(positionals[0]);
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) if (/^page-\d+\.png$/.test(f)) rmSync(join(OUT, f));
writeFileSync(join(OUT, 'report.pdf'), (await renderPdf(model)).bytes);
writeFileSync(join(OUT, 'report.docx'), await renderDocx(model));
console.log(`wrote ${OUT}/report.pdf and ${OUT}/report.docx`);

const png = spawnSync('pdftoppm', ['-png', '-r', '60', join(OUT, 'report.pdf'), join(OUT, 'page')], { stdio: 'inherit' });
if (png.error) {
  console.error('pdftoppm is missing; install poppler-utils (apt-get install -y poppler-utils) to get the page images');
  process.exitCode = 1;
} else {
  console.log(`pages: ${readdirSync(OUT).filter((f) => f.endsWith('.png')).sort().join(', ')}`);
}
