import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildReportModel } from '#domain/report-model.ts';
import { renderDocx } from '#render/docx.ts';
import { manyFieldsFigures, seedReportInput } from '../fixtures/seed-report-input.ts';
import { xmlText } from '../support/report-text.ts';

describe('renderDocx', () => {
  const model = buildReportModel(seedReportInput());

  it('writes the seed report into word/document.xml and its footnotes into footnotes.xml', async () => {
    const files = unzipSync(await renderDocx(model));
    const doc = strFromU8(files['word/document.xml']!);
    const paragraphs = xmlText(doc);
    for (const line of ['UBND TỈNH QUẢNG NGÃI', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 1015/BC-SKHCN', 'Quảng Ngãi, ngày 15 tháng 6 năm 2023', 'BÁO CÁO', 'Nơi nhận:', '- Lưu: VT, HCTH.', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Nguyễn Văn A']) {
      expect(paragraphs).toContain(line);
    }
    expect(paragraphs).toContain(
      'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 01 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.' +
  ' Tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt 98,11%.',
    );
    // every run with text is Times New Roman
    const runs = [...doc.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => r[1]!).filter((r) => r.includes('<w:t'));
    expect(runs.length).toBeGreaterThan(100);
    expect(runs.filter((r) => !r.includes('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"/>'))).toEqual([]);
    // twelve real footnotes, referenced from the body in order
    expect([...doc.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const notes = strFromU8(files['word/footnotes.xml']!);
    expect(notes).toContain('Kế hoạch số 2170/KH-SKHCN ngày 30/12/2022 của Giám đốc Sở Khoa học và Công nghệ.');
    expect(notes).toContain('<w:footnote w:id="12">');
    // A4, margins 20/20/30/15 mm, different first page, page number field in the default header
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(doc).toContain('<w:titlePg/>');
    const headers = Object.keys(files).filter((f) => /^word\/header\d+\.xml$/.test(f)).map((f) => strFromU8(files[f]!));
    expect(headers.filter((h) => /PAGE/.test(h))).toHaveLength(1);
    expect(strFromU8(files['docProps/core.xml']!)).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-06-14T17:00:00Z</dcterms:created>');
  });

  it('gives the same bytes for the same model', async () => {
    const a = await renderDocx(model);
    await new Promise((r) => setTimeout(r, 1100)); // a zip time stamp has 2 s resolution; cross a second
    const b = await renderDocx(buildReportModel(seedReportInput()));
    expect(createHash('sha256').update(b).digest('hex')).toBe(createHash('sha256').update(a).digest('hex'));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it('renders a 60-field form-06 table', async () => {
    const files = unzipSync(await renderDocx(buildReportModel(seedReportInput({ figures: manyFieldsFigures(60) }))));
    const doc = strFromU8(files['word/document.xml']!);
    const paragraphs = xmlText(doc);
    expect(paragraphs).toContain('Lĩnh vực thử nghiệm số 60 về tiêu chuẩn, đo lường, chất lượng');
    expect(paragraphs).toContain('Tổng cộng (tỷ lệ trước hạn, đúng hạn: 100%; tỷ lệ trực tuyến: 98,11%)');
    expect(doc.match(/<w:tblHeader\/>/g)?.length).toBe(3);
  });
});
