// The same report gives the same DOCX and PDF bytes whatever the machine's time zone: each zone
// renders in a child process, as TZ is read once per process by the date functions.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '#domain/report-model.ts';
import { renderDocx } from '#render/docx.ts';
import { renderForm06Xlsx } from '#render/form06-xlsx.ts';
import { seedForm06Workbook } from '../fixtures/form06-workbook.ts';
import { seedReportInput } from '../fixtures/seed-report-input.ts';
import { docxText, pageTexts } from '../support/report-text.ts';

/** Each zone with its getTimezoneOffset() on 1 January 2000. */
const ZONES = { UTC: 0, 'Asia/Ho_Chi_Minh': -420, 'America/New_York': 300 };
const CHILD = 'tests/fixtures/render-child.ts';
const read = (path: string) => new Uint8Array(readFileSync(path)); // pdfjs takes no Buffer
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('rendering under different time zones', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function renderIn(zone: string) {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-tz-'));
    dirs.push(dir);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, dir], { env: { ...process.env, TZ: zone } });
    return { zone, offset: Number(stdout.trim()), docx: read(join(dir, 'report.docx')), pdf: read(join(dir, 'report.pdf')), xlsx: read(join(dir, 'form06.xlsx')) };
  }

  it('gives the same DOCX, PDF and form-06 XLSX bytes in UTC, Asia/Ho_Chi_Minh and America/New_York, and the DOCX still opens', async () => {
    const runs = await Promise.all(Object.keys(ZONES).map(renderIn));
    // each child really ran in its zone
    expect(runs.map((r) => r.offset)).toEqual(Object.values(ZONES));
    const [first] = runs;
    for (const run of runs) {
      expect(sha256(run.docx), `DOCX in ${run.zone}`).toBe(sha256(first!.docx));
      expect(sha256(run.pdf), `PDF in ${run.zone}`).toBe(sha256(first!.pdf));
      expect(sha256(run.xlsx), `XLSX in ${run.zone}`).toBe(sha256(first!.xlsx));
    }
    expect(sha256(await renderForm06Xlsx(seedForm06Workbook()))).toBe(sha256(first!.xlsx));
    // and so does this process, whatever its zone
    expect(sha256(await renderDocx(buildReportModel(seedReportInput())))).toBe(sha256(first!.docx));

    const { paragraphs, footnotes } = docxText(first!.docx);
    expect(paragraphs).toContain('Số: 1015/BC-SKHCN');
    expect(paragraphs).toContain('Quảng Ngãi, ngày 15 tháng 6 năm 2023');
    expect(footnotes.get(1)).toContain('Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022');
    expect((await pageTexts(first!.pdf)).join(' ')).toContain('Số: 1015/BC-SKHCN');
  }, 120_000);
});
