// The API as the console calls it: JSON with the signed-in user's token in the Authorization
// header (never in a URL), errors as ApiError carrying the server's message and the fields it names.
import type { Caller } from '#domain/access.ts';

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

async function request(session: Pick<Session, 'apiUrl' | 'token'>, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${await session.token()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${session.apiUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function api<T>(session: Pick<Session, 'apiUrl' | 'token'>, method: string, path: string, body?: unknown): Promise<T> {
  return (await (await request(session, method, path, body)).json()) as T;
}

/** Saves an API answer (an Excel workbook) as a file, without putting the token in a link. */
export async function download(session: Session, path: string, fileName: string): Promise<void> {
  const blob = await (await request(session, 'GET', path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const agencyPath = (agencyId: string) => `/v1/agencies/${encodeURIComponent(agencyId)}`;
export const periodPath = (agencyId: string, periodId: string) => `${agencyPath(agencyId)}/periods/${encodeURIComponent(periodId)}`;
