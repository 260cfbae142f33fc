// GET /v1/agencies/{agencyId}/periods/{periodId}/summary: path → use case → the summary shape
// (with `?by=field`, also the per-field rows of form 06, which the staff console tabulates).
import * as z from 'zod';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { json, pathParams, queryParams } from '#adapters/http.ts';
import { readFigures, toSummary } from '#app/figures.ts';
import { agencyPeriodParams, summaryQuery } from '#functions/api-schemas.ts';
import { staffApi } from '#functions/staff-api.ts';

export interface SummaryPorts {
  figures: FiguresStore;
}

const query = z.object({ by: summaryQuery.by.schema.optional() });

export function summaryApi(ports: SummaryPorts) {
  return staffApi<'summary'>({
    'GET /v1/agencies/{agencyId}/periods/{periodId}/summary': async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      const { by } = queryParams(event, query);
      const figures = await readFigures(ports.figures, agencyId, periodId);
      return json(200, by === 'field' ? figures : toSummary(figures));
    },
  });
}
