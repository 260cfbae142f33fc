// Biểu số 06 as a workbook: it opens in exceljs, its header is the official one, its heads are
// merged as the form draws them, its cells are the figures (numbers, not text) and the rates, it
// prints on A4 landscape one page wide, and the same figures give the same bytes.
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { form06Figures } from '#domain/report/data-paragraphs.ts';
import { renderForm06Xlsx } from '#render/form06-xlsx.ts';
import { seedForm06Workbook } from '../fixtures/form06-workbook.ts';
import { SEED_FIGURES } from '../fixtures/seed-report-input.ts';

async function open(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

/**
 * A cell's value, a formula's cached result in its place. exceljs reads a cached 0 back as no result
 * (the file holds <v>0</v>: the test reads the sheet's XML for that).
 */
const valueOf = (v: ExcelJS.CellValue) => (v !== null && typeof v === 'object' && 'formula' in v ? (v.result ?? 0) : v);

const texts = (ws: ExcelJS.Worksheet) => {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((cell) => typeof cell.value === 'string' && out.push(cell.value)));
  return out;
};

describe('renderForm06Xlsx', () => {
  it('writes the official header, the merged heads and the figures of each field and of the total', async () => {
    const bytes = await renderForm06Xlsx(seedForm06Workbook());
    const workbook = await open(bytes);
    expect(workbook.created.toISOString()).toBe('2023-06-14T17:00:00.000Z');
    const ws = workbook.getWorksheet('Biểu 06')!;
    expect(texts(ws)).toEqual(
      expect.arrayContaining([
        'Biểu số 06/VPCP/KSTT',
        'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
        'Kỳ báo cáo: 6 tháng đầu năm 2023 (từ ngày 15/12/2022 đến ngày 14/6/2023)',
        'Đơn vị báo cáo: Sở Khoa học và Công nghệ',
        'Đơn vị nhận báo cáo: UBND tỉnh Quảng Ngãi',
        'Đơn vị tính: Số hồ sơ TTHC',
        'Lĩnh vực',
        'Tỷ lệ giải quyết trước hạn, đúng hạn',
        'Tỷ lệ hồ sơ trực tuyến',
      ]),
    );
    // STT, the name and the rates span the three head rows; each group head spans its columns, as the report's table.
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A6:A8', 'B6:B8', 'C6:F6', 'G6:J6', 'K6:M6', 'C7:C8', 'D7:E7', 'F7:F8', 'G7:G8', 'M7:M8', 'N6:N8', 'O6:O8']));
    expect(['C6', 'G6', 'K6', 'D7', 'D8', 'E8', 'H7', 'L7'].map((a) => ws.getCell(a).value)).toEqual([
      'Số hồ sơ nhận giải quyết',
      'Số hồ sơ đã giải quyết',
      'Số lượng hồ sơ đang giải quyết',
      'Trong đó',
      'Trực tuyến',
      'Trực tiếp, dịch vụ bưu chính',
      'Trước hạn',
      'Trong hạn',
    ]);
    expect(ws.getCell('N9').value).toBe('(14)');
    // the head rows are tall enough for their wrapped labels
    expect([6, 7, 8, 9].map((r) => ws.getRow(r).height)).toEqual([32, 22, 62, 16]);

    const rowValues = (r: number) => Array.from({ length: 15 }, (_, c) => valueOf(ws.getCell(r, c + 1).value));
    SEED_FIGURES.fields.forEach((field, i) => {
      const values = rowValues(10 + i);
      expect(values.slice(0, 13)).toEqual([String(i + 1), field.fieldName, ...form06Figures(field.dossiers)]);
    });
    const total = rowValues(10 + SEED_FIGURES.fields.length);
    const d = SEED_FIGURES.dossiers;
    expect(total).toEqual(['', 'Tổng cộng', ...form06Figures(d), 1, 52 / 53]);
    // the total's counts add up the fields' rows; each row keeps received (3) = resolved (7) + pending (11)
    expect(ws.getCell(10 + SEED_FIGURES.fields.length, 3).value).toEqual({ formula: 'SUM(C10:C13)', result: 63 });
    const sheetXml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
    expect(sheetXml).toContain('<c r="M14" s="13"><f>SUM(M10:M13)</f><v>0</v></c>');
    for (let r = 10; r <= 10 + SEED_FIGURES.fields.length; r++) {
      const v = rowValues(r) as number[];
      expect(v[2], `row ${r}`).toBe(v[6]! + v[10]!);
    }
    const note = ws.getCell(10 + SEED_FIGURES.fields.length + 2, 1).value as string;
    expect(note).toContain('cột (3) = cột (7) + cột (11)');
    expect(note).toContain('0 hồ sơ xin rút, 0 hồ sơ trả lại');
    expect(ws.getCell(10 + SEED_FIGURES.fields.length, 3).numFmt).toBe('#,##0');
    expect(ws.getCell(10 + SEED_FIGURES.fields.length, 14).numFmt).toBe('0.00%');
    expect(ws.getCell(10 + SEED_FIGURES.fields.length, 3).font.bold).toBe(true);

    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe('6:9');
  });

  it('writes "—" for a rate with nothing to divide by', async () => {
    const sheet = seedForm06Workbook();
    const none = { ...SEED_FIGURES.dossiers, received: { total: 0, carriedOver: 0, online: 0, direct: 0, postal: 0 }, resolved: { total: 0, early: 0, onTime: 0, late: 0 } };
    sheet.rows = [{ kind: 'total', number: '', name: '', dossiers: none }];
    const ws = (await open(await renderForm06Xlsx(sheet))).getWorksheet('Biểu 06')!;
    expect([ws.getCell('N10').value, ws.getCell('O10').value]).toEqual(['—', '—']);
  });

  it('gives the same bytes for the same figures, and other bytes for other figures', async () => {
    const first = await renderForm06Xlsx(seedForm06Workbook());
    expect(Buffer.from(await renderForm06Xlsx(seedForm06Workbook())).equals(Buffer.from(first))).toBe(true);
    const other = seedForm06Workbook();
    other.rows[0] = { ...other.rows[0]!, name: 'Lĩnh vực khác' };
    expect(Buffer.from(await renderForm06Xlsx(other)).equals(Buffer.from(first))).toBe(false);
  });
});
