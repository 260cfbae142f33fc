// POST and GET /v1/agencies/{agencyId}/periods/{periodId}/reports, and the review of a version:
// POST …/reports/{version}/submit, /return and /issue (CONTRACT §6).
import * as z from 'zod';
import { calendarDate } from '#domain/attachment.ts';
import { issueNumber } from '#domain/document-kinds.ts';
import { EVENT_DATES, localDate } from '#domain/periods.ts';
import { STAFF_TEXT_LIMITS } from '#domain/profile.ts';
import { textSchema } from '#domain/report/text.ts';
import { json, jsonBody, parseJson, parseWith, pathParams, rawBody, type HttpEvent } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { agencyPeriodParams } from '#functions/summary/summary.ts';
import { listReports, renderReport, type ReportPorts } from './render-report.ts';
import { issueReport, returnReport, submitReport } from './review-report.ts';

/** POST …/reports takes no options: the render is always a draft (CONTRACT §6); the body may be empty or `{}`. */
export const renderRequest = z.strictObject({});

export const versionParams = agencyPeriodParams.extend({
  version: z.string().regex(/^[1-9]\d{0,3}$/, 'must be a version number 1–9999').transform(Number),
});

export const returnRequest = z.strictObject({
  /** why the leader sends it back; printed nowhere but the history */
  comment: textSchema(2_000, 1, { printed: false }),
});

export const issueRequest = z.strictObject({
  number: issueNumber,
  signerName: textSchema(STAFF_TEXT_LIMITS.line),
  issuedOn: calendarDate.refine((d) => d >= EVENT_DATES.first && d <= EVENT_DATES.last, `must be a date ${EVENT_DATES.first} … ${EVENT_DATES.last}`).optional(),
});

/** A route without options takes an empty body or `{}`; anything else is a 400 naming the field. */
function noOptions(event: HttpEvent): void {
  const text = rawBody(event);
  parseWith(renderRequest, text.trim() === '' ? {} : parseJson(text));
}

export function reportsApi(ports: ReportPorts) {
  const target = (event: HttpEvent, caller: { id: string }) => ({ ...pathParams(event, versionParams), by: caller.id });
  return staffApi<'reports'>({
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports': async (event, caller) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      noOptions(event);
      const outcome = await renderReport(ports, { agencyId, periodId, trigger: 'staff', by: caller.id });
      return json(outcome.created ? 201 : 200, { created: outcome.created, report: outcome.report });
    },
    'GET /v1/agencies/{agencyId}/periods/{periodId}/reports': async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      return json(200, await listReports(ports, agencyId, periodId));
    },
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/submit': async (event, caller) => {
      const request = target(event, caller);
      noOptions(event);
      return json(200, { report: await submitReport(ports, request) });
    },
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return': async (event, caller) => {
      const request = target(event, caller);
      const { comment } = jsonBody(event, returnRequest);
      return json(200, { report: await returnReport(ports, { ...request, comment }) });
    },
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue': async (event, caller) => {
      const request = target(event, caller);
      const body = jsonBody(event, issueRequest);
      const outcome = await issueReport(ports, { ...request, number: body.number, signerName: body.signerName, issuedOn: body.issuedOn ?? localDate(ports.now().getTime()) });
      return json(200, outcome);
    },
  });
}
