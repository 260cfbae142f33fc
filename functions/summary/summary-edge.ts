// GET /v1/agencies/{agencyId}/periods/{periodId}/summary: path → use case → the summary shape
// (with `?by=field`, also the per-field rows of form 06, which the staff console tabulates; with
// `?by=month` and `?compare=previous,yearEarlier`, the months and the compared periods the console
// charts and compares, so its figures page is one request).
import * as z from 'zod';
import type { FiguresStore } from '#domain/figures-ports.ts';
import { json, pathParams, queryParams } from '#adapters/http.ts';
import { summaryAnswer } from '#app/figures.ts';
import { agencyPeriodParams, summaryQuery } from '#functions/api-schemas.ts';
import { staffApi } from '#functions/staff-api.ts';

export interface SummaryPorts {
  figures: FiguresStore;
}

const query = z.object({ by: summaryQuery.by.schema.default([]), compare: summaryQuery.compare.schema.default([]) });

export function summaryApi(ports: SummaryPorts) {
  return staffApi<'summary'>({
    'GET /v1/agencies/{agencyId}/periods/{periodId}/summary': async (event) => {
      const { agencyId, periodId } = pathParams(event, agencyPeriodParams);
      return json(200, await summaryAnswer(ports.figures, agencyId, periodId, queryParams(event, query)));
    },
  });
}
