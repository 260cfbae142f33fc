// Zod in the domain's words: a failed parse is the domain's Invalid naming each bad field, so a use
// case, a scheduled run or a stored record read back refuses the same way; the HTTP edge answers it
// as the 400 of CONTRACT §4 (shared/adapters/http.ts).
import type * as z from 'zod';
import { Invalid, type Problem } from './errors.ts';

/** `["events", 3, "data", "dueAt"]` → `events[3].data.dueAt` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): Problem[] {
  return issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]) || '(body)', message: issue.message }));
}

/** The refusal naming each bad field of `details` once. */
export function invalidFields(details: Problem[]): Invalid {
  const fields = [...new Set(details.map((d) => d.path))];
  return new Invalid(`Invalid field${fields.length > 1 ? 's' : ''}: ${fields.join(', ')}`, details);
}

/** Validates with a zod schema, throwing Invalid that names each bad field (under `prefix`: `path`, `query`, …). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidFields(issuesToDetails(result.error.issues, prefix));
  return result.data;
}
