// The HTTP API of local mode: node:http in front of the SAME Lambda handlers, converting requests
// to API Gateway HTTP API payload v2.0 events and their results back. A bearer token stands in
// for the Cognito JWT authorizer on staff routes.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { callerFromClaims } from '#domain/access.ts';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { AGENCY_CLAIM, ROLE_GROUPS, errorResult, HttpError, invalidFields, MAX_BODY_BYTES, NO_STORE, type ErrorDetail } from '#adapters/http.ts';
import { lambdaContext } from './lambda-context.ts';
import { LOCAL_DEFAULTS } from './stack.ts';

/** Whatever an HTTP API Lambda may return: a structured result, or a value API Gateway turns into a 200 JSON. */
export type ApiResult = APIGatewayProxyStructuredResultV2 | string | Record<string, unknown> | unknown[];
export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<ApiResult>;

export interface Route {
  method: string;
  /** A route path with `{name}` parameters, e.g. `/v1/agencies/{agencyId}/periods/{periodId}/summary`. */
  path: string;
  /** Behind the authorizer (a bearer token locally). */
  staff: boolean;
  handler: ApiHandler;
  /** The Lambda's name in logs and the context; defaults to the route key. */
  functionName?: string;
}

export interface HttpApiOptions {
  routes: readonly Route[];
  /** Default 0: the OS picks a free port. */
  port?: number;
  host?: string;
  /** The admin token: default `$STAFF_DEV_TOKEN`, else `local-dev-token`. */
  staffToken?: string;
  /** The claims the admin token stands for (default: a member of the admin group). */
  staffClaims?: Record<string, string>;
  maxBodyBytes?: number;
  /** Serves the staff console at `/` (CONTRACT §7) from this built directory, with these security headers. */
  console?: { dir: string; headers: Readonly<Record<string, string>> };
}

export interface HttpApi {
  url: string;
  port: number;
  stop(): Promise<void>;
}


const claimsOf = (sub: string, groups: string[], agencyId?: string, name?: string): Record<string, string> => ({
  sub,
  ...(name ? { name } : {}),
  'cognito:username': sub,
  ...(groups.length > 0 ? { 'cognito:groups': `[${groups.join(' ')}]` } : {}),
  ...(agencyId ? { [AGENCY_CLAIM]: agencyId } : {}),
  token_use: 'id',
});

/** The admin token stands for a member of the admin group (see callerOf in #adapters/http.ts). */
const DEFAULT_STAFF_CLAIMS: Readonly<Record<string, string>> = claimsOf('local-staff', [ROLE_GROUPS.admin]);

/** The user id of `local-leader-token`: the sample profile lists it first among its `signers`. */
const LOCAL_LEADER_ID = 'local-leader-skhcn';

/** CONTRACT §5: the fixed tokens of local mode besides the admin one, and who each stands for. */
const LOCAL_ROLE_TOKENS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'local-staff-token': claimsOf('local-staff-skhcn', [], 'SKHCN'),
  // The sample profile's first signer (events/samples/skhcn-profile.json): the name comes from there, as the identity carries none.
  'local-leader-token': claimsOf(LOCAL_LEADER_ID, [ROLE_GROUPS.leader], 'SKHCN'),
  'local-clerk-token': claimsOf('local-clerk-skhcn', [ROLE_GROUPS.clerk], 'SKHCN'),
  'local-province-token': claimsOf('local-province', [ROLE_GROUPS.province]),
  // An officer of Sở Nội vụ, who drafts the province's own report: staff of UBND tỉnh (CONTRACT §8).
  'local-province-staff-token': claimsOf('local-staff-snv', [], 'UBNDT'),
};

interface CompiledRoute {
  route: Route;
  routeKey: string;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([^}+]+)(\+?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, routeKey: `${route.method.toUpperCase()} ${route.path}`, pattern: new RegExp(`^${source}$`), names };
}

/** Decodes path parameters as API Gateway does; bad percent-encoding (`%E0%A4%A`, `%ZZ`) is the client's 400. */
function decodePathParameters(raw: Record<string, string>): Record<string, string> | HttpError {
  const decoded: Record<string, string> = {};
  const bad: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(raw)) {
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      bad.push({ path: `path.${name}`, message: 'is not valid percent-encoded UTF-8' });
    }
  }
  return bad.length === 0 ? decoded : invalidFields(bad);
}

/** The route of a request and its path parameters, still percent-encoded. */
function matchRoute(routes: readonly CompiledRoute[], method: string, path: string):
  | { compiled: CompiledRoute; pathParameters: Record<string, string> }
  | undefined {
  for (const compiled of routes) {
    if (compiled.route.method.toUpperCase() !== method) continue;
    const match = compiled.pattern.exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    compiled.names.forEach((name, i) => (pathParameters[name] = match[i + 1]!));
    return { compiled, pathParameters };
  }
  return undefined;
}

/** HTTP APIs pass these bodies as text; anything else (or no content type) arrives base64-encoded. */
function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/([\w.-]+\+)?(json|xml|javascript|x-www-form-urlencoded|graphql)$/.test(type)
  );
}

interface RequestParts {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  sourceIp?: string;
}

/** The payload v2.0 event API Gateway would build for this request on `routeKey`. */
function toApiEvent(
  request: RequestParts,
  routeKey: string,
  pathParameters: Record<string, string>,
  claims?: Record<string, string>,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [rawPath = '/', rawQueryString = ''] = request.url.split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) query[name] = name in query ? `${query[name]},${value}` : value;
  const cookieHeader = request.headers.cookie;
  const cookies = cookieHeader ? cookieHeader.split(';').map((c) => c.trim()).filter(Boolean) : undefined;
  const text = isTextContentType(headers['content-type']);
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0]!,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: request.body.length > 0 && !text,
    ...(request.body.length > 0 ? { body: text ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
  };
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
  };
}

/** API Gateway's reading of a Lambda result: a structured result as is, anything else as 200 JSON. */
function toStructuredResult(result: ApiResult): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result) {
    return result as APIGatewayProxyStructuredResultV2;
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json', ...NO_STORE }, body: typeof result === 'string' ? result : JSON.stringify(result) };
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string> | undefined) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode ?? 200, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

/** Reads the body; past `limit` bytes the rest is read and dropped, so the client still gets the 413. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolveBody(size > limit ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** A file of the built console; any other path (not under /v1/) is the app's page, index.html. */
async function serveConsole(site: NonNullable<HttpApiOptions['console']>, path: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return send(res, errorResult(invalidFields([{ path: '(path)', message: 'is not valid percent-encoded UTF-8' }])));
  }
  const file = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
  const known = extname(file) in CONTENT_TYPES && !file.includes('..');
  const target = known ? join(site.dir, file) : join(site.dir, 'index.html');
  try {
    const body = await readFile(target);
    res.writeHead(200, { ...site.headers, 'content-type': CONTENT_TYPES[extname(target)]!, 'cache-control': 'no-cache', 'content-length': String(body.length) });
    res.end(body);
  } catch {
    send(res, errorResult(new HttpError(404, 'not_found', `No file ${path}`)));
  }
}

export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const routes = options.routes.map(compile);
  const adminToken = options.staffToken ?? process.env.STAFF_DEV_TOKEN ?? LOCAL_DEFAULTS.staffDevToken;
  const tokens = new Map(Object.entries({ ...LOCAL_ROLE_TOKENS, [adminToken]: options.staffClaims ?? DEFAULT_STAFF_CLAIMS }));
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const matched = matchRoute(routes, method, path);
    if (!matched && method === 'GET' && path === '/local/caller') {
      // Who a local token stands for, as the API will see them: the console's sign-in (CONTRACT §7).
      const caller = tokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
      return send(res, caller ? toStructuredResult(callerFromClaims(caller) as unknown as Record<string, unknown>) : errorResult(new HttpError(401, 'unauthorized', 'Mã truy cập không đúng')));
    }
    if (!matched && method === 'GET' && options.console && !path.startsWith('/v1/')) {
      req.resume();
      return serveConsole(options.console, path, res);
    }
    if (!matched) {
      req.resume();
      return send(res, errorResult(new HttpError(404, 'not_found', `No route for ${method} ${path}`)));
    }
    const { route, routeKey } = matched.compiled;
    const claims = tokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (route.staff && !claims) {
      req.resume();
      return send(res, errorResult(new HttpError(401, 'unauthorized', 'A staff bearer token is required (Authorization: Bearer $STAFF_DEV_TOKEN)')));
    }
    const pathParameters = decodePathParameters(matched.pathParameters);
    if (pathParameters instanceof HttpError) {
      req.resume();
      return send(res, errorResult(pathParameters));
    }
    const body = await readBody(req, limit);
    if (body === 'too_large') {
      return send(res, errorResult(new HttpError(413, 'payload_too_large', `The body is over the limit of ${limit} bytes`)));
    }
    const event = toApiEvent(
      { method, url, headers: req.headers, body, sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') },
      routeKey,
      pathParameters,
      route.staff ? claims : undefined,
    );
    try {
      send(res, toStructuredResult(await route.handler(event, lambdaContext(route.functionName ?? routeKey))));
    } catch (error) {
      // What API Gateway answers when the integration fails, in the CONTRACT's error shape.
      console.error(JSON.stringify({ level: 'error', message: 'handler failed', routeKey, error: String(error), stack: (error as Error)?.stack }));
      send(res, errorResult(new HttpError(500, 'internal', 'Internal Server Error')));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, errorResult(new HttpError(500, 'internal', 'Internal Server Error')));
      console.error(JSON.stringify({ level: 'error', message: 'local http', error: String(error) }));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolveStop, reject) => {
        server.close((error) => (error ? reject(error) : resolveStop()));
        server.closeIdleConnections();
      }),
  };
}
