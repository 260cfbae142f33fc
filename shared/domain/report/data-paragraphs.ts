// The paragraphs the system writes from a period's figures (docs/report.md, II.2 and II.6), in the
// seed report's own words, and the form-06 table.
import type { DocumentFigures, DossierFigures, DossierRates, FieldFigures } from '../figures.ts';
import { formatCount, formatDate, formatNumber, formatRate } from '../vi-format.ts';
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
 * dossiers are named only when there are any. The pending count is written without a leading zero,
 * as the seed prints it ("4 hồ sơ đang xử lý").
 */
export function oneStopSentence(d: DossierFigures, span: DataSpan, shortName: string): string {
  const c = formatCount;
  const channels = [
    `trực tuyến ${c(d.received.online)} hồ sơ`,
    `kỳ trước chuyển qua ${c(d.received.carriedOver)} hồ sơ`,
    `trực tiếp ${c(d.received.direct)} hồ sơ`,
  ];
  if (d.received.postal > 0) channels.push(`qua dịch vụ bưu chính công ích ${c(d.received.postal)} hồ sơ`);
  const pending =
    d.pending.overdue > 0
      ? `${formatNumber(d.pending.total)} hồ sơ đang xử lý (trong đó, ${formatNumber(d.pending.withinDeadline)} hồ sơ chưa đến hạn trả kết quả và ${c(d.pending.overdue)} hồ sơ quá hạn trả kết quả)`
      : `${formatNumber(d.pending.withinDeadline)} hồ sơ đang xử lý chưa đến hạn trả kết quả`;
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
  const c = formatCount;
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

/** Form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) by field; all cells are display strings. */
export interface Form06Table {
  title: string;
  /** "Đơn vị tính: hồ sơ" */
  unit: string;
  /** relative column widths, one per column */
  widths: number[];
  /** the header rows; spanned cells are left out of the rows they are covered in */
  head: TableCell[][];
  body: string[][];
  /** the total row; its first cell spans the STT and field columns */
  total: TableCell[];
}

const FORM06_COLUMNS = 13;

/** The eleven figures of a form-06 row, in the order of its columns (3)–(13). */
export function form06Figures(d: DossierFigures): number[] {
  return [
    d.received.total,
    d.received.online,
    d.received.direct + d.received.postal,
    d.received.carriedOver,
    d.resolved.total,
    d.resolved.early,
    d.resolved.onTime,
    d.resolved.late,
    d.pending.total,
    d.pending.withinDeadline,
    d.pending.overdue,
  ];
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

export function form06Table(fields: FieldFigures[], totals: DossierFigures, rates: DossierRates, span: DataSpan): Form06Table {
  return {
    title:
      `Tình hình, kết quả giải quyết thủ tục hành chính từ ngày ${formatDate(span.from)} đến ngày ${formatDate(span.to)} ` +
      '(Mẫu số 06/VPCP/KSTT, Thông tư số 01/2020/TT-VPCP)',
    unit: 'Đơn vị tính: hồ sơ',
    widths: [5, 17, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7],
    head: [
      [
        { text: 'STT', rowSpan: 2 },
        { text: 'Lĩnh vực', rowSpan: 2 },
        { text: 'Số hồ sơ nhận giải quyết', colSpan: 4 },
        { text: 'Số hồ sơ đã giải quyết', colSpan: 4 },
        { text: 'Số hồ sơ đang giải quyết', colSpan: 3 },
      ],
      [
        'Tổng số',
        'Trực tuyến',
        'Trực tiếp, bưu chính',
        'Kỳ trước chuyển qua',
        'Tổng số',
        'Trước hạn',
        'Đúng hạn',
        'Quá hạn',
        'Tổng số',
        'Chưa đến hạn',
        'Quá hạn',
      ].map((text) => ({ text })),
      Array.from({ length: FORM06_COLUMNS }, (_, i) => ({ text: `(${i + 1})` })),
    ],
    body: fields.map((f, i) => [String(i + 1), documentLine(f.fieldName), ...figureCells(f.dossiers)]),
    total: totalRow(totals, rates),
  };
}
