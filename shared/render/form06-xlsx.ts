// Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) as an Excel workbook, for one agency by field or
// for the province by agency. The column heads are the report's form-06 table heads (one wording
// for the DOCX, the PDF and the workbook), with two rate columns after them; group and total rows add
// up their rows with formulas (cached with the figures' own totals), the convention for withdrawn and
// returned dossiers is stated under the table. Same data, same bytes.
import ExcelJS from 'exceljs';
import { dossierRates, sumDossiers, type DossierFigures, type Rate } from '#domain/figures.ts';
import { FORM06_HEAD, form06Figures, form06Note, type DataSpan, type TableCell } from '#domain/report/data-paragraphs.ts';
import { formatDate } from '#domain/vi-format.ts';
import { repackZip } from './zip-repack.ts';

export interface Form06Row {
  /** "1", "2", … for an agency or field; "I", "II" for a group; "" for the total */
  number: string;
  name: string;
  dossiers: DossierFigures;
  /** group and total rows are bold */
  kind: 'item' | 'group' | 'total';
}

export interface Form06Workbook {
  /** "Sở Khoa học và Công nghệ", "UBND tỉnh Quảng Ngãi" */
  reportingUnit: string;
  receivingUnit: string;
  /** "6 tháng đầu năm 2023" */
  periodName: string;
  span: DataSpan;
  /** the head of column (2): "Lĩnh vực", or "Cơ quan, đơn vị" for the province */
  nameHead: string;
  rows: Form06Row[];
  /** the workbook's created and modified dates (ISO instant): derived from the period, never the clock */
  stamp: string;
}

const FORM_COLUMNS = 13;
const RATE_HEADS = ['Tỷ lệ giải quyết trước hạn, đúng hạn', 'Tỷ lệ hồ sơ trực tuyến'];
const COLUMNS = FORM_COLUMNS + RATE_HEADS.length;
const WIDTHS = [6, 38, ...Array.from({ length: FORM_COLUMNS - 2 }, () => 10), 13, 13];
const FONT = 'Times New Roman';
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const COUNT_FORMAT = '#,##0';
const RATE_FORMAT = '0.00%';

/** The rate as Excel holds it (a fraction, shown as a percentage), or "—" over 0 as the report prints it. */
const rateValue = ({ numerator, denominator }: Rate): number | string => (denominator === 0 ? '—' : numerator / denominator);

/**
 * What each group and total row adds up, by index into `rows`: a row number, or a range of rows.
 * A group sums the items under it; the total sums the groups, or every item when there are none.
 */
function sumRows(rows: Form06Row[], top: number): Map<number, Array<number | [number, number]>> {
  const out = new Map<number, Array<number | [number, number]>>();
  const groups: number[] = [];
  rows.forEach((row, i) => {
    if (row.kind === 'group') {
      let end = i;
      while (rows[end + 1]?.kind === 'item') end++;
      if (end > i) out.set(i, [[top + i + 1, top + end]]);
      groups.push(top + i);
    } else if (row.kind === 'total' && i > 0) {
      out.set(i, groups.length > 0 ? groups : [[top, top + i - 1]]);
    }
  });
  return out;
}

/** A workbook dated and authored as the sheet says (never the clock), so that the same figures give the same bytes. */
function newWorkbook(sheet: Pick<Form06Workbook, 'reportingUnit' | 'stamp'>): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const stamp = new Date(sheet.stamp);
  Object.assign(workbook, { creator: sheet.reportingUnit, lastModifiedBy: sheet.reportingUnit, created: stamp, modified: stamp });
  return workbook;
}

const written = async (workbook: ExcelJS.Workbook, stamp: string): Promise<Uint8Array> => repackZip(new Uint8Array(await workbook.xlsx.writeBuffer()), stamp);

/** A sheet on A4 landscape, one page wide, frozen under its heads. */
function addSheet(workbook: ExcelJS.Workbook, name: string, widths: number[], frozenRows: number): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    views: [{ state: 'frozen', ySplit: frozenRows }],
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

/** Writes a value into a cell (merged over `from`–`to` of the row), Times New Roman 12 unless styled. */
const putter =
  (ws: ExcelJS.Worksheet) =>
  (row: number, from: number, to: number, value: string | number, style: Partial<ExcelJS.Style> = {}) => {
    if (to > from) ws.mergeCells(row, from, row, to);
    const cell = ws.getCell(row, from);
    cell.value = value;
    cell.font = { name: FONT, size: 12, ...style.font };
    cell.alignment = { vertical: 'middle', wrapText: true, ...style.alignment };
  };

export async function renderForm06Xlsx(sheet: Form06Workbook): Promise<Uint8Array> {
  const workbook = newWorkbook(sheet);
  addForm06Sheet(workbook, sheet);
  return written(workbook, sheet.stamp);
}

function addForm06Sheet(workbook: ExcelJS.Workbook, sheet: Form06Workbook): void {
  const ws = addSheet(workbook, 'Biểu 06', WIDTHS, 8);
  const last = COLUMNS;
  const put = putter(ws);
  const centred = { alignment: { horizontal: 'center' as const } };
  const bold = { font: { name: FONT, size: 12, bold: true } };

  // The official header: form number left, title centre, units right; the period and the unit of measure below.
  put(1, 1, 2, 'Biểu số 06/VPCP/KSTT', { font: { name: FONT, size: 12, bold: true } });
  put(2, 1, 2, 'Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020', { font: { name: FONT, size: 10, italic: true } });
  put(1, 3, last - 4, 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', { ...centred, ...bold });
  put(2, 3, last - 4, 'TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', { ...centred, ...bold });
  put(3, 3, last - 4, `Kỳ báo cáo: ${sheet.periodName} (từ ngày ${formatDate(sheet.span.from)} đến ngày ${formatDate(sheet.span.to)})`, { ...centred, font: { name: FONT, size: 12, italic: true } });
  put(1, last - 3, last, `Đơn vị báo cáo: ${sheet.reportingUnit}`);
  put(2, last - 3, last, `Đơn vị nhận báo cáo: ${sheet.receivingUnit}`);
  put(5, last - 3, last, 'Đơn vị tính: Số hồ sơ TTHC', { alignment: { horizontal: 'right' }, font: { name: FONT, size: 12, italic: true } });
  ws.getRow(1).height = 32;
  ws.getRow(2).height = 32;

  // The heads, laid out from their spans: a spanned cell is left out of the rows it covers.
  const HEAD_TOP = 6;
  const head = FORM06_HEAD;
  const taken = new Set<string>();
  head.forEach((cells, r) => {
    let c = 1;
    for (const cell of cells) {
      while (taken.has(`${r}:${c}`)) c++;
      const rows = cell.rowSpan ?? 1;
      const cols = cell.colSpan ?? 1;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) taken.add(`${r + i}:${c + j}`);
      if (rows > 1) ws.mergeCells(HEAD_TOP + r, c, HEAD_TOP + r + rows - 1, c + cols - 1);
      else if (cols > 1) ws.mergeCells(HEAD_TOP + r, c, HEAD_TOP + r, c + cols - 1);
      ws.getCell(HEAD_TOP + r, c).value = r === 0 && c === 2 ? sheet.nameHead : cell.text;
      c += cols;
    }
  });
  // The rate columns: a head over every head row but the last, which numbers the columns.
  const bodyTop = HEAD_TOP + head.length;
  RATE_HEADS.forEach((text, i) => {
    ws.mergeCells(HEAD_TOP, FORM_COLUMNS + 1 + i, bodyTop - 2, FORM_COLUMNS + 1 + i);
    ws.getCell(HEAD_TOP, FORM_COLUMNS + 1 + i).value = text;
    ws.getCell(bodyTop - 1, FORM_COLUMNS + 1 + i).value = `(${FORM_COLUMNS + 1 + i})`;
  });
  // Tall enough for the wrapped heads to be read without resizing: the group heads, "Trong đó",
  // the channels' heads (four lines in a column 10 wide) and the column numbers.
  [32, 22, 62, 16].forEach((height, i) => (ws.getRow(HEAD_TOP + i).height = height));
  for (let r = HEAD_TOP; r < bodyTop; r++) {
    for (let c = 1; c <= last; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { name: FONT, size: 11, bold: r < bodyTop - 1 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    }
  }

  const addends = sumRows(sheet.rows, bodyTop);
  sheet.rows.forEach((row, i) => {
    const r = bodyTop + i;
    const { onTime, online } = dossierRates(row.dossiers);
    const figures = form06Figures(row.dossiers);
    const values: Array<string | number> = [row.number, row.kind === 'total' ? 'Tổng cộng' : row.name, ...figures, rateValue(onTime), rateValue(online)];
    values.forEach((value, j) => {
      const cell = ws.getCell(r, j + 1);
      const sum = addends.get(i);
      // A count of a group or total row: the sum of its rows, cached with the figures' own total.
      if (sum && j >= 2 && j < FORM_COLUMNS) {
        const col = ws.getColumn(j + 1).letter;
        cell.value = { formula: sum.map((a) => (typeof a === 'number' ? `${col}${a}` : `SUM(${col}${a[0]}:${col}${a[1]})`)).join('+'), result: value as number };
      } else {
        cell.value = value;
      }
      cell.font = { name: FONT, size: 11, bold: row.kind !== 'item' };
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: j === 1 ? 'left' : 'center' };
      if (typeof value === 'number') cell.numFmt = j >= FORM_COLUMNS ? RATE_FORMAT : COUNT_FORMAT;
    });
  });

  // Under the table: how the columns add up, and where withdrawn and returned dossiers are counted.
  const noteRow = bodyTop + sheet.rows.length + 1;
  put(noteRow, 1, last, form06Note(sheet.rows.at(-1)!.dossiers), { font: { name: FONT, size: 11, italic: true }, alignment: { horizontal: 'left', vertical: 'top' } });
  ws.getRow(noteRow).height = 48;

  ws.pageSetup.printTitlesRow = `${HEAD_TOP}:${bodyTop - 1}`;
  ws.pageSetup.printArea = `A1:${ws.getColumn(last).letter}${noteRow}`;
}

/** One agency of the province's table: its name, level and figures. */
interface AgencyTableRow {
  name: string;
  /** "Tỉnh", "Huyện", "Xã", "Khác" */
  level: string;
  dossiers: DossierFigures;
}

/** The province report's appendices as one workbook: form 06 by level then field, and the table of every agency (already sorted). */
export interface ProvinceWorkbook {
  form06: Form06Workbook;
  agencies: { rows: AgencyTableRow[]; head: TableCell[][]; counts: (d: DossierFigures) => number[]; note: string; title: string };
}

export async function renderProvinceWorkbook(book: ProvinceWorkbook): Promise<Uint8Array> {
  const workbook = newWorkbook(book.form06);
  addForm06Sheet(workbook, book.form06);
  addAgenciesSheet(workbook, book.form06, book.agencies);
  return written(workbook, book.form06.stamp);
}

/**
 * Every agency's figures and rates: counts in columns (4)–(11), the on-time and online rates in
 * (12)–(13); the total row adds the agencies' counts with SUM formulas and takes its on-time rate
 * from its own counts, (7)/(6), cached with the figures' values.
 */
function addAgenciesSheet(workbook: ExcelJS.Workbook, sheet: Form06Workbook, table: ProvinceWorkbook['agencies']): void {
  const headTop = 5;
  const ws = addSheet(workbook, 'Cơ quan, đơn vị', [6, 38, 9, ...Array.from({ length: 8 }, () => 10), 13, 13], headTop + table.head.length - 1);
  const put = putter(ws);
  const columns = 13;
  put(1, 1, columns, table.title, { font: { name: FONT, size: 12, bold: true }, alignment: { horizontal: 'center' } });
  put(2, 1, columns, `Kỳ báo cáo: ${sheet.periodName} (từ ngày ${formatDate(sheet.span.from)} đến ngày ${formatDate(sheet.span.to)})`, { font: { name: FONT, size: 12, italic: true }, alignment: { horizontal: 'center' } });
  put(3, 1, 6, `Đơn vị báo cáo: ${sheet.reportingUnit}`);
  put(3, 10, columns, 'Đơn vị tính: Số hồ sơ TTHC', { alignment: { horizontal: 'right' }, font: { name: FONT, size: 12, italic: true } });
  const taken = new Set<string>();
  table.head.forEach((cells, r) => {
    let c = 1;
    for (const cell of cells) {
      while (taken.has(`${r}:${c}`)) c++;
      const rows = cell.rowSpan ?? 1;
      const cols = cell.colSpan ?? 1;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) taken.add(`${r + i}:${c + j}`);
      if (rows > 1 || cols > 1) ws.mergeCells(headTop + r, c, headTop + r + rows - 1, c + cols - 1);
      ws.getCell(headTop + r, c).value = cell.text;
      c += cols;
    }
  });
  const bodyTop = headTop + table.head.length;
  for (let r = headTop; r < bodyTop; r++) {
    ws.getRow(r).height = r === bodyTop - 1 ? 16 : 48;
    for (let c = 1; c <= columns; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { name: FONT, size: 11, bold: r < bodyTop - 1 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    }
  }
  const style = (cell: ExcelJS.Cell, j: number, bold: boolean) => {
    cell.font = { name: FONT, size: 11, bold };
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', wrapText: true, horizontal: j === 1 ? 'left' : 'center' };
    if (j >= 3) cell.numFmt = j >= 11 ? RATE_FORMAT : COUNT_FORMAT;
  };
  table.rows.forEach((row, i) => {
    const { onTime, online } = dossierRates(row.dossiers);
    [String(i + 1), row.name, row.level, ...table.counts(row.dossiers), rateValue(onTime), rateValue(online)].forEach((value, j) => {
      const cell = ws.getCell(bodyTop + i, j + 1);
      cell.value = value;
      style(cell, j, false);
    });
  });
  const totalRow = bodyTop + table.rows.length;
  const totals = sumDossiers(table.rows.map((r) => r.dossiers));
  const letter = (c: number) => ws.getColumn(c).letter;
  const { onTime, online } = dossierRates(totals);
  const counts = table.counts(totals);
  put(totalRow, 1, 3, 'Tổng cộng');
  style(ws.getCell(totalRow, 1), 0, true);
  counts.forEach((n, k) => {
    const cell = ws.getCell(totalRow, 4 + k);
    cell.value = table.rows.length === 0 ? n : { formula: `SUM(${letter(4 + k)}${bodyTop}:${letter(4 + k)}${totalRow - 1})`, result: n };
    style(cell, 3 + k, true);
  });
  // (12) = (7) / (6) of the total row itself; "—" over no dossier resolved, as the report prints it.
  const rate = ws.getCell(totalRow, 12);
  rate.value = { formula: `IF(F${totalRow}=0,"—",G${totalRow}/F${totalRow})`, result: rateValue(onTime) };
  style(rate, 11, true);
  const onlineCell = ws.getCell(totalRow, 13);
  onlineCell.value = rateValue(online);
  style(onlineCell, 12, true);
  const noteRow = totalRow + 2;
  put(noteRow, 1, columns, table.note, { font: { name: FONT, size: 11, italic: true }, alignment: { horizontal: 'left', vertical: 'top' } });
  ws.getRow(noteRow).height = 48;
  ws.pageSetup.printTitlesRow = `${headTop}:${bodyTop - 1}`;
}
