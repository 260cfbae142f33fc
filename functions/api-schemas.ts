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

export const summaryQuery = { by: { schema: z.enum(['field']), description: '`field`: add `fields`, the rows of form 06 (one per field: `fieldCode`, `fieldName`, `dossiers`)' } };

export const excerptsQuery = { section: { schema: SectionKeySchema, description: 'the section key whose paragraphs to answer (CONTRACT §4)', required: true } };

export const sectionsQuery = { from: { schema: periodId, description: 'an earlier period (starting before `periodId`) whose text to answer, to carry forward' } };

/** POST …/reports takes no options: the render is always a draft (CONTRACT §6); the body may be empty or `{}`. */
export const renderRequest = z.strictObject({});

export const versionParams = agencyPeriodParams.extend({
  version: z.string().regex(/^[1-9]\d{0,3}$/, 'must be a version number 1–9999').transform(Number),
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

