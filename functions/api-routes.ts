// The HTTP API's routes and the function behind each: one table for the CDK stack, the local
// router and the OpenAPI document (functions/openapi/openapi-document.ts), so the local API is the
// deployed one and the document describes it. A route open to anyone says why in `publicBecause`
// (the stack gives it to cdk-nag as the reason the route has no authorizer).
export const API_ROUTES = [
  {
    method: 'POST',
    path: '/v1/events',
    function: 'ingest',
    staff: false,
    publicBecause:
      'it is called by the one-stop-shop and e-office systems, not staff; each request is authenticated by its HMAC-SHA256 signature and timestamp in the handler (CONTRACT §4).',
  },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/summary', function: 'summary', staff: true },
  { method: 'PUT', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}', function: 'profile', staff: true },
  { method: 'PUT', path: '/v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}', function: 'sections', staff: true },
  { method: 'POST', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/reports', function: 'reports', staff: true },
  { method: 'POST', path: '/v1/agencies/{agencyId}/uploads', function: 'uploads', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/uploads/{uploadId}', function: 'uploads', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/periods/{periodId}/uploads', function: 'uploads', staff: true },
  { method: 'GET', path: '/v1/agencies/{agencyId}/events/parked', function: 'parked', staff: true },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'openapi',
    staff: false,
    publicBecause: 'it answers the API description integrators generate clients from, the docs/openapi.json of the repository; it reads no data.',
  },
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];
export type ApiFunction = ApiRoute['function'];
/** `POST /v1/events`: how API Gateway and the local router name a route. */
export type ApiRouteKey = ApiRoute extends infer R ? (R extends ApiRoute ? `${R['method']} ${R['path']}` : never) : never;

/** The `{name}` parameters of a route path. */
type ParamsOf<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamsOf<Rest> : never;
/** Every path parameter of the API. */
export type ApiPathParam = ParamsOf<ApiRoute['path']>;

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}` as ApiRouteKey;
