// docs/openapi.json: generated from the route table and the zod schemas, committed, and a valid
// OpenAPI 3.1 document (checked structurally: no OpenAPI validator is among the dependencies).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorResult, HttpError } from '#adapters/http.ts';
import { AgencyProfileSchema } from '#domain/profile.ts';
import { API_ROUTES, routeKey, type ApiRoute } from '#functions/api-routes.ts';
import { openApiDocument, openApiText } from '#functions/openapi/openapi-document.ts';

const committed = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
const doc = JSON.parse(committed) as Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every [path, method, operation] of the document. */
const operations = (): Array<[string, string, Record<string, any>]> =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => [path, method, op] as [string, string, Record<string, any>]),
  );

/** Every value under `key` anywhere in the document, with where it is. */
function collect(value: unknown, key: string, at = '#'): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [[at, v] as [string, unknown]] : []), ...collect(v, key, `${at}/${k}`)]);
}

/** Resolves a local JSON pointer (#/a/b~1c). */
function resolve(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<any>((node, part) => (node === undefined ? undefined : node[part]), doc);
}

describe('docs/openapi.json', () => {
  it('is what the route table and the zod schemas generate (run npm run schema)', () => {
    expect(committed).toBe(openApiText());
    expect(committed.endsWith('}\n')).toBe(true);
  });

  it('has one operation per route of functions/api-routes.ts, and no other', () => {
    const documented = operations().map(([path, method]) => `${method.toUpperCase()} ${path}`);
    expect(documented.sort()).toEqual(API_ROUTES.map(routeKey).sort());
  });

  it('refuses to describe a route it has no description of', () => {
    const undescribed = { method: 'GET', path: '/v1/undescribed', function: 'summary', staff: true } as unknown as ApiRoute;
    expect(() => openApiDocument([...API_ROUTES, undescribed])).toThrow(/no OpenAPI description of GET \/v1\/undescribed/);
  });

  it('is an OpenAPI 3.1 document: version, info, paths, components', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(doc.components).sort()).toEqual(['responses', 'schemas', 'securitySchemes']);
    for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\//);
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, object>)) {
      expect('type' in schema || 'oneOf' in schema, name).toBe(true);
    }
    // The dialect is declared once; an $id per component would rebase its $refs.
    expect(collect(doc, '$schema')).toEqual([]);
    expect(collect(doc, '$id')).toEqual([]);
  });

  it('resolves every $ref inside the document', () => {
    const refs = collect(doc, '$ref');
    expect(refs.length).toBeGreaterThan(10);
    for (const [at, target] of refs) {
      expect(target, at).toMatch(/^#\//);
      expect(resolve(target as string), `${at} → ${target}`).toBeDefined();
    }
  });

  it('declares each path parameter once, required, with a schema, and no other', () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      const declared = (item.parameters ?? []) as Array<Record<string, any>>;
      expect(declared.map((p) => p.name), path).toEqual(inPath);
      for (const p of declared) expect(p, `${path} ${p.name}`).toMatchObject({ in: 'path', required: true, schema: { type: 'string' } });
    }
    const schemaOf = (path: string, name: string) => doc.paths[path].parameters.find((p: { name: string }) => p.name === name).schema;
    const sections = '/v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}';
    expect(schemaOf(sections, 'agencyId').pattern).toBe('^[A-Za-z0-9_-]{1,64}$');
    expect(schemaOf(sections, 'periodId').pattern).toContain('9M|FY');
    expect(schemaOf(sections, 'sectionKey').enum).toContain('digital-government');
    expect(schemaOf('/v1/agencies/{agencyId}/uploads/{uploadId}', 'uploadId').pattern).toBe('^[0-9A-HJKMNP-TV-Z]{26}$');
  });

  it('gives every operation a unique id, declared tags, a success answer and described responses', () => {
    const ids = operations().map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name));
    for (const [path, method, op] of operations()) {
      const where = `${method} ${path}`;
      for (const tag of op.tags) expect(tags.has(tag), where).toBe(true);
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => /^2\d\d$/.test(s)), where).toBe(true);
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        const resolved = response.$ref ? (resolve(response.$ref) as Record<string, any>) : response;
        expect(resolved.description, `${where} ${status}`).toEqual(expect.any(String));
      }
      for (const status of statuses.filter((s) => s.startsWith('4'))) {
        const content = (resolve(op.responses[status].$ref) as Record<string, any>).content['application/json'].schema;
        expect(JSON.stringify(content), `${where} ${status}`).toContain('#/components/schemas/Error');
      }
    }
  });

  it('secures POST /v1/events by the HMAC headers, staff routes by the bearer token, and the document by nothing', () => {
    const schemes = doc.components.securitySchemes as Record<string, any>;
    expect(schemes.eventTimestamp).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Timestamp' });
    expect(schemes.eventSignature).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Signature' });
    expect(schemes.staffToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const route of API_ROUTES) {
      const { security } = doc.paths[route.path][route.method.toLowerCase()];
      for (const requirement of security) for (const name of Object.keys(requirement)) expect(schemes[name], name).toBeDefined();
      if (route.staff) expect(security, routeKey(route)).toEqual([{ staffToken: [] }]);
    }
    expect(doc.paths['/v1/events'].post.security).toEqual([{ eventTimestamp: [], eventSignature: [] }]);
    expect(doc.paths['/v1/openapi.json'].get.security).toEqual([]);
  });

  it('describes bodies and answers by the schemas the handlers use', () => {
    const schemas = doc.components.schemas as Record<string, any>;
    expect(doc.paths['/v1/events'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EventBatch' });
    expect(schemas.EventBatch.properties.events).toMatchObject({ minItems: 1, maxItems: 500, items: { $ref: '#/components/schemas/Event' } });
    expect(schemas.Event.oneOf.map((s: any) => s.properties.type.const)).toEqual([
      'dossier.received',
      'dossier.rescheduled',
      'dossier.resolved',
      'dossier.withdrawn',
      'dossier.returned',
      'document.issued',
    ]);
    expect(Object.keys(schemas.Summary.properties)).toEqual(['agencyId', 'period', 'dossiers', 'documents', 'rates']);
    expect(Object.keys(schemas.Summary.properties.dossiers.properties.pending.properties)).toEqual(['total', 'withinDeadline', 'overdue']);
    expect(Object.keys(schemas.Summary.properties.rates.properties)).toEqual(['onTime', 'online', 'fullyOnline', 'digitized', 'resultElectronic']);
    expect(Object.keys(schemas.ProvinceSummary.properties)).toEqual(['period', 'agencies', 'levels', 'total']);
    expect(schemas.SectionBody.properties.paragraphs).toMatchObject({ minItems: 1, maxItems: 200 });
    expect(schemas.UploadRequest.properties.size).toMatchObject({ type: 'integer', maximum: 20 * 1024 * 1024 });
    expect(schemas.ParkedEvents.properties.events.items.properties.event).toEqual({ $ref: '#/components/schemas/Event' });
    // The error shape is the one the HTTP edge writes.
    const written = JSON.parse(errorResult(new HttpError(400, 'validation_failed', 'm', [{ path: 'p', message: 'm' }])).body!);
    expect(Object.keys(schemas.Error.properties)).toEqual(Object.keys(written));
    expect(Object.keys(schemas.Error.properties.error.properties)).toEqual(Object.keys(written.error));
    expect(Object.keys(schemas.Error.properties.error.properties.details.items.properties)).toEqual(Object.keys(written.error.details[0]));
  });

  it('gives a profile example the profile route accepts', () => {
    const example = doc.paths['/v1/agencies/{agencyId}'].put.requestBody.content['application/json'].example;
    expect(AgencyProfileSchema.safeParse(example).success).toBe(true);
  });
});
