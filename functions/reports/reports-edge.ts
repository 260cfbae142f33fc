// POST and GET /v1/agencies/{agencyId}/periods/{periodId}/reports, and the review of a version:
// POST …/reports/{version}/submit, /return, /sign and /issue (CONTRACT §6); a clerk's resend of a
// failed delivery (§10); and the province's excerpts of the agencies' issued reports,
// GET /v1/periods/{periodId}/excerpts (CONTRACT §8).
import { localDate } from '#domain/periods.ts';
import { parseWith } from '#domain/parse.ts';
import * as z from 'zod';
import { json, jsonBody, parseJson, pathParams, queryParams, rawBody, type HttpEvent } from '#adapters/http.ts';
import { checkProvinceOfficer, excerpts } from '#app/excerpts.ts';
import { listReports, readIndicators, renderReport } from '#app/render-report.ts';
import type { ReviewPorts } from '#app/report-ports.ts';
import { issueReport, returnReport, signReport, submitReport } from '#app/review-report.ts';
import { resendDelivery } from '#app/deliver.ts';
import { agencyPeriodParams, deliveryParams, excerptsQuery, issueRequest, periodParams, renderRequest, returnRequest, versionParams } from '#functions/api-schemas.ts';
import { staffApi } from '#functions/staff-api.ts';

/** A route without options takes an empty body or `{}`; anything else is a 400 naming the field. */
function noOptions(event: HttpEvent): void {
  const text = rawBody(event);
  parseWith(renderRequest, text.trim() === '' ? {} : parseJson(text));
}

const excerptsParams = z.object({ section: excerptsQuery.section.schema });

export function reportsApi(ports: ReviewPorts) {
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
    'GET /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/indicators.json': async (event) => {
      const { agencyId, periodId, version } = pathParams(event, versionParams);
      return json(200, await readIndicators(ports, agencyId, periodId, version));
    },
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/deliveries/{recipient}/resend': async (event) => {
      const { agencyId, periodId, version, recipient } = pathParams(event, deliveryParams);
      noOptions(event);
      return json(202, { deliveries: await resendDelivery(ports, { agencyId, periodId, version, recipientNo: recipient }) });
    },
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue': async (event, caller) => {
      const request = target(event, caller);
      const body = jsonBody(event, issueRequest);
      const outcome = await issueReport(ports, { ...request, caller, number: body.number, issuedOn: body.issuedOn ?? localDate(ports.now().getTime()) });
      return json(200, outcome);
    },
    'GET /v1/periods/{periodId}/excerpts': async (event, caller) => {
      const { periodId } = pathParams(event, periodParams);
      await checkProvinceOfficer(ports, caller);
      const { section } = queryParams(event, excerptsParams);
      return json(200, await excerpts(ports, periodId, section));
    },
  });
}
