// The API as the console calls it: by route key (functions/api-routes.ts), with typed path
// parameters, query, body and answer (functions/api-answers.ts, api-requests.ts); JSON with the signed-in user's token in the Authorization
// header (never in a URL), errors as ApiError carrying the server's message and the fields it names.
import type { Caller } from '#domain/access.ts';
import type { ApiAnswers } from '#functions/api-answers.ts';
import type { ApiBodies, ApiQueries } from '#functions/api-requests.ts';
import type { RouteKey, RouteParams, StaffRoute } from '#functions/api-routes.ts';

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }

  /** The server's message about one field (`document.number`), if it named it. */
  about(path: string): string | undefined {
    return this.details.find((d) => d.path === path)?.message;
  }
}

export interface Session {
  /** the API's base URL, '' for the console's own origin (local mode) */
  apiUrl: string;
  caller: Caller;
  /** who is signed in, as shown in the header */
  label: string;
  token(): Promise<string>;
  signOut(): Promise<void>;
}

/** What a failed request says, in Vietnamese when the network itself failed. */
export const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : error instanceof TypeError ? 'Không kết nối được máy chủ. Vui lòng thử lại.' : String((error as Error)?.message ?? error);

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: FieldProblem[] }; message?: string };
    if (body.error) return new ApiError(response.status, body.error.code ?? 'error', body.error.message ?? response.statusText, body.error.details ?? []);
    return new ApiError(response.status, 'error', body.message ?? response.statusText);
  } catch {
    return new ApiError(response.status, 'error', `Máy chủ trả lời ${response.status} ${response.statusText}`);
  }
}

/** The routes the console calls: every staff route (ApiAnswers must hold each one's answer). */
type ConsoleRoute = RouteKey<StaffRoute>;

/** What a call sends beside the path: the route's query parameters, and its body when it takes one. */
export type Extras<K extends ConsoleRoute> = (K extends keyof ApiQueries ? { query?: ApiQueries[K] } : {}) & (K extends keyof ApiBodies ? { body?: ApiBodies[K] } : {});

/** The URL path of a route key with its parameters filled in (each encoded) and the query appended. */
function pathOf<K extends ConsoleRoute>(key: K, params: RouteParams<K>, query: Record<string, string | undefined> = {}): string {
  const path = key.slice(key.indexOf(' ') + 1).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((params as Record<string, string | number>)[name])));
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return search ? `${path}?${search}` : path;
}

async function request<K extends ConsoleRoute>(session: Pick<Session, 'apiUrl' | 'token'>, key: K, params: RouteParams<K>, extras: { query?: object; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${await session.token()}` };
  const { body } = extras;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = `${session.apiUrl}${pathOf(key, params, extras.query as Record<string, string | undefined>)}`;
  const response = await fetch(url, { method: key.slice(0, key.indexOf(' ')), headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** Calls a route of the API by its key (`'GET /v1/…/summary'`), with its path parameters: the answer typed as the use case returns it. */
export async function api<K extends ConsoleRoute>(session: Pick<Session, 'apiUrl' | 'token'>, key: K, params: RouteParams<K>, extras: Extras<K> = {} as Extras<K>): Promise<ApiAnswers[K]> {
  return (await (await request(session, key, params, extras)).json()) as ApiAnswers[K];
}

/** Saves an API answer (an Excel workbook) as a file, without putting the token in a link. */
export async function download<K extends ConsoleRoute & `GET ${string}.xlsx`>(session: Session, key: K, params: RouteParams<K>, fileName: string): Promise<void> {
  const blob = await (await request(session, key, params)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
