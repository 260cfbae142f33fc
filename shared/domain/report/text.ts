// The one rule for every piece of text staff or the profile put into the report: NFC, trimmed,
// no control characters (a report line or paragraph never carries tabs, breaks or C0/C1 codes).
import * as z from 'zod';

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;

export const hasControlChars = (text: string): boolean => CONTROL.test(text);

/** A trimmed NFC string of `min`–`max` characters (counted after normalising) without control characters. */
export function textSchema(max: number, min = 1) {
  return z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'must not be empty' : `must have at least ${min} characters`)
        .max(max, `must have at most ${max} characters`)
        .refine((s) => !hasControlChars(s), 'must not contain control characters (tabs, line breaks, …)'),
    );
}
