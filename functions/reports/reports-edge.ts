// POST and GET /v1/agencies/{agencyId}/periods/{periodId}/reports, and the review of a version:
// POST …/reports/{version}/submit, /return, /sign and /issue (CONTRACT §6).
import * as z from 'zod';
import { calendarDate } from '#domain/attachment.ts';
import { EVENT_DATES, localDate } from '#domain/periods.ts';
import { textSchema } from '#domain/report/text.ts';
import { json, jsonBody, parseJson, parseWith, pathParams, rawBody, type HttpEvent } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { agencyPeriodParams } from '#functions/summary/summary.ts';
import { listReports, renderReport, type ReportPorts } from './render-report.ts';
import { issueReport, returnReport, signReport, submitReport } from './review-report.ts';

/** POST …/reports takes no options: the render is always a draft (CONTRACT §6); the body may be empty or `{}`. */
export const renderRequest = z.strictObject({});

export const versionParams = agencyPeriodParams.extend({
  version: z.string().regex(/^[1-9]\d{0,3}$/, 'must be a version number 1–9999').transform(Number),
});

export const returnRequest = z.strictObject({
  /** why the leader sends it back; printed nowhere but the history */
  comment: textSchema(2_000),
});

export const issueRequest = z.strictObject({
  number: z
    .string()
    .normalize('NFC')
    .trim()
    .regex(/^\p{N}{1,6}\/[\p{Lu}\p{N}][\p{Lu}\p{N}.-]{0,48}$/u, 'must be a number and symbol such as 1015/BC-SKHCN'),
  /** the date line; today (local) when not given. Its rules against the period and the amended version are the use case's. */
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
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/sign': async (event, caller) => {
      const request = target(event, caller);
      noOptions(event);
      return json(200, { report: await signReport(ports, { ...request, caller }) });
    },
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue': async (event, caller) => {
      const request = target(event, caller);
      const body = jsonBody(event, issueRequest);
      const outcome = await issueReport(ports, { ...request, caller, number: body.number, issuedOn: body.issuedOn ?? localDate(ports.now().getTime()) });
      return json(200, outcome);
    },
  });
}
