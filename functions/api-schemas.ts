// The zod schemas of the staff routes' paths, queries and bodies: the edges parse with them, the
// OpenAPI document (functions/openapi/) and the console's typed client describe the routes with
// them, so none of those imports another function's folder.
import * as z from 'zod';
import { agencyId } from '#events/event.schema.ts';
import { calendarDate } from '#domain/attachment.ts';
import { issueNumber } from '#domain/document-kinds.ts';
import { EVENT_DATES, periodId } from '#domain/periods.ts';
import { textSchema } from '#domain/report/text.ts';
import { SectionKeySchema } from '#domain/sections.ts';

export const agencyPeriodParams = z.object({ agencyId, periodId });

export const periodParams = z.object({ periodId });

/** A comma-separated list of names from `choices`, each at most once (`field,month`). */
const listOf = <const T extends string>(choices: readonly [T, ...T[]]) =>
  z
    .string()
    .regex(new RegExp(`^(${choices.join('|')})(,(${choices.join('|')}))*$`), `must be a comma-separated list of ${choices.join(', ')}`)
    .transform((text) => text.split(',') as T[])
    .refine((names) => new Set(names).size === names.length, 'must name each choice once');

const SUMMARY_BY = ['field', 'month'] as const;
const SUMMARY_COMPARE = ['previous', 'yearEarlier'] as const;

export const summaryQuery = {
  by: {
    schema: listOf(SUMMARY_BY),
    description:
      'comma-separated: `field` adds `fields`, the rows of form 06 (one per field: `fieldCode`, `fieldName`, `dossiers`); `month` adds `months`, the summary of each month of the period in order (what the console charts)',
  },
  compare: {
    schema: listOf(SUMMARY_COMPARE),
    description:
      'comma-separated: `previous` adds `previous`, the summary of the period of the same kind just before (2023-H1 → 2022-H2); `yearEarlier` adds `yearEarlier`, the same period a year earlier; each `null` when that period is before 2000',
  },
};

export const excerptsQuery = { section: { schema: SectionKeySchema, description: 'the section key whose paragraphs to answer (CONTRACT §4)', required: true } };

export const sectionsQuery = { from: { schema: periodId, description: 'an earlier period (starting before `periodId`) whose text to answer, to carry forward' } };

/** POST …/reports takes no options: the render is always a draft (CONTRACT §6); the body may be empty or `{}`. */
export const renderRequest = z.strictObject({});

export const versionParams = agencyPeriodParams.extend({
  version: z.string().regex(/^[1-9]\d{0,3}$/, 'must be a version number 1–9999').transform(Number),
});

/** One recipient's deliveries of a version: `recipient` is its position in "Nơi nhận" (1, 2, …), as `GET …/reports` lists it in `recipientNo`. */
export const deliveryParams = versionParams.extend({
  recipient: z.string().regex(/^[1-9]\d?$/, 'must be the recipient\'s position in "Nơi nhận", 1–99').transform(Number),
});

export const returnRequest = z.strictObject({
  /** why the leader sends it back; printed nowhere but the history */
  comment: textSchema(2_000, 1, { printed: false }),
});

/** The clerk's issue: the number and the date only; the name under the signature is the signing leader's own, never typed in. */
export const issueRequest = z.strictObject({
  number: issueNumber,
  /** the date line; today (local) when not given. Its rules against the period and the amended version are the use case's (issue #23, 4). */
  issuedOn: calendarDate.refine((d) => d >= EVENT_DATES.first && d <= EVENT_DATES.last, `must be a date ${EVENT_DATES.first} … ${EVENT_DATES.last}`).optional(),
});

