// The province's own report (CONTRACT §8, "The province's own report"): what its data paragraphs say
// beyond an agency's — the totals by level, who issued its report late or not at all, the five best
// and five weakest on-time rates, the comparisons with the previous period and a year earlier — and
// its two appendices: form 06 by level then field, and every agency's figures and rates, sorted.
// Pure: the use case (shared/app/render-report.ts) reads the agencies' figures and submissions.
import { dossierRates, sumDossiers, sumFigures, type AgencyFigures, type DossierFigures, type FieldFigures, type PeriodFigures, type Rate } from '../figures.ts';
import type { Period } from '../periods.ts';
import type { AgencyLevel } from '../profile.ts';
import type { AgencyRow, Submission } from '../rollup.ts';
import type { CitedDocument } from './citations.ts';
import { form06Figures, form06Table, type DataSpan, type Form06Heading, type Form06Table, type TableCell } from './data-paragraphs.ts';
import { documentLine } from './text.ts';
import { formatDate, formatDecimal, formatNumber, formatRate, rateHundredths, toRoman } from '../vi-format.ts';

/** One agency of the province (the province itself included) with its figures by field. */
export interface ProvinceAgency extends AgencyRow {
  fields: FieldFigures[];
}

/** What the report prints of an agency's submission (GET /v1/periods/{periodId}/submissions): a version's state alone (draft, submitted) changes nothing in it. */
export type ReportStanding = Pick<Submission, 'agencyId' | 'name' | 'number' | 'deadline' | 'late'>;

/** The province's totals of an earlier period, to compare with. */
export interface ComparedPeriod {
  /** "6 tháng cuối năm 2022" */
  label: string;
  total: AgencyFigures;
}

/** What a report of a profile of level `province` is rendered from besides any agency's input. */
export interface ProvinceInput {
  /** every agency with a profile, the province itself included, in agencyId order */
  agencies: ProvinceAgency[];
  /** where each of the province's agencies stands for the period (the province itself left out), in agencyId order */
  submissions: ReportStanding[];
  /** the period of the same kind just before, and the same period a year earlier (one for 9M and FY); absent before 2000 */
  previous?: ComparedPeriod;
  yearEarlier?: ComparedPeriod;
  /** the agencies' issued reports of the period: what an excerpt taken into the narrative cites */
  issuedReports: CitedDocument[];
}

/** The levels of form 06 for a province, in the form's order (its column (2): "Lĩnh vực, công việc giải quyết theo cấp"). */
const FORM_LEVELS: ReadonlyArray<{ name: string; levels: readonly AgencyLevel[]; always: boolean }> = [
  { name: 'Cấp tỉnh', levels: ['province', 'province-department'], always: true },
  { name: 'Cấp huyện', levels: ['district'], always: true },
  { name: 'Cấp xã', levels: ['commune'], always: true },
  // Agencies of no level of the three (a centrally-run office in the province): only when there are some.
  { name: 'Cơ quan, đơn vị khác', levels: ['other'], always: false },
];

/** How the agencies' table names a level. */
export const LEVEL_NAMES: Record<AgencyLevel, string> = {
  province: 'Tỉnh',
  'province-department': 'Tỉnh',
  district: 'Huyện',
  commune: 'Xã',
  other: 'Khác',
};

/** The province's figures: the sum of its agencies', the province's own included; by field, the fields of every agency added up. */
export function provinceFigures(agencyId: string, period: Period, agencies: readonly ProvinceAgency[]): PeriodFigures {
  return { agencyId, period: { id: period.id, from: period.from, to: period.to }, ...sumFigures(agencies), fields: sumFields(agencies) };
}

/** The agencies' fields added up by field code, in code order; the name the first agency (agencyId order) gave it. */
function sumFields(agencies: readonly ProvinceAgency[]): FieldFigures[] {
  const byCode = new Map<string, FieldFigures[]>();
  for (const f of agencies.flatMap((a) => a.fields)) byCode.set(f.fieldCode, [...(byCode.get(f.fieldCode) ?? []), f]);
  return [...byCode.keys()].sort().map((fieldCode) => {
    const list = byCode.get(fieldCode)!;
    return { fieldCode, fieldName: list[0]!.fieldName, dossiers: sumDossiers(list.map((f) => f.dossiers)) };
  });
}

// ---- ranking --------------------------------------------------------------------------------------

/** a > b as fractions, exactly. */
const greater = (a: Rate, b: Rate): boolean => BigInt(a.numerator) * BigInt(b.denominator) > BigInt(b.numerator) * BigInt(a.denominator);

/**
 * The order of the agencies' table and of the ranking: on-time rate from highest to lowest; on an
 * equal rate more dossiers resolved first, then agencyId; agencies that resolved none last, by agencyId.
 */
export function byOnTimeRate<T extends Pick<AgencyRow, 'agencyId' | 'dossiers' | 'rates'>>(agencies: readonly T[]): T[] {
  return [...agencies].sort((a, b) => {
    const [ra, rb] = [a.rates.onTime, b.rates.onTime];
    if ((ra.denominator === 0) !== (rb.denominator === 0)) return ra.denominator === 0 ? 1 : -1;
    if (greater(ra, rb)) return -1;
    if (greater(rb, ra)) return 1;
    return b.dossiers.resolved.total - a.dossiers.resolved.total || (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0);
  });
}

const RANKED = 5;

/** The five best and the five weakest on-time rates of the province's agencies (the province itself left out), weakest first in its list. */
export function ranking(agencies: readonly ProvinceAgency[]): { best: ProvinceAgency[]; weakest: ProvinceAgency[] } {
  const ranked = byOnTimeRate(agencies.filter((a) => a.level !== 'province' && a.rates.onTime.denominator > 0));
  const best = ranked.slice(0, RANKED);
  // With fewer than ten agencies ranked, the weakest are those not already among the best.
  const weakest = ranked.slice(Math.max(best.length, ranked.length - RANKED)).toReversed();
  return { best, weakest };
}

const named = (a: ProvinceAgency) => `${a.name} (${formatRate(a.rates.onTime)})`;

/** "Các cơ quan, đơn vị có tỷ lệ giải quyết trước hạn, đúng hạn cao nhất: …; thấp nhất: …." */
export function rankingSentence(agencies: readonly ProvinceAgency[]): string {
  const { best, weakest } = ranking(agencies);
  if (best.length === 0) return 'Trong kỳ, chưa có cơ quan, đơn vị nào có hồ sơ đã giải quyết để xếp hạng tỷ lệ giải quyết trước hạn, đúng hạn.';
  const top = `Các cơ quan, đơn vị có tỷ lệ giải quyết hồ sơ trước hạn, đúng hạn cao nhất: ${best.map(named).join('; ')}`;
  return weakest.length === 0 ? `${top}.` : `${top}. Các cơ quan, đơn vị có tỷ lệ thấp nhất: ${weakest.map(named).join('; ')}.`;
}

// ---- totals ---------------------------------------------------------------------------------------

interface LevelGroup {
  name: string;
  agencies: ProvinceAgency[];
  dossiers: DossierFigures;
}

function levelGroups(agencies: readonly ProvinceAgency[]): LevelGroup[] {
  return FORM_LEVELS.flatMap(({ name, levels, always }) => {
    const members = agencies.filter((a) => levels.includes(a.level));
    return members.length === 0 && !always ? [] : [{ name, agencies: members, dossiers: sumDossiers(members.map((a) => a.dossiers)) }];
  });
}

/** "Trong đó, cấp tỉnh tiếp nhận 63 hồ sơ, tỷ lệ giải quyết trước hạn, đúng hạn đạt 100%; cấp huyện …; cấp xã …." */
export function levelsSentence(agencies: readonly ProvinceAgency[]): string {
  const parts = levelGroups(agencies).map(({ name, dossiers }) => {
    const onTime = dossierRates(dossiers).onTime;
    const rate = onTime.denominator === 0 ? '' : `, tỷ lệ giải quyết trước hạn, đúng hạn đạt ${formatRate(onTime)}`;
    return `${name.toLocaleLowerCase('vi')} tiếp nhận ${formatNumber(dossiers.received.total)} hồ sơ${rate}`;
  });
  return `Trong đó, ${parts.join('; ')}.`;
}

// ---- comparisons ----------------------------------------------------------------------------------

function countChange(now: number, before: number, unit: string): string {
  if (now === before) return `không thay đổi (${formatNumber(now)} ${unit})`;
  const [word, to] = now > before ? ['tăng', 'lên'] : ['giảm', 'xuống'];
  return `${word} ${formatNumber(Math.abs(now - before))} ${unit} (từ ${formatNumber(before)} ${to} ${formatNumber(now)} ${unit})`;
}

/** A rate's change in percentage points, taken on the rates as printed; undefined when either has no denominator. */
function rateChange(now: Rate, before: Rate): string | undefined {
  const [n, b] = [rateHundredths(now), rateHundredths(before)];
  if (n === undefined || b === undefined) return undefined;
  if (n === b) return `không thay đổi (${formatRate(now)})`;
  const [word, to] = n > b ? ['tăng', 'lên'] : ['giảm', 'xuống'];
  return `${word} ${formatDecimal(Math.abs(n - b) / 100)} điểm phần trăm (từ ${formatRate(before)} ${to} ${formatRate(now)})`;
}

function comparedWith(total: AgencyFigures, earlier: ComparedPeriod, lead: string): string {
  const parts = [`số hồ sơ tiếp nhận ${countChange(total.dossiers.received.total, earlier.total.dossiers.received.total, 'hồ sơ')}`];
  const onTime = rateChange(total.rates.onTime, earlier.total.rates.onTime);
  if (onTime) parts.push(`tỷ lệ giải quyết trước hạn, đúng hạn ${onTime}`);
  const online = rateChange(total.rates.online, earlier.total.rates.online);
  if (online) parts.push(`tỷ lệ hồ sơ trực tuyến ${online}`);
  return `${lead}, ${parts.join(', ')}`;
}

/**
 * "So với 6 tháng cuối năm 2022, số hồ sơ tiếp nhận tăng 12 hồ sơ (…), tỷ lệ …; so với cùng kỳ năm
 * trước (6 tháng đầu năm 2022), …." One comparison when the previous period is the year earlier
 * (9 months, year); empty when there is neither.
 */
export function comparisonSentence(total: AgencyFigures, input: Pick<ProvinceInput, 'previous' | 'yearEarlier'>): string {
  const { previous, yearEarlier } = input;
  const clauses: string[] = [];
  if (previous && previous.label !== yearEarlier?.label) clauses.push(comparedWith(total, previous, `so với ${previous.label}`));
  if (yearEarlier) clauses.push(comparedWith(total, yearEarlier, `so với cùng kỳ năm trước (${yearEarlier.label})`));
  if (clauses.length === 0) return '';
  const text = `${clauses.join('; ')}.`;
  return text[0]!.toUpperCase() + text.slice(1);
}

// ---- submissions ----------------------------------------------------------------------------------

/**
 * I.1: how the agencies kept the reporting regime for the period, from the submissions board:
 * who issued on time, who issued late, who has not issued (and whether already past the deadline).
 */
export function submissionsSentence(submissions: readonly ReportStanding[], periodLabel: string): string {
  if (submissions.length === 0) return '';
  const issued = submissions.filter((s) => s.number !== null);
  const onTime = issued.filter((s) => !s.late);
  const late = issued.filter((s) => s.late);
  const missing = submissions.filter((s) => s.number === null);
  const head = `Về thực hiện chế độ báo cáo ${periodLabel}: ${formatNumber(onTime.length)}/${formatNumber(submissions.length)} cơ quan, đơn vị đã ban hành báo cáo đúng hạn`;
  const parts = [head];
  const deadline = (s: ReportStanding) => (s.deadline ? `, hạn ${formatDate(s.deadline)}` : '');
  if (late.length > 0) parts.push(`${formatNumber(late.length)} cơ quan, đơn vị ban hành báo cáo trễ hạn: ${late.map((s) => `${s.name} (Báo cáo số ${s.number}${deadline(s)})`).join(', ')}`);
  if (missing.length > 0) {
    parts.push(`${formatNumber(missing.length)} cơ quan, đơn vị chưa ban hành báo cáo: ${missing.map((s) => (s.late && s.deadline ? `${s.name} (đã quá hạn ${formatDate(s.deadline)})` : s.name)).join(', ')}`);
  }
  return `${parts.join('; ')}.`;
}

// ---- appendices -----------------------------------------------------------------------------------

/** A row of form 06 for the province: a level (its roman number) adding up the fields under it (numbered from 1 in each). */
export interface LevelRow {
  kind: 'group' | 'item';
  number: string;
  name: string;
  dossiers: DossierFigures;
}

/** Form 06's rows for the province: each level (cấp tỉnh, cấp huyện, cấp xã) with its fields under it, a level with no agency too. */
export function provinceForm06Rows(agencies: readonly ProvinceAgency[]): LevelRow[] {
  return levelGroups(agencies).flatMap((g, i) => [
    { kind: 'group' as const, number: toRoman(i + 1), name: g.name, dossiers: g.dossiers },
    ...sumFields(g.agencies)
      .filter((f) => f.dossiers.received.total > 0)
      .map((f, j) => ({ kind: 'item' as const, number: String(j + 1), name: documentLine(f.fieldName), dossiers: f.dossiers })),
  ]);
}

/** Phụ lục I: form 06 for the province, a row per level in bold with its fields under it, then the total. */
export function provinceForm06Table(agencies: readonly ProvinceAgency[], span: DataSpan, heading: Form06Heading): Form06Table {
  const rows = provinceForm06Rows(agencies);
  const total = sumFigures(agencies);
  return {
    ...form06Table([], total.dossiers, total.rates, span, heading),
    body: rows.map((r) => [r.number, r.name, ...form06Figures(r.dossiers).map(formatNumber)]),
    groupRows: rows.flatMap((r, i) => (r.kind === 'group' ? [i] : [])),
  };
}

/** The heads of the agencies' table, numbered (1)–(13) as form 06's. */
export const AGENCIES_HEAD: TableCell[][] = [
  [
    { text: 'STT', rowSpan: 2 },
    { text: 'Cơ quan, đơn vị', rowSpan: 2 },
    { text: 'Cấp', rowSpan: 2 },
    { text: 'Số hồ sơ nhận giải quyết', colSpan: 2 },
    { text: 'Số hồ sơ đã giải quyết', colSpan: 3 },
    { text: 'Rút, trả lại', rowSpan: 2 },
    { text: 'Số hồ sơ đang giải quyết', colSpan: 2 },
    { text: 'Tỷ lệ giải quyết trước hạn, đúng hạn', rowSpan: 2 },
    { text: 'Tỷ lệ hồ sơ trực tuyến', rowSpan: 2 },
  ],
  [
    { text: 'Tổng số' },
    { text: 'Trực tuyến' },
    { text: 'Tổng số' },
    { text: 'Trước hạn, đúng hạn' },
    { text: 'Quá hạn' },
    { text: 'Tổng số' },
    { text: 'Quá hạn' },
  ],
  Array.from({ length: 13 }, (_, i) => ({ text: `(${i + 1})` })),
];

/** The counts of the agencies' table, columns (4)–(11): (4) = (6) + (9) + (10). */
export function agencyTableFigures(d: DossierFigures): number[] {
  return [
    d.received.total,
    d.received.online,
    d.resolved.total,
    d.resolved.early + d.resolved.onTime,
    d.resolved.late,
    d.withdrawn + d.returned,
    d.pending.total,
    d.pending.overdue,
  ];
}

const agencyCells = (f: Pick<AgencyFigures, 'dossiers' | 'rates'>) => [...agencyTableFigures(f.dossiers).map(formatNumber), formatRate(f.rates.onTime), formatRate(f.rates.online)];

/** Phụ lục II: every agency's figures and rates, sorted by on-time rate (the sort stated in the note), and the total. */
export function agenciesTable(agencies: readonly ProvinceAgency[], span: DataSpan, heading: Form06Heading): Form06Table {
  const sorted = byOnTimeRate(agencies);
  const total = sumFigures(agencies);
  return {
    form: '',
    formBasis: '',
    title: 'SỐ LIỆU GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CỦA CÁC CƠ QUAN, ĐƠN VỊ',
    period: `Kỳ báo cáo: ${heading.periodLabel} (từ ngày ${formatDate(span.from)} đến ngày ${formatDate(span.to)})`,
    reportingUnit: `Đơn vị báo cáo: ${heading.agency}`,
    unit: 'Đơn vị tính: Số hồ sơ TTHC',
    widths: [5, 21, 7, 7, 7, 7, 7, 6, 6, 7, 6, 9, 9],
    head: AGENCIES_HEAD,
    body: sorted.map((a, i) => [String(i + 1), documentLine(a.name), LEVEL_NAMES[a.level], ...agencyCells(a)]),
    total: [{ text: 'Tổng cộng', colSpan: 3 }, ...agencyCells(total).map((text) => ({ text }))],
    note:
      'Ghi chú: Các cơ quan, đơn vị xếp theo tỷ lệ giải quyết trước hạn, đúng hạn (cột 12) từ cao xuống thấp; cùng tỷ lệ thì cơ quan, đơn vị giải quyết nhiều hồ sơ hơn (cột 6) xếp trước; ' +
      'cơ quan, đơn vị chưa có hồ sơ giải quyết trong kỳ ("—") xếp cuối. Mỗi dòng, cột (4) = cột (6) + cột (9) + cột (10); cột (6) = cột (7) + cột (8). ' +
      'Tỷ lệ của dòng tổng cộng tính trên tổng số hồ sơ của các cơ quan, đơn vị.',
  };
}
