// GET /v1/agencies/{agencyId}/periods/{periodId}/summary: path → use case → the summary shape.
import { json, pathParams } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { agencyPeriodParams, readFigures, toSummary, type SummaryPorts } from './summary.ts';

export function summaryApi(ports: SummaryPorts) {
  return staffApi<'summary'>({
    'GET /v1/agencies/{agencyId}/periods/{periodId}/summary': async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      return json(200, toSummary(await readFigures(ports.figures, agencyId, periodId)));
    },
  });
}
