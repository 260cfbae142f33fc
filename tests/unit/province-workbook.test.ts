// The province report's appendices as one workbook: Biểu 06 by level then field and the table of
// every agency, whose totals are formulas. The formulas are evaluated here from the cells they
// name (no cached result is trusted) and compared with the roll-up's total (GET /v1/periods/{periodId}/summary).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dossierRates } from '#domain/figures.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { form06Figures } from '#domain/report/data-paragraphs.ts';
import { agencyTableFigures } from '#domain/report/province.ts';
import { provinceSummary } from '#domain/rollup.ts';
import { provinceReportWorkbook } from '#functions/form06/form06.ts';
import { PROVINCE_PROFILE, provinceAgencies } from '../fixtures/province-report-input.ts';

const H1 = parsePeriodId('2023-H1');

/** A cell's value, a formula evaluated from the cells it names: `A1+B2`, `SUM(A1:A9)`, `IF(F9=0,"—",G9/F9)`. */
function evaluate(ws: ExcelJS.Worksheet, address: string): number | string {
  const v = ws.getCell(address).value;
  if (v === null || typeof v !== 'object' || !('formula' in v)) return v as number | string;
  const f = String(v.formula);
  const rate = /^IF\(([A-Z]+\d+)=0,"—",([A-Z]+\d+)\/([A-Z]+\d+)\)$/.exec(f);
  if (rate) return evaluate(ws, rate[1]!) === 0 ? '—' : (evaluate(ws, rate[2]!) as number) / (evaluate(ws, rate[3]!) as number);
  return f.split('+').reduce((n, term) => {
    const range = /^SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$/.exec(term);
    if (!range) {
      expect(term).toMatch(/^[A-Z]+\d+$/);
      return n + (evaluate(ws, term) as number);
    }
    expect(range[1]).toBe(range[3]);
    let sum = 0;
    for (let r = Number(range[2]); r <= Number(range[4]); r++) sum += evaluate(ws, `${range[1]}${r}`) as number;
    return n + sum;
  }, 0);
}

describe("the province report's workbook", () => {
  it("has form 06 by level, its level and total rows formulas equal to the levels' sums and the roll-up's total", async () => {
    const agencies = provinceAgencies(40);
    const bytes = await provinceReportWorkbook(PROVINCE_PROFILE, H1, agencies);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const total = provinceSummary(H1, agencies).total;

    const form = book.getWorksheet('Biểu 06')!;
    const names: string[] = [];
    for (let r = 10; form.getCell(r, 2).value !== null && form.getCell(r, 2).value !== ''; r++) names.push(String(form.getCell(r, 2).value));
    const totalRow = 10 + names.length - 1;
    expect(names.at(-1)).toBe('Tổng cộng');
    expect(names.filter((n) => n.startsWith('Cấp '))).toEqual(['Cấp tỉnh', 'Cấp huyện', 'Cấp xã']);
    const cols = 'CDEFGHIJKLM'.split('');
    const formulas = cols.map((c) => form.getCell(`${c}${totalRow}`).value);
    for (const f of formulas) expect(f).toMatchObject({ formula: expect.stringMatching(/^[A-Z]+\d+(\+[A-Z]+\d+)*$/) });
    expect(cols.map((c) => evaluate(form, `${c}${totalRow}`))).toEqual(form06Figures(total.dossiers));
    // each level's row a SUM of its fields, equal to the level's agencies added up
    const tinh = names.indexOf('Cấp tỉnh') + 10;
    expect(form.getCell(`C${tinh}`).value).toMatchObject({ formula: expect.stringMatching(/^SUM\(C\d+:C\d+\)$/) });
    const provinceLevel = agencies.filter((a) => a.level === 'province' || a.level === 'province-department').reduce((n, a) => n + a.dossiers.received.total, 0);
    expect(evaluate(form, `C${tinh}`)).toBe(provinceLevel);

    const table = book.getWorksheet('Cơ quan, đơn vị')!;
    const first = 8;
    const last = first + agencies.length;
    expect(table.getCell(`A${last}`).value).toBe('Tổng cộng');
    const tcols = 'DEFGHIJK'.split('');
    for (const c of tcols) expect(table.getCell(`${c}${last}`).value).toMatchObject({ formula: `SUM(${c}${first}:${c}${last - 1})` });
    expect(tcols.map((c) => evaluate(table, `${c}${last}`))).toEqual(agencyTableFigures(total.dossiers));
    const onTime = dossierRates(total.dossiers).onTime;
    expect(evaluate(table, `L${last}`)).toBeCloseTo(onTime.numerator / onTime.denominator, 12);
    expect(onTime).toEqual(total.rates.onTime);
    // sorted as the report's Phụ lục II: on-time rate from highest
    const rates = Array.from({ length: agencies.length }, (_, i) => table.getCell(`L${first + i}`).value as number);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    // the same figures, the same bytes
    expect(Buffer.from(await provinceReportWorkbook(PROVINCE_PROFILE, H1, agencies)).equals(Buffer.from(bytes))).toBe(true);
  });
});
