// What the console's typed client (web/src/api.ts) may send each route beside its path: the query
// parameters and the body, as the edges' zod schemas take them (their input types).
import type * as z from 'zod';
import type { AgencyProfileSchema } from '#domain/profile.ts';
import type { uploadRequest } from '#domain/attachment.ts';
import type { sectionBodySchemaFor } from '#domain/sections.ts';
import type { issueRequest, renderRequest, returnRequest, excerptsQuery, sectionsQuery, summaryQuery } from './api-schemas.ts';

type QueryOf<Q extends Record<string, { schema: z.ZodType }>> = { [N in keyof Q]?: z.input<Q[N]['schema']> };

export interface ApiQueries {
  'GET /v1/agencies/{agencyId}/periods/{periodId}/summary': QueryOf<typeof summaryQuery>;
  'GET /v1/agencies/{agencyId}/periods/{periodId}/sections': QueryOf<typeof sectionsQuery>;
  'GET /v1/periods/{periodId}/excerpts': QueryOf<typeof excerptsQuery>;
}

export interface ApiBodies {
  'PUT /v1/agencies/{agencyId}': z.input<typeof AgencyProfileSchema>;
  'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}': z.input<ReturnType<typeof sectionBodySchemaFor>>;
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports': z.input<typeof renderRequest>;
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/return': z.input<typeof returnRequest>;
  'POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/issue': z.input<typeof issueRequest>;
  'POST /v1/agencies/{agencyId}/uploads': z.input<ReturnType<typeof uploadRequest>>;
}
