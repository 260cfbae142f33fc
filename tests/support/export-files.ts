// The other shapes a one-stop-shop export comes in, made from a comma CSV: the same rows as a
// semicolon CSV with a BOM (Excel's "CSV UTF-8" in a comma-decimal locale) and as an XLSX whose
// date columns hold real Excel dates, as the one-stop-shop systems write them.
import { writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { foldText } from '#domain/dossier-import.ts';

const DATE_HEADERS = new Set(['ngay tiep nhan', 'ngay hen tra', 'ngay co ket qua']);
const csvCell = (text: string, delimiter: string) => (text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export async function writeSemicolonCsv(csv: string, path: string): Promise<void> {
  const rows = parse(csv, { bom: true, relax_column_count: true }) as string[][];
  await writeFile(path, '\uFEFF' + rows.map((cells) => cells.map((c) => csvCell(c, ';')).join(';') + '\r\n').join(''));
}

/** dd/MM/yyyy [HH:mm] → the Date exceljs writes as that local wall time (Excel dates have no zone). */
function excelDate(text: string): Date | string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(text);
  return m ? new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0))) : text;
}

export async function writeXlsx(csv: string, path: string): Promise<void> {
  const [headers, ...rows] = parse(csv, { bom: true, relax_column_count: true }) as string[][];
  const dateColumns = headers!.flatMap((h, i) => (DATE_HEADERS.has(foldText(h)) ? [i] : []));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Danh sách hồ sơ');
  sheet.addRow(headers).commit();
  for (const cells of rows) {
    const row = sheet.addRow(cells.map((c, i) => (dateColumns.includes(i) && c !== '' ? excelDate(c) : c)));
    for (const i of dateColumns) row.getCell(i + 1).numFmt = 'dd/mm/yyyy hh:mm';
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}
