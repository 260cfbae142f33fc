// The figures of an issued report as indicator values, the shape provincial reporting systems
// (Hệ thống thông tin báo cáo of Decree 09/2019/NĐ-CP) take over the LGSP: one value per indicator,
// with the agency's organ code, the indicator's code, the kind of figure, the period and the unit, so
// the province's system can pull them instead of retyping the report. The codes are this system's
// (INDICATORS below, also in docs/deploy.md); a province maps them to its own catalogue once.
import * as z from 'zod';
import type { AgencyFigures, Rate } from './figures.ts';
import type { Period, PeriodKind } from './periods.ts';

/**
 * What a value is (Decree 09/2019 distinguishes estimated from official figures):
 * - `estimate`: from a report rendered before the period closed (its figures may still change);
 * - `actual`: the period closed, counted from the events, not yet in an issued report;
 * - `official`: as the agency's issued report states them.
 */
const DATA_TYPES = ['estimate', 'actual', 'official'] as const;
type DataType = (typeof DATA_TYPES)[number];

type Unit = 'hồ sơ' | 'văn bản' | '%';

interface Indicator {
  code: string;
  /** the figure's path in the summary JSON (CONTRACT §3), e.g. dossiers.received.total */
  figure: string;
  name: string;
  unit: Unit;
  read: (f: AgencyFigures) => number | Rate;
}

const count = (code: string, figure: string, name: string, unit: Unit = 'hồ sơ'): Indicator => ({
  code,
  figure,
  name,
  unit,
  read: (f) => figure.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], f) as number,
});
const rate = (code: string, key: keyof AgencyFigures['rates'], name: string): Indicator => ({ code, figure: `rates.${key}`, name, unit: '%', read: (f) => f.rates[key] });

/** Every figure of the report, by code (the list a province maps to its catalogue). */
export const INDICATORS: readonly Indicator[] = [
  count('CCHC.HS.TN', 'dossiers.received.total', 'Tổng số hồ sơ tiếp nhận'),
  count('CCHC.HS.TN.KT', 'dossiers.received.carriedOver', 'Số hồ sơ kỳ trước chuyển qua'),
  count('CCHC.HS.TN.TT', 'dossiers.received.online', 'Số hồ sơ tiếp nhận trực tuyến'),
  count('CCHC.HS.TN.TTR', 'dossiers.received.direct', 'Số hồ sơ tiếp nhận trực tiếp'),
  count('CCHC.HS.TN.BC', 'dossiers.received.postal', 'Số hồ sơ tiếp nhận qua dịch vụ bưu chính'),
  count('CCHC.HS.GQ', 'dossiers.resolved.total', 'Tổng số hồ sơ đã giải quyết'),
  count('CCHC.HS.GQ.TH', 'dossiers.resolved.early', 'Số hồ sơ giải quyết trước hạn'),
  count('CCHC.HS.GQ.DH', 'dossiers.resolved.onTime', 'Số hồ sơ giải quyết đúng hạn'),
  count('CCHC.HS.GQ.QH', 'dossiers.resolved.late', 'Số hồ sơ giải quyết quá hạn'),
  count('CCHC.HS.RUT', 'dossiers.withdrawn', 'Số hồ sơ rút'),
  count('CCHC.HS.TRA', 'dossiers.returned', 'Số hồ sơ trả lại'),
  count('CCHC.HS.DXL', 'dossiers.pending.total', 'Tổng số hồ sơ đang giải quyết'),
  count('CCHC.HS.DXL.TH', 'dossiers.pending.withinDeadline', 'Số hồ sơ đang giải quyết chưa đến hạn'),
  count('CCHC.HS.DXL.QH', 'dossiers.pending.overdue', 'Số hồ sơ đang giải quyết quá hạn'),
  count('CCHC.VB.PH', 'documents.issued.total', 'Tổng số văn bản phát hành', 'văn bản'),
  count('CCHC.VB.PH.DT', 'documents.issued.electronic', 'Số văn bản phát hành dưới dạng điện tử', 'văn bản'),
  count('CCHC.VB.PH.DTG', 'documents.issued.electronicWithPaper', 'Số văn bản phát hành dạng điện tử kèm bản giấy', 'văn bản'),
  count('CCHC.VB.PH.G', 'documents.issued.paper', 'Số văn bản phát hành dạng giấy', 'văn bản'),
  rate('CCHC.TL.DH', 'onTime', 'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn'),
  rate('CCHC.TL.TT', 'online', 'Tỷ lệ hồ sơ tiếp nhận trực tuyến'),
  rate('CCHC.TL.TTTT', 'fullyOnline', 'Tỷ lệ hồ sơ trực tuyến toàn trình'),
  rate('CCHC.TL.SH', 'digitized', 'Tỷ lệ hồ sơ được số hóa'),
  rate('CCHC.TL.KQDT', 'resultElectronic', 'Tỷ lệ kết quả giải quyết điện tử'),
];

const IndicatorValueSchema = z.object({
  agencyCode: z.string().min(1).meta({ description: "the agency's organ code (Decision 20/2020/QĐ-TTg)" }),
  indicatorCode: z.string().min(1),
  /** the figure's path in the summary JSON */
  figure: z.string(),
  name: z.string(),
  dataType: z.enum(DATA_TYPES),
  periodId: z.string(),
  periodKind: z.enum(['M', 'Q', 'H', '9M', 'FY'] satisfies PeriodKind[]),
  /** month, quarter or half of the year; 1 for 9M and FY */
  periodIndex: z.int().min(1).max(12),
  year: z.int(),
  /** a count, or a percentage with two decimals; null for a rate over nothing */
  value: z.number().nullable(),
  /** a rate's exact counts, so a province can add agencies up itself */
  numerator: z.int().min(0).optional(),
  denominator: z.int().min(0).optional(),
  unit: z.enum(['hồ sơ', 'văn bản', '%']),
});

export const IndicatorValuesDocumentSchema = z.object({
  agencyCode: z.string().min(1),
  agencyId: z.string(),
  periodId: z.string(),
  /** the issued report the values come from: its number and date; absent for `actual` values */
  report: z.object({ number: z.string(), issuedOn: z.string() }).optional(),
  values: z.array(IndicatorValueSchema),
});
export type IndicatorValuesDocument = z.infer<typeof IndicatorValuesDocumentSchema>;

export interface IndicatorValuesInput {
  agencyId: string;
  organId: string;
  period: Pick<Period, 'id' | 'kind' | 'year' | 'index'>;
  figures: AgencyFigures;
  /** the report they come from: provisional or not, and its number and date once issued */
  report: { provisional: boolean; issued?: { number: string; issuedOn: string } };
}

/** A percentage with two decimals, rounded half up on the exact counts (no float drift: same counts, same value). */
function percent({ numerator, denominator }: Rate): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator * 10_000) / denominator) / 100;
}

/** The indicator values of a report's figures, in INDICATORS order. */
export function indicatorValues(input: IndicatorValuesInput): IndicatorValuesDocument {
  const dataType: DataType = input.report.provisional ? 'estimate' : input.report.issued ? 'official' : 'actual';
  const { period } = input;
  return {
    agencyCode: input.organId,
    agencyId: input.agencyId,
    periodId: period.id,
    ...(input.report.issued ? { report: { number: input.report.issued.number, issuedOn: input.report.issued.issuedOn } } : {}),
    values: INDICATORS.map((indicator) => {
      const read = indicator.read(input.figures);
      const value = typeof read === 'number' ? { value: read } : { value: percent(read), numerator: read.numerator, denominator: read.denominator };
      return {
        agencyCode: input.organId,
        indicatorCode: indicator.code,
        figure: indicator.figure,
        name: indicator.name,
        dataType,
        periodId: period.id,
        periodKind: period.kind,
        periodIndex: period.index,
        year: period.year,
        ...value,
        unit: indicator.unit,
      };
    }),
  };
}
