// Biểu số 06 as a workbook: it opens in exceljs, its header is the official one, its heads are
// merged as the form draws them, its cells are the figures (numbers, not text) and the rates, it
// prints on A4 landscape one page wide, and the same figures give the same bytes.
import ExcelJS from 'exceljs';
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
    expect(merges).toEqual(expect.arrayContaining(['A6:A8', 'B6:B8', 'C6:F6', 'G6:M6', 'C7:C8', 'D7:E7', 'F7:F8', 'G7:J7', 'K7:M7', 'N6:N8', 'O6:O8']));
    expect(ws.getCell('N9').value).toBe('(14)');

    const rowValues = (r: number) => Array.from({ length: 15 }, (_, c) => ws.getCell(r, c + 1).value);
    SEED_FIGURES.fields.forEach((field, i) => {
      const values = rowValues(10 + i);
      expect(values.slice(0, 13)).toEqual([String(i + 1), field.fieldName, ...form06Figures(field.dossiers)]);
    });
    const total = rowValues(10 + SEED_FIGURES.fields.length);
    const d = SEED_FIGURES.dossiers;
    expect(total).toEqual(['', 'Tổng cộng', ...form06Figures(d), 1, 52 / 53]);
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
