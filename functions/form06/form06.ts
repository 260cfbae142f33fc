// Use case: Biểu số 06/VPCP/KSTT as a workbook, of one agency by field or of the province by agency
// (CONTRACT §8). The figures are the summary's and the roll-up's; the workbook is dated from the
// period, so the same figures always give the same bytes.
import { Conflict } from '#domain/errors.ts';
import { sumFigures } from '#domain/figures.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { addDays, parsePeriodId, startOfLocalDate, type Period } from '#domain/periods.ts';
import type { AgencyLevel, AgencyProfile } from '#domain/profile.ts';
import type { ProfileStore } from '#domain/report-ports.ts';
import { periodWording } from '#domain/report/period-wording.ts';
import { documentLine } from '#domain/report/text.ts';
import { toRoman } from '#domain/vi-format.ts';
import { AGENCIES_HEAD, agenciesTable, agencyTableFigures, byOnTimeRate, LEVEL_NAMES, provinceForm06Rows, type ProvinceAgency } from '#domain/report/province.ts';
import { renderForm06Xlsx, renderProvinceWorkbook, type Form06Row, type Form06Workbook } from '#render/form06-xlsx.ts';
import { readFigures } from '#app/figures.ts';
import { agenciesFigures, rollup } from '#app/rollup.ts';

export interface Form06Ports {
  figures: FiguresStore;
  profiles: Pick<ProfileStore, 'getProfile' | 'listProfiles'>;
}

/** Who the province's workbook goes to (Circular 01/2020/TT-VPCP: the province reports to the Government Office). */
const PROVINCE_RECEIVER = 'Văn phòng Chính phủ';

/** How the province's workbook names each level's group. */
const LEVEL_GROUPS: Record<AgencyLevel, string> = {
  province: 'UBND cấp tỉnh',
  'province-department': 'Sở, ban, ngành cấp tỉnh',
  district: 'UBND cấp huyện',
  commune: 'UBND cấp xã',
  other: 'Cơ quan, đơn vị khác',
};

const sheetOf = (period: Period, units: { reportingUnit: string; receivingUnit: string; nameHead: string }, rows: Form06Row[]): Form06Workbook => ({
  ...units,
  periodName: periodWording(period).label,
  span: { from: period.from, to: period.to },
  rows,
  // The day after the period, 00:00 local: when its report is first dated.
  stamp: new Date(startOfLocalDate(addDays(period.to, 1))).toISOString(),
});

/**
 * The province's own report's appendices as one workbook (CONTRACT §8): Biểu 06 by level then
 * field, its level and total rows SUM formulas; and every agency's figures and rates in the
 * report's order, its total row SUM formulas.
 */
export function provinceReportWorkbook(profile: AgencyProfile, period: Period, agencies: readonly ProvinceAgency[]): Promise<Uint8Array> {
  const rows: Form06Row[] = [...provinceForm06Rows(agencies), { kind: 'total', number: '', name: '', dossiers: sumFigures(agencies).dossiers }];
  const span = { from: period.from, to: period.to };
  const table = agenciesTable(agencies, span, { periodLabel: periodWording(period).label, agency: profile.agencyName });
  return renderProvinceWorkbook({
    form06: sheetOf(period, { reportingUnit: profile.agencyName, receivingUnit: PROVINCE_RECEIVER, nameHead: 'Lĩnh vực, công việc giải quyết theo cấp' }, rows),
    agencies: {
      title: table.title,
      head: AGENCIES_HEAD,
      note: table.note,
      counts: agencyTableFigures,
      rows: byOnTimeRate(agencies).map((a) => ({ name: documentLine(a.name), level: LEVEL_NAMES[a.level], dossiers: a.dossiers })),
    },
  });
}

export async function agencyForm06(ports: Form06Ports, agencyId: string, periodId: string): Promise<Uint8Array> {
  const profile = await ports.profiles.getProfile(agencyId);
  if (!profile) throw new Conflict('profile_missing', `Agency ${agencyId} has no profile yet; PUT /v1/agencies/${agencyId} first`);
  // The province's own: its report's appendices, over every agency.
  if (profile.level === 'province') return provinceReportWorkbook(profile, parsePeriodId(periodId), await agenciesFigures(ports, periodId));
  const figures = await readFigures(ports.figures, agencyId, periodId);
  const rows: Form06Row[] = [
    ...figures.fields.map((f, i): Form06Row => ({ kind: 'item', number: String(i + 1), name: documentLine(f.fieldName), dossiers: f.dossiers })),
    { kind: 'total', number: '', name: '', dossiers: figures.dossiers },
  ];
  const units = { reportingUnit: profile.agencyName, receivingUnit: profile.parentBody, nameHead: 'Lĩnh vực' };
  return renderForm06Xlsx(sheetOf(parsePeriodId(periodId), units, rows));
}

export async function provinceForm06(ports: Form06Ports, periodId: string): Promise<Uint8Array> {
  const [summary, profiles] = await Promise.all([rollup(ports, periodId), ports.profiles.listProfiles()]);
  const rows: Form06Row[] = summary.levels.flatMap((group, g) => [
    { kind: 'group' as const, number: toRoman(g + 1), name: LEVEL_GROUPS[group.level], dossiers: group.dossiers },
    ...summary.agencies.filter((a) => a.level === group.level).map((a, i): Form06Row => ({ kind: 'item', number: String(i + 1), name: a.name, dossiers: a.dossiers })),
  ]);
  rows.push({ kind: 'total', number: '', name: '', dossiers: summary.total.dossiers });
  // The agencies' parent body is the province (the first in agencyId order names it).
  const province = [...profiles].sort((a, b) => (a.agencyId < b.agencyId ? -1 : 1))[0]?.parentBody ?? '';
  const units = { reportingUnit: province, receivingUnit: PROVINCE_RECEIVER, nameHead: 'Cơ quan, đơn vị' };
  return renderForm06Xlsx(sheetOf(parsePeriodId(periodId), units, rows));
}
