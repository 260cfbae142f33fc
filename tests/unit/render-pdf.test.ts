import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReportModel, keepsWithNext, type Inline, type ReportModel } from '#domain/report-model.ts';
import { FONT_FILES } from '#render/fonts.ts';
import { renderPdf } from '#render/pdf.ts';
import { SEED_PROFILE, manyFieldsFigures, seedReportInput } from '../fixtures/seed-report-input.ts';
import { pageItems, pageLines, pageTexts, type PdfLine } from '../support/report-text.ts';

const ONE_STOP =
  'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 1 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.';

const plain = (runs: Inline[]) => runs.map((r) => (r.kind === 'text' ? r.text : String(r.n))).join('');

/** The last line of body text (14 pt) on each page: above the footnotes, and above "Nơi nhận:" on the last page. */
const lastBodyLines = (pages: PdfLine[][]) =>
  pages.map((lines) => {
    const closing = lines.findIndex((l) => l.text.startsWith('Nơi nhận:'));
    return (closing < 0 ? lines : lines.slice(0, closing)).filter((l) => Math.abs(l.size - 14) < 0.01).at(-1)?.text ?? '';
  });

/** The first line of body text (14 pt) on each page, the page number (13 pt) aside. */
const firstBodyLines = (pages: PdfLine[][]) => pages.map((lines) => lines.find((l) => Math.abs(l.size - 14) < 0.01)?.text ?? '');

/** Text without spaces: pdfjs sets a space before a raised footnote mark, which the model's text has not. */
const squeeze = (t: string) => t.replace(/\s+/g, '');

/** Whether a printed line belongs to a heading of the model (a block that keeps with the next), and to no other block. */
function headingLine(model: ReportModel): (line: string) => boolean {
  const blocks = model.body.map((b) => ({ keeps: keepsWithNext(b), text: plain(b.runs) }));
  return (line) => blocks.some((b) => b.keeps && b.text.includes(line)) && !blocks.some((b) => !b.keeps && b.text.includes(line));
}

const pdfBytes = async (m: ReportModel) => (await renderPdf(m)).bytes;

describe('renderPdf', () => {
  const model = buildReportModel(seedReportInput());
  const temp: string[] = [];
  afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('prints the seed report: header, data sentences, footnotes at the foot of their page, page numbers from page 2', async () => {
    const pages = await pageTexts(await pdfBytes(model));
    const all = pages.join(' ');
    expect(pages.length).toBeGreaterThan(3);
    for (const line of ['UBND TỈNH QUẢNG NGÃI', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 1015/BC-SKHCN', 'Quảng Ngãi, ngày 15 tháng 6 năm 2023']) {
      expect(pages[0]).toContain(line);
    }
    expect(pages[0]).toContain('BÁO CÁO Công tác cải cách hành chính 6 tháng đầu năm và nhiệm vụ 6 tháng cuối năm 2023 của Sở Khoa học và Công nghệ');
    expect(all).toContain(ONE_STOP);
    expect(all).toContain('Sở ban hành 516 văn bản, trong đó 417 văn bản điện tử và 99 văn bản điện tử kèm theo văn bản giấy (trừ văn bản mật).');
    // the form-06 table headed as Biểu số 06/VPCP/KSTT, its column labels (cells wrap: compare without spaces)
    // form 06 as the appendix, on the last page, after Nơi nhận
    const appendix = pages.at(-1)!;
    expect(appendix).toContain(
      'Biểu số 06/VPCP/KSTT Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 Phụ lục TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
    );
    expect(appendix).toContain(
      'Kỳ báo cáo: 6 tháng đầu năm 2023 (từ ngày 15/12/2022 đến ngày 14/6/2023) (Kèm theo Báo cáo số 1015/BC-SKHCN ngày 15/6/2023 của Sở Khoa học và Công nghệ) Đơn vị báo cáo: Sở Khoa học và Công nghệ Đơn vị tính: Số hồ sơ TTHC',
    );
    expect(appendix).toContain('Ghi chú: Mỗi dòng, cột (3) = cột (7) + cột (11)');
    expect(pages.at(-2)).toContain('Nơi nhận:');
    expect(all).toContain('(chi tiết tại Phụ lục kèm theo).');
    const squeezed = all.replace(/ /g, '');
    for (const label of ['Lĩnh vực, công việc giải quyết theo cấp', 'Trong đó', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước', 'Số hồ sơ đã giải quyết', 'Trước hạn', 'Số lượng hồ sơ đang giải quyết', 'Trong hạn']) {
      expect(squeezed).toContain(label.replace(/ /g, ''));
    }
    expect(all).toContain('Nơi nhận:');
    expect(all).toMatch(/KT\. GIÁM ĐỐC.*PHÓ GIÁM ĐỐC.*Trần Quốc Bảo/);
    expect(all).toContain('- Lưu: VT, HCTH.');
    // the page that cites footnote 1 carries its text; every footnote is printed once
    expect(pages[0]).toContain('1 Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ.');
    for (const f of model.footnotes) expect(all.split(f.text).length - 1).toBeGreaterThanOrEqual(1);
    expect(pages[0]).not.toMatch(/^1 /);
    pages.slice(1).forEach((p, i) => expect(p.startsWith(`${i + 2} `)).toBe(true));
    expect(all.normalize('NFC')).toBe(all);
  });

  it('ends no page with a heading or the first line of a paragraph, starts none with its last line, and keeps the closing sentence with the recipients and the signature', async () => {
    // The seed, then the seed with its opening paragraph longer by 2–7 lines: every heading lands at other places.
    for (const extra of [0, 2, 3, 5, 7]) {
      const basis = `${SEED_PROFILE.basis}${' và các văn bản hướng dẫn có liên quan của cơ quan có thẩm quyền'.repeat(Math.ceil(extra * 1.5))}`;
      const m = buildReportModel(seedReportInput({ profile: { ...SEED_PROFILE, basis } }));
      const pages = await pageLines(await pdfBytes(m));
      const isHeading = headingLine(m);
      const ends = lastBodyLines(pages);
      expect(ends.filter(isHeading), `${extra}: ${ends.join(' | ')}`).toEqual([]);
      // no orphan: a page's last body line is not the first of a paragraph that goes on; no widow: a page's first is not the last of one that began before
      // footnote marks left out: pdfjs's lines hold them apart, raised above the baseline
      const paragraphs = m.body.filter((b) => !keepsWithNext(b)).map((b) => squeeze(b.runs.map((r) => (r.kind === 'text' ? r.text : '')).join('')));
      const firsts = firstBodyLines(pages);
      pages.forEach((_, p) => {
        const foot = squeeze(ends[p]!);
        const head = squeeze(firsts[p]!);
        expect(paragraphs.filter((t) => foot !== '' && t.startsWith(foot) && t.length > foot.length), `${extra}: page ${p + 1} ends with ${ends[p]}`).toEqual([]);
        expect(paragraphs.filter((t) => head !== '' && t.endsWith(head) && !t.startsWith(head)), `${extra}: page ${p + 1} starts with ${firsts[p]}`).toEqual([]);
      });
      const last = pages.find((lines) => lines.some((l) => l.text.startsWith('Nơi nhận:')))!.map((l) => l.text);
      expect(last.some((l) => l.includes('Trên đây là báo cáo công tác cải cách hành chính'))).toBe(true);
    }
    // the check sees a heading at a page's foot
    const m = buildReportModel(seedReportInput());
    expect(headingLine(m)('4. Cải cách chế độ công vụ, công chức')).toBe(true);
    expect(headingLine(m)('huyện/thành phố trên địa bàn tỉnh')).toBe(true);
    expect(headingLine(m)('tổ chức và công dân.')).toBe(false);
  });

  it('marks every page of a draft "DỰ THẢO" and leaves its number and date blank', async () => {
    const pages = await pageTexts(await pdfBytes(buildReportModel(seedReportInput({ stage: 'draft' }))));
    for (const [i, p] of pages.entries()) expect(p, `page ${i + 1}`).toContain('DỰ THẢO');
    expect(pages[0]).toContain('Số: /BC-SKHCN');
    expect(pages[0]).toContain('Quảng Ngãi, ngày tháng năm');
    expect(pages.join(' ')).not.toContain('1015');
    expect((await pageTexts(await pdfBytes(model))).join(' ')).not.toContain('DỰ THẢO');
  });

  it("returns slots where the PDF leaves the clerk's blanks and the room to sign, as pdfjs finds the text around them", async () => {
    const signed = buildReportModel(seedReportInput({ stage: 'signed' }));
    const { bytes, slots } = await renderPdf(signed);
    const pages = await pageItems(bytes);
    const item = (page: number, str: string) => {
      const found = pages[page]!.find((i) => i.str === str);
      if (!found) throw new Error(`no "${str}" on page ${page + 1}: ${pages[page]!.map((i) => i.str).join(' | ')}`);
      return found;
    };
    const inside = (baseline: number, r: { y: number; height: number }) => baseline > r.y && baseline < r.y + r.height;
    const so = item(0, 'Số:');
    const bc = item(0, '/BC-SKHCN');
    expect(so.x + so.width).toBeCloseTo(slots.number.x, 1);
    expect(bc.x).toBeCloseTo(slots.number.x + slots.number.width, 1);
    expect(inside(so.y, slots.number)).toBe(true);
    const [ngay, thang, nam] = ['Quảng Ngãi, ngày', 'tháng', 'năm'].map((t) => item(0, t));
    expect(ngay!.x + ngay!.width).toBeCloseTo(slots.day.x, 1);
    expect(thang!.x).toBeCloseTo(slots.day.x + slots.day.width, 1);
    expect(thang!.x + thang!.width).toBeCloseTo(slots.month.x, 1);
    expect(nam!.x).toBeCloseTo(slots.month.x + slots.month.width, 1);
    expect(nam!.x + nam!.width).toBeCloseTo(slots.year.x, 1);
    for (const slot of [slots.day, slots.month, slots.year]) expect(inside(ngay!.y, slot)).toBe(true);
    expect(slots.year.x + slots.year.width).toBeLessThanOrEqual(595.28 - 42);
    expect(slots.fontSize).toBe(13);
    expect(so.size).toBeCloseTo(13);
    expect(ngay!.size).toBeCloseTo(13);
    // the room to sign: under the title, above the leader's name, on the page of Nơi nhận
    const s = slots.signature;
    const title = item(s.page, 'PHÓ GIÁM ĐỐC');
    const name = item(s.page, 'Trần Quốc Bảo');
    expect(title.y).toBeGreaterThan(s.y + s.height);
    expect(title.y - (s.y + s.height)).toBeLessThan(6);
    expect(name.y).toBeLessThan(s.y);
    expect(s.y - (name.y + 14 * 0.89)).toBeLessThan(6);
    expect(title.x).toBeGreaterThanOrEqual(s.x);
    expect(title.x + title.width).toBeLessThanOrEqual(s.x + s.width);
    expect(pages[s.page]!.some((i) => i.str === 'Nơi nhận:')).toBe(true);
    // draft and signed renderings lay the page out alike: the same slots
    expect((await renderPdf(buildReportModel(seedReportInput({ stage: 'draft' })))).slots).toEqual(slots);
  });

  it('gives the same bytes for the same model', async () => {
    const a = await pdfBytes(model);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await pdfBytes(buildReportModel(seedReportInput()));
    expect(createHash('sha256').update(b).digest('hex')).toBe(createHash('sha256').update(a).digest('hex'));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    const info = await (await getDocument({ data: a.slice(), isEvalSupported: false }).promise).getMetadata();
    expect(info.info).toMatchObject({ CreationDate: 'D:20230614170000Z', ModDate: 'D:20230614170000Z' });
  });

  it('renders a 60-field form-06 table across pages with its head repeated', async () => {
    const pages = await pageTexts(await pdfBytes(buildReportModel(seedReportInput({ figures: manyFieldsFigures(60) }))));
    const all = pages.join(' ');
    for (const n of [1, 30, 60]) expect(all).toContain(`Lĩnh vực thử nghiệm số ${n} về tiêu chuẩn, đo lường, chất lượng`);
    expect(all).toContain('Tổng cộng');
    expect(pages.filter((p) => p.includes('Số hồ sơ nhận giải quyết')).length).toBeGreaterThanOrEqual(2);
  });

  it('works bundled by esbuild as the CDK bundles it, away from node_modules, with gzipped fonts from REPORT_FONT_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-bundle-'));
    temp.push(dir);
    const fonts = join(dir, 'fonts');
    mkdirSync(fonts);
    const require = createRequire(import.meta.url);
    for (const file of Object.values(FONT_FILES)) {
      writeFileSync(join(fonts, `${basename(file)}.gz`), gzipSync(readFileSync(require.resolve(`@expo-google-fonts/tinos/${file}`))));
    }
    const pdfModule = fileURLToPath(new URL('../../shared/render/pdf.ts', import.meta.url));
    writeFileSync(
      join(dir, 'entry.ts'),
      `import { readFileSync, writeFileSync } from 'node:fs';\nimport { renderPdf } from ${JSON.stringify(pdfModule)};\n` +
        `writeFileSync(process.argv[3]!, (await renderPdf(JSON.parse(readFileSync(process.argv[2]!, 'utf8')))).bytes);\n`,
    );
    await build({
      entryPoints: [join(dir, 'entry.ts')],
      outfile: join(dir, 'out', 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      banner: { js: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);" },
      alias: { brotli: fileURLToPath(new URL('../../shared/render/brotli', import.meta.url)) },
      logLevel: 'silent',
    });
    writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
    execFileSync(process.execPath, [join(dir, 'out', 'index.mjs'), join(dir, 'model.json'), join(dir, 'report.pdf')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', REPORT_FONT_DIR: fonts },
    });
    const bundled = readFileSync(join(dir, 'report.pdf'));
    expect(Buffer.compare(bundled, Buffer.from(await pdfBytes(model)))).toBe(0);
  });
});
