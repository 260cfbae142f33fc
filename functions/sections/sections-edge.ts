// The narrative of a period: PUT one section, GET every section (or an earlier period's, `?from=`).
import * as z from 'zod';
import { SectionKeySchema, sectionBodySchemaFor } from '#domain/sections.ts';
import { json, jsonBody, pathParams, queryParams } from '#adapters/http.ts';
import { agencyPeriodParams, sectionsQuery } from '#functions/api-schemas.ts';
import { staffApi } from '#functions/staff-api.ts';
import { readSections, saveSection, type SectionsPorts } from './sections.ts';

const params = agencyPeriodParams.extend({ sectionKey: SectionKeySchema });
const query = z.object({ from: sectionsQuery.from.schema.optional() });

export function sectionsApi(ports: SectionsPorts) {
  return staffApi<'sections'>({
    'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}': async (event) => {
      const path = pathParams(event, params);
      const { paragraphs } = jsonBody(event, sectionBodySchemaFor(path.sectionKey));
      return json(200, await saveSection(ports, { ...path, paragraphs }));
    },
    'GET /v1/agencies/{agencyId}/periods/{periodId}/sections': async (event) => {
      const path = pathParams(event, agencyPeriodParams);
      const { from } = queryParams(event, query);
      return json(200, await readSections(ports, path.agencyId, path.periodId, from));
    },
  });
}
