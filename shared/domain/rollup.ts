// The province's view (CONTRACT §8): every agency's figures side by side with their sum, and who
// has reported. Pure: the use case (functions/rollup) reads the counters and versions.
import * as z from 'zod';
import { AgencyFiguresSchema, PeriodSummarySchema, sumFigures, type AgencyFigures } from './figures.ts';
import { deadlineOf } from './deadlines.ts';
import { addDays, startOfLocalDate, type Period } from './periods.ts';
import { AGENCY_LEVELS, type AgencyLevel, type AgencyProfile } from './profile.ts';
import { REPORT_STATES, type ReportVersion } from './report-version.ts';

const level = z.enum(AGENCY_LEVELS).meta({ description: 'how Biểu số 06 groups the agency: the province itself, province departments, districts, communes, others' });

const AgencyRowSchema = z.object({
  agencyId: z.string(),
  name: z.string().meta({ description: "the profile's agencyName" }),
  level,
  ...AgencyFiguresSchema.shape,
});

/** The answer of GET /v1/periods/{periodId}/summary. */
export const ProvinceSummarySchema = z.object({
  period: PeriodSummarySchema.shape.period,
  agencies: z.array(AgencyRowSchema).meta({ description: 'every agency with a profile, in agencyId order' }),
  levels: z
    .array(z.object({ level, agencyIds: z.array(z.string()), ...AgencyFiguresSchema.shape }))
    .meta({ description: 'the agencies of each level present (province, province-department, district, commune, other) and their sum' }),
  total: AgencyFiguresSchema.meta({ description: 'the sum over every agency; its rates from the summed counts' }),
});

export type AgencyRow = z.infer<typeof AgencyRowSchema>;
export type ProvinceSummary = z.infer<typeof ProvinceSummarySchema>;

/** The roll-up of the agencies' figures (rows already in agencyId order). */
export function provinceSummary(period: Period, agencies: AgencyRow[]): ProvinceSummary {
  const levels = AGENCY_LEVELS.flatMap((l: AgencyLevel) => {
    const rows = agencies.filter((a) => a.level === l);
    return rows.length === 0 ? [] : [{ level: l, agencyIds: rows.map((a) => a.agencyId), ...sumFigures(rows) }];
  });
  return { period: { id: period.id, from: period.from, to: period.to }, agencies, levels, total: sumFigures(agencies) };
}

export const agencyRow = (profile: AgencyProfile, figures: AgencyFigures): AgencyRow => ({
  agencyId: profile.agencyId,
  name: profile.agencyName,
  level: profile.level,
  dossiers: figures.dossiers,
  documents: figures.documents,
  rates: figures.rates,
});

// ---- submissions --------------------------------------------------------------------------------

const SubmissionSchema = z.object({
  agencyId: z.string(),
  name: z.string(),
  state: z.enum(['missing', ...REPORT_STATES]).meta({ description: "the state of the latest report version of the period; missing when none was rendered" }),
  number: z.string().nullable().meta({ description: 'the number of the latest issued version, e.g. 1015/BC-SKHCN' }),
  issuedAt: z.string().nullable().meta({ format: 'date-time', description: 'when the latest issued version was issued' }),
  deadline: z
    .string()
    .nullable()
    .meta({ format: 'date', description: "the local date the report is due: the period's last date plus the profile's deadline days for the period kind; null when the profile names none for the kind" }),
  late: z.boolean().meta({ description: 'the deadline has passed and no version was issued by its end (never without a deadline)' }),
});

/** The answer of GET /v1/periods/{periodId}/submissions. */
export const SubmissionsSchema = z.array(SubmissionSchema);
export type Submission = z.infer<typeof SubmissionSchema>;

/** When an issued version was issued: its `issued` transition. */
const issuedAtOf = (version: ReportVersion): string | undefined => version.history.findLast((t) => t.state === 'issued')?.at;

/** Where one agency stands for the period, from its report versions (any order) at instant `now`. */
export function submissionOf(profile: AgencyProfile, period: Period, versions: readonly ReportVersion[], now: Date): Submission {
  const byVersion = [...versions].sort((a, b) => a.version - b.version);
  const latest = byVersion.at(-1);
  const issued = byVersion.filter((v) => v.state === 'issued').at(-1);
  const issuedAt = issued && issuedAtOf(issued);
  const deadline = deadlineOf(profile, period);
  // Due by the end of the deadline's local day.
  const dueBefore = deadline === undefined ? Infinity : startOfLocalDate(addDays(deadline, 1));
  const firstIssue = byVersion.map((v) => (v.state === 'issued' ? issuedAtOf(v) : undefined)).find((at) => at !== undefined);
  const late = firstIssue === undefined ? now.getTime() >= dueBefore : Date.parse(firstIssue) >= dueBefore;
  return {
    agencyId: profile.agencyId,
    name: profile.agencyName,
    state: latest?.state ?? 'missing',
    number: issued?.issued?.number ?? null,
    issuedAt: issuedAt ?? null,
    deadline: deadline ?? null,
    late,
  };
}
