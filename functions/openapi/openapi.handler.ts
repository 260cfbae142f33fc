// GET /v1/openapi.json (public): the API's OpenAPI document as committed (docs/openapi.json, which
// `npm run schema` writes and a test keeps in sync). Imported, so the bundle carries it and the
// function reads nothing at run time.
import { json, type HttpResult } from '#adapters/http.ts';
import document from '../../docs/openapi.json' with { type: 'json' };

export const handler = async (): Promise<HttpResult> => json(200, document, { 'cache-control': 'public, max-age=300' });
