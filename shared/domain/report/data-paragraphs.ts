// The paragraphs the system writes from a period's figures (docs/report.md, II.2 and II.6), in the
// seed report's own words, and the form-06 table.
import type { DocumentFigures, DossierFigures, DossierRates, FieldFigures } from '../figures.ts';
import { formatDate, formatNumber, formatRate } from '../vi-format.ts';
import { documentLine } from './text.ts';

/** "a, b và c" */
function joinVa(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} và ${items.at(-1)}`;
}

export interface DataSpan {
  /** first and last local date the figures cover, YYYY-MM-DD */
  from: string;
  to: string;
}

/**
 * II.2: "Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở đã tiếp nhận 63 hồ sơ (trong đó, …); thực hiện
 * giải quyết … và 4 hồ sơ đang xử lý chưa đến hạn trả kết quả." Postal receipts and overdue pending
 * dossiers are named only when there are any. Counts are written without a leading zero, as the seed
 * prints "4 hồ sơ đang xử lý" (docs/report.md, "Vietnamese formatting").
 */
export function oneStopSentence(d: DossierFigures, span: DataSpan, shortName: string): string {
  const c = formatNumber;
  const channels = [
    `trực tuyến ${c(d.received.online)} hồ sơ`,
    `kỳ trước chuyển qua ${c(d.received.carriedOver)} hồ sơ`,
    `trực tiếp ${c(d.received.direct)} hồ sơ`,
  ];
  if (d.received.postal > 0) channels.push(`qua dịch vụ bưu chính công ích ${c(d.received.postal)} hồ sơ`);
  const pending =
    d.pending.overdue > 0
      ? `${c(d.pending.total)} hồ sơ đang xử lý (trong đó, ${c(d.pending.withinDeadline)} hồ sơ chưa đến hạn trả kết quả và ${c(d.pending.overdue)} hồ sơ quá hạn trả kết quả)`
      : `${c(d.pending.withinDeadline)} hồ sơ đang xử lý chưa đến hạn trả kết quả`;
  return (
    `Từ ngày ${formatDate(span.from)} đến ngày ${formatDate(span.to)}, ${shortName} đã tiếp nhận ${c(d.received.total)} hồ sơ ` +
    `(trong đó, ${joinVa(channels)}); thực hiện giải quyết và trả kết quả trước hạn ${c(d.resolved.early)} hồ sơ ` +
    `và đúng hạn ${c(d.resolved.onTime)} hồ sơ, trễ hẹn ${c(d.resolved.late)} hồ sơ, ${c(d.withdrawn)} hồ sơ xin rút, ` +
    `${c(d.returned)} hồ sơ trả lại và ${pending}.`
  );
}

/**
 * II.2, after the seed's sentence: "Tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; tỷ lệ hồ sơ trực
 * tuyến đạt 98,11%." A rate whose denominator is 0 is left out; empty when both are.
 */
export function ratesSentence(rates: DossierRates): string {
  const parts = [
    ['tỷ lệ giải quyết trước hạn, đúng hạn', rates.onTime],
    ['tỷ lệ hồ sơ trực tuyến', rates.online],
  ] as const;
  const said = parts.filter(([, rate]) => rate.denominator > 0).map(([name, rate]) => `${name} đạt ${formatRate(rate)}`);
  if (said.length === 0) return '';
  const text = `${said.join('; ')}.`;
  return text[0]!.toUpperCase() + text.slice(1);
}

/**
 * II.6: "Từ ngày 15/12/2022 đến ngày 14/6/2023, Sở ban hành 516 văn bản, trong đó 417 văn bản điện
 * tử và 99 văn bản điện tử kèm theo văn bản giấy (trừ văn bản mật)." Paper-only documents are named
 * only when there are any.
 */
export function documentsSentence(docs: DocumentFigures, span: DataSpan, shortName: string): string {
  const i = docs.issued;
  const c = formatNumber;
  const lead = `Từ ngày ${formatDate(span.from)} đến ngày ${formatDate(span.to)}, ${shortName}`;
  if (i.total === 0) return `${lead} không ban hành văn bản nào (trừ văn bản mật).`;
  const kinds = [`${c(i.electronic)} văn bản điện tử`, `${c(i.electronicWithPaper)} văn bản điện tử kèm theo văn bản giấy`];
  if (i.paper > 0) kinds.push(`${c(i.paper)} văn bản giấy`);
  return `${lead} ban hành ${c(i.total)} văn bản, trong đó ${joinVa(kinds)} (trừ văn bản mật).`;
}

export interface TableCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
}

/**
 * Form 06/VPCP/KSTT of Circular 01/2020/TT-VPCP, headed as the circular heads it, by field; all
 * cells are display strings. In the report it is the appendix ("Phụ lục") after Nơi nhận.
 */
export interface Form06Table {
  /** "Biểu số 06/VPCP/KSTT" */
  form: string;
  /** "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020" */
  formBasis: string;
  /** "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" */
  title: string;
  /** "Kỳ báo cáo: 6 tháng đầu năm 2023 (từ ngày 15/12/2022 đến ngày 14/6/2023)" */
  period: string;
  /** "Đơn vị báo cáo: Sở Khoa học và Công nghệ" */
  reportingUnit: string;
  /** "Đơn vị tính: Số hồ sơ TTHC" */
  unit: string;
  /** relative column widths, one per column */
  widths: number[];
  /** the header rows, the column numbers last; spanned cells are left out of the rows they are covered in */
  head: TableCell[][];
  body: string[][];
  /** body rows that add up the rows under them (the province's levels), printed in bold */
  groupRows?: number[];
  /** the total row; its first cell spans the STT and field columns */
  total: TableCell[];
  /** under the table: how the columns add up and where withdrawn and returned dossiers are counted */
  note: string;
}

const FORM06_COLUMNS = 13;

/**
 * The eleven figures of a form-06 row, in the order of its columns (3)–(13), so that every row adds
 * up: received (3) = resolved (7) + pending (11). A dossier closed in the period because the
 * applicant withdrew it or it was returned is neither resolved with a result nor pending: it is
 * counted in (7) as resolved on time (9), as `form06Note` states under the table.
 */
export function form06Figures(d: DossierFigures): number[] {
  const closedOtherwise = d.withdrawn + d.returned;
  return [
    d.received.total,
    d.received.online,
    d.received.direct + d.received.postal,
    d.received.carriedOver,
    d.resolved.total + closedOtherwise,
    d.resolved.early,
    d.resolved.onTime + closedOtherwise,
    d.resolved.late,
    d.pending.total,
    d.pending.withinDeadline,
    d.pending.overdue,
  ];
}

/** The note under form 06: the sum each row keeps and the convention for withdrawn and returned dossiers, with their totals. */
export function form06Note(totals: DossierFigures): string {
  const c = formatNumber;
  return (
    `Ghi chú: Mỗi dòng, cột (3) = cột (7) + cột (11); cột (3) = cột (4) + cột (5) + cột (6); cột (7) = cột (8) + cột (9) + cột (10). ` +
    `Hồ sơ tổ chức, cá nhân xin rút và hồ sơ trả lại trong kỳ (tổng cộng ${c(totals.withdrawn)} hồ sơ xin rút, ${c(totals.returned)} hồ sơ trả lại) ` +
    `được tính vào số hồ sơ đã giải quyết đúng hạn (cột 7 và cột 9); tỷ lệ giải quyết trước hạn, đúng hạn tính trên số hồ sơ đã giải quyết không kể các hồ sơ này.`
  );
}

/** What heads the form besides the figures: the period's name ("6 tháng đầu năm 2023") and the reporting agency. */
export interface Form06Heading {
  periodLabel: string;
  agency: string;
}

function figureCells(d: DossierFigures): string[] {
  return form06Figures(d).map(formatNumber);
}

/**
 * The total row: the figures, and the on-time and online rates in its wide first cell ("Tổng cộng
 * (tỷ lệ trước hạn, đúng hạn: 100%; tỷ lệ trực tuyến: 98,11%)"; "—" over 0), where they wrap
 * at spaces instead of splitting a narrow count cell.
 */
function totalRow(totals: DossierFigures, rates: DossierRates): TableCell[] {
  const label = `Tổng cộng (tỷ lệ trước hạn, đúng hạn: ${formatRate(rates.onTime)}; tỷ lệ trực tuyến: ${formatRate(rates.online)})`;
  return [{ text: label, colSpan: 2 }, ...figureCells(totals).map((text) => ({ text }))];
}

/**
 * The heads of Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP of 21/10/2020), verbatim as REPORT.md
 * ("Draft, appendix, page breaks") pins them, with the column numbers (1)–(13) below.
 */
export const FORM06_HEAD: TableCell[][] = [
  [
    { text: 'STT', rowSpan: 3 },
    { text: 'Lĩnh vực, công việc giải quyết theo cấp', rowSpan: 3 },
    { text: 'Số hồ sơ nhận giải quyết', colSpan: 4 },
    { text: 'Số hồ sơ đã giải quyết', colSpan: 4 },
    { text: 'Số lượng hồ sơ đang giải quyết', colSpan: 3 },
  ],
  [
    { text: 'Tổng số', rowSpan: 2 },
    { text: 'Trong đó', colSpan: 2 },
    { text: 'Từ kỳ trước', rowSpan: 2 },
    ...['Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'].map((text) => ({ text, rowSpan: 2 })),
  ],
  [{ text: 'Trực tuyến' }, { text: 'Trực tiếp, dịch vụ bưu chính' }],
  Array.from({ length: FORM06_COLUMNS }, (_, i) => ({ text: `(${i + 1})` })),
];

export function form06Table(fields: FieldFigures[], totals: DossierFigures, rates: DossierRates, span: DataSpan, heading: Form06Heading): Form06Table {
  return {
    form: 'Biểu số 06/VPCP/KSTT',
    formBasis: 'Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020',
    title: 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
    period: `Kỳ báo cáo: ${heading.periodLabel} (từ ngày ${formatDate(span.from)} đến ngày ${formatDate(span.to)})`,
    reportingUnit: `Đơn vị báo cáo: ${heading.agency}`,
    unit: 'Đơn vị tính: Số hồ sơ TTHC',
    widths: [5, 17, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7],
    head: FORM06_HEAD,
    body: fields.map((f, i) => [String(i + 1), documentLine(f.fieldName), ...figureCells(f.dossiers)]),
    total: totalRow(totals, rates),
    note: form06Note(totals),
  };
}
