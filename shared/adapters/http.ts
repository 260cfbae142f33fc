// The HTTP edge shared by every API handler: the error shape of CONTRACT §4, JSON bodies,
// zod issues turned into field paths, and the middy middleware that answers errors.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { callerFromClaims, type Caller } from '#domain/access.ts';
// Where the stacks, the local router and tests name the groups and the agency claim from.
export { AGENCY_CLAIM, ROLE_GROUPS } from '#domain/access.ts';
import { Conflict, DomainError, Forbidden, Invalid, NotFound, Unauthenticated, type Problem } from '#domain/errors.ts';
import { formatPath, invalidFields as domainInvalidFields, parseWith } from '#domain/parse.ts';
import { log } from './log.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** One bad field of a refused request (the domain's Problem). */
export type ErrorDetail = Problem;

export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Answers carry an agency's figures and files: no browser or proxy cache may keep them. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
    body: JSON.stringify(body),
  };
}

/** A file as the answer: API Gateway HTTP APIs decode a base64 body flagged isBase64Encoded (so does the local router). */
export function fileResult(bytes: Uint8Array, contentType: string, fileName: string): HttpResult {
  return {
    statusCode: 200,
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${fileName}"`, ...NO_STORE },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

export function errorResult(error: HttpError): HttpResult {
  return json(error.status, { error: { code: error.code, message: error.message, details: error.details } });
}

/** The 400 of CONTRACT §4 naming each bad field of `details` (the local router's path decoding). */
export function invalidFields(details: ErrorDetail[]): HttpError {
  return fromDomain(domainInvalidFields(details));
}

/** The raw body as UTF-8 text, refusing bodies over 1 MB with a 413. */
export function rawBody(event: HttpEvent): string {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpError(413, 'payload_too_large', `The body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  return bytes.toString('utf8');
}

/**
 * How deep a JSON body may nest: far more than any request shape needs, far less than what
 * overflows the stack when the body is validated or serialised again (JSON.stringify recurses).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The path of the first array or object (in document order) nested deeper than `max` levels, the
 * body itself being level 1. Iterative, so the check cannot overflow the stack it protects.
 */
export function pathTooDeep(value: unknown, max = MAX_JSON_DEPTH): PropertyKey[] | undefined {
  interface Node {
    value: object;
    depth: number;
    key?: PropertyKey;
    parent?: Node;
  }
  const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;
  if (!isContainer(value)) return undefined;
  const stack: Node[] = [{ value, depth: 1 }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.depth > max) {
      const path: PropertyKey[] = [];
      for (let at: Node | undefined = node; at?.parent; at = at.parent) path.unshift(at.key!);
      return path;
    }
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(node.value) ? node.value.map((v, i) => [i, v]) : Object.entries(node.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (isContainer(child)) stack.push({ value: child, depth: node.depth + 1, key, parent: node });
    }
  }
  return undefined;
}

/** Parses a JSON body: 400 naming `(body)` when it is empty or not JSON, naming the place when it nests too deep. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'malformed_json', 'The body is empty; a JSON object is expected', [{ path: '(body)', message: 'empty' }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'malformed_json', 'The body is not valid JSON', [{ path: '(body)', message: (error as Error).message }]);
  }
  const deep = pathTooDeep(value);
  if (deep) {
    throw new HttpError(400, 'too_deep', `The body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`, [
      { path: formatPath(deep) || '(body)', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  return value;
}

/** Parses and validates the JSON body of a request. */
export function jsonBody<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  return parseWith(schema, parseJson(rawBody(event)));
}

/** Validates the path parameters of a route. */
export function pathParams<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  return parseWith(schema, event.pathParameters ?? {}, ['path']);
}

/** Validates the query string of a request; errors name `query.<name>`. */
export function queryParams<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  return parseWith(schema, event.queryStringParameters ?? {}, ['query']);
}

const STATUS_OF = new Map<Function, number>([
  [NotFound, 404],
  [Conflict, 409],
  [Invalid, 400],
  [Forbidden, 403],
  [Unauthenticated, 401],
]);

/** The HTTP answer to a domain refusal: its status, in the error shape of CONTRACT §4. */
function fromDomain(error: DomainError): HttpError {
  return new HttpError(STATUS_OF.get(error.constructor) ?? 400, error.code, error.message, error.details);
}

/** Answers HttpErrors and domain refusals with their status and shape; anything else is a 500 that leaks nothing. */
export function httpErrors(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof HttpError || error instanceof DomainError) {
        request.response = errorResult(error instanceof DomainError ? fromDomain(error) : error);
        return;
      }
      log.error('unhandled', { error: String(error), stack: (error as Error)?.stack });
      request.response = errorResult(new HttpError(500, 'internal', 'Internal error; the request changed nothing that was not already committed'));
    },
  };
}

/** Who calls, from the ID token's claims the JWT authorizer checked: the highest role of their groups. */
export function callerOf(event: HttpEvent): Caller {
  return callerFromClaims((event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims ?? {});
}
