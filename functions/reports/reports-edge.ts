// POST and GET /v1/agencies/{agencyId}/periods/{periodId}/reports.
import * as z from 'zod';
import { callerOf, json, parseJson, parseWith, pathParams, rawBody } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { agencyPeriodParams } from '#functions/summary/summary.ts';
import { listReports, renderReport, type ReportPorts } from './render-report.ts';

export const renderRequest = z.strictObject({ deliver: z.boolean().default(true) });

export function reportsApi(ports: ReportPorts) {
  return staffApi<'reports'>({
    'POST /v1/agencies/{agencyId}/periods/{periodId}/reports': async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      const text = rawBody(event);
      const { deliver } = parseWith(renderRequest, text.trim() === '' ? {} : parseJson(text));
      const outcome = await renderReport(ports, { agencyId, periodId, trigger: 'staff', deliver, by: callerOf(event).id });
      return json(outcome.created ? 201 : 200, { created: outcome.created, report: outcome.report, deliveries: outcome.deliveries });
    },
    'GET /v1/agencies/{agencyId}/periods/{periodId}/reports': async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      return json(200, await listReports(ports, agencyId, periodId));
    },
  });
}
