import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildReportModel, keepsWithNext } from '#domain/report-model.ts';
import { renderDocx } from '#render/docx.ts';
import { pdfkitMeasure, tinosDocument } from '#render/measure.ts';
import { breakPlain } from '#render/pdf-lines.ts';
import { manyFieldsFigures, seedReportInput } from '../fixtures/seed-report-input.ts';
import { xmlText } from '../support/report-text.ts';

describe('renderDocx', () => {
  const model = buildReportModel(seedReportInput());

  it('writes the seed report into word/document.xml and its footnotes into footnotes.xml', async () => {
    const files = unzipSync(await renderDocx(model));
    const doc = strFromU8(files['word/document.xml']!);
    const paragraphs = xmlText(doc);
    for (const line of ['UBND TỈNH QUẢNG NGÃI', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 1015/BC-SKHCN', 'Quảng Ngãi, ngày 15 tháng 6 năm 2023', 'BÁO CÁO', 'Nơi nhận:', '- Lưu: VT, HCTH.', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Trần Quốc Bảo']) {
      expect(paragraphs).toContain(line);
    }
    expect(paragraphs).toContain(
      'Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, trực tuyến 52 hồ sơ, kỳ trước chuyển qua 10 hồ sơ và trực tiếp 1 hồ sơ); thực hiện giải quyết và trả kết quả trước hạn 59 hồ sơ và đúng hạn 0 hồ sơ, trễ hẹn 0 hồ sơ, 0 hồ sơ xin rút, 0 hồ sơ trả lại và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả.' +
  ' Tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt 98,11% (chi tiết tại Phụ lục kèm theo).',
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

  it('sets the headings in Word\'s Heading 1–3 styles, defined with the report\'s look, for the navigation pane', async () => {
    const files = unzipSync(await renderDocx(model));
    const doc = strFromU8(files['word/document.xml']!);
    const styled = [...doc.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Heading(\d)"\/>[\s\S]*?<\/w:p>/g)].map((m) => [Number(m[1]), xmlText(m[0])[0]]);
    const headings = model.body.flatMap((b) => (b.kind === 'heading' ? [[b.level, b.runs.map((r) => (r.kind === 'text' ? r.text : '')).join('')]] : []));
    expect(styled).toEqual(headings);
    expect(styled).toContainEqual([1, 'I. Công tác chỉ đạo, điều hành cải cách hành chính']);
    expect(styled).toContainEqual([2, '4. Cải cách chế độ công vụ, công chức']);
    expect(styled).toContainEqual([3, 'a) Về công tác cán bộ']);
    const styles = strFromU8(files['word/styles.xml']!);
    for (const level of [1, 2, 3]) {
      const style = new RegExp(`<w:style w:type="paragraph" w:styleId="Heading${level}">([\\s\\S]*?)</w:style>`).exec(styles)?.[1] ?? '';
      expect(style).toContain(`<w:name w:val="Heading ${level}"/>`);
      expect(style).toContain('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"/>');
      expect(style).toContain('<w:b/>');
      expect(style).toContain('<w:sz w:val="28"/>');
      expect(style).toContain('<w:color w:val="000000"/>');
      expect(style).toContain('<w:keepNext/>');
      expect(style).toContain(`<w:outlineLvl w:val="${level - 1}"/>`);
      expect(style).not.toMatch(/<w:i\/>/);
    }
    // run-in headings and the closing sentence keep with the next paragraph too
    const keep = xmlText(doc.match(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:keepNext\/>[\s\S]*?<\/w:p>/g)!.join(''));
    const runIn = model.body.filter((b) => b.kind === 'paragraph' && keepsWithNext(b));
    expect(runIn.length).toBeGreaterThan(3);
    expect(keep.join('|')).toContain('* Việc ứng dụng ISO trong hoạt động của các Sở, ngành, UBND các huyện/thành phố trên địa bàn tỉnh');
    expect(keep.join('|')).toContain('Trên đây là báo cáo công tác cải cách hành chính');
  });

  it('prints form 06 as the appendix on a new page after Nơi nhận, its cells headed verbatim as Biểu số 06/VPCP/KSTT, the convention under it', async () => {
    const doc = strFromU8(unzipSync(await renderDocx(model))['word/document.xml']!);
    const paragraphs = xmlText(doc);
    const at = paragraphs.indexOf('Biểu số 06/VPCP/KSTT');
    expect(at).toBeGreaterThan(paragraphs.indexOf('- Lưu: VT, HCTH.'));
    expect(paragraphs.slice(at, at + 8)).toEqual([
      'Biểu số 06/VPCP/KSTT',
      'Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020',
      'Phụ lục',
      'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
      'Kỳ báo cáo: 6 tháng đầu năm 2023 (từ ngày 15/12/2022 đến ngày 14/6/2023)',
      '(Kèm theo Báo cáo số 1015/BC-SKHCN ngày 15/6/2023 của Sở Khoa học và Công nghệ)',
      '',
      'Đơn vị báo cáo: Sở Khoa học và Công nghệĐơn vị tính: Số hồ sơ TTHC',
    ]);
    const form = [...doc.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)].map((m) => m[0]).find((p) => p.includes('>Biểu số 06/VPCP/KSTT<'))!;
    expect(form).toContain('<w:pageBreakBefore/>');
    // the head rows' cells, row by row, as the form heads them
    const table = doc.slice(doc.indexOf('<w:tbl>', doc.indexOf('>Biểu số 06/VPCP/KSTT<')));
    const rows = [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].slice(0, 4).map((r) => [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => xmlText(c[1]!).join('')));
    expect(rows).toEqual([
      ['STT', 'Lĩnh vực, công việc giải quyết theo cấp', 'Số hồ sơ nhận giải quyết', 'Số hồ sơ đã giải quyết', 'Số lượng hồ sơ đang giải quyết'],
      ['', '', 'Tổng số', 'Trong đó', 'Từ kỳ trước', 'Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'],
      ['', '', '', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', '', '', '', '', '', '', '', ''],
      Array.from({ length: 13 }, (_, i) => `(${i + 1})`),
    ]);
    expect(paragraphs.at(-1)).toContain('Ghi chú: Mỗi dòng, cột (3) = cột (7) + cột (11)');
  });

  it('draws the rule under the subject 1/3 to 1/2 as long as the longest line Word sets it on', async () => {
    const doc = strFromU8(unzipSync(await renderDocx(model))['word/document.xml']!);
    const paragraphs = [...doc.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)].map((m) => m[0]);
    const subject = paragraphs.findIndex((p) => xmlText(p)[0] === model.subject);
    const indent = /<w:ind w:left="(\d+)" w:right="(\d+)"\/>/.exec(paragraphs[subject + 1]!)!;
    expect(paragraphs[subject + 1]).toContain('<w:top ');
    const rule = (11906 - 1701 - 850 - Number(indent[1]) - Number(indent[2])) / 20; // points
    // the subject's lines at the text width, with Tinos (Times New Roman's metrics)
    const lines = breakPlain(pdfkitMeasure(tinosDocument()), model.subject, 'bold', 14, (11906 - 1701 - 850) / 20, 'center').lines;
    const longest = Math.max(...lines.map((l) => l.width));
    expect(lines).toHaveLength(2);
    expect(rule / longest).toBeGreaterThanOrEqual(1 / 3);
    expect(rule / longest).toBeLessThanOrEqual(1 / 2);
  });

  it('keeps the signature block and Nơi nhận in a row that cannot split across pages', async () => {
    const doc = strFromU8(unzipSync(await renderDocx(model))['word/document.xml']!);
    const row = [...doc.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((r) => r.includes('>Nơi nhận:<'))!;
    expect(row).toContain('Trần Quốc Bảo');
    expect(row).toMatch(/<w:trPr>[\s\S]*?<w:cantSplit\/>[\s\S]*?<\/w:trPr>/);
  });

  it('heads every page of a draft "DỰ THẢO" and leaves its number and date blank; no mark once signed or issued', async () => {
    const headersOf = (files: Record<string, Uint8Array>) => Object.keys(files).filter((f) => /^word\/header\d+\.xml$/.test(f)).map((f) => strFromU8(files[f]!));
    const draft = unzipSync(await renderDocx(buildReportModel(seedReportInput({ stage: 'draft' }))));
    const headers = headersOf(draft);
    expect(headers.length).toBeGreaterThanOrEqual(2);
    for (const h of headers) expect(xmlText(h)).toContain('DỰ THẢO');
    const paragraphs = xmlText(strFromU8(draft['word/document.xml']!));
    expect(paragraphs).toContain(`Số:${'\u00A0'.repeat(8)}/BC-SKHCN`);
    expect(paragraphs.join(' ')).not.toContain('1015');
    for (const stage of ['signed', 'issued'] as const) {
      for (const h of headersOf(unzipSync(await renderDocx(buildReportModel(seedReportInput({ stage })))))) expect(xmlText(h).join(' ')).not.toContain('DỰ THẢO');
    }
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
    expect(doc.match(/<w:tblHeader\/>/g)?.length).toBe(4);
  });
});
