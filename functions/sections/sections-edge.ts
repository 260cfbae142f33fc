// PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}: one section's narrative.
import { SectionKeySchema, sectionBodySchemaFor } from '#domain/sections.ts';
import { json, jsonBody, pathParams } from '#adapters/http.ts';
import { staffApi } from '#functions/staff-api.ts';
import { agencyPeriodParams } from '#functions/summary/summary.ts';
import { saveSection, type SectionsPorts } from './sections.ts';

const params = agencyPeriodParams.extend({ sectionKey: SectionKeySchema });

export function sectionsApi(ports: SectionsPorts) {
  return staffApi<'sections'>({
    'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}': async (event) => {
      const path = pathParams(event, params);
      const { paragraphs } = jsonBody(event, sectionBodySchemaFor(path.sectionKey));
      return json(200, await saveSection(ports, { ...path, paragraphs }));
    },
  });
}
