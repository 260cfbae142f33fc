// The one rule for every piece of text staff or the profile put into the report: NFC, trimmed,
// no control characters (a report line or paragraph never carries tabs, breaks or C0/C1 codes),
// and nothing an XML document cannot hold (the DOCX is XML: one such character breaks the file);
// text printed in the report also only what its embedded font draws, left to right.
import * as z from 'zod';
import { DRAWABLE_CLASS } from './drawable.ts';

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// With the u flag a lone surrogate is one code point, outside every range, so it is caught too.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// The control characters XML lets through: DEL and C1 always refused; in one-line text also
// tabs, line breaks and the Unicode line/paragraph separators (the rest of C0 is not XML).
const CONTROL_IN_LINES = /[\u007F-\u009F]/u;
const CONTROL_IN_LINE = /[\t\n\r\u007F-\u009F\u2028\u2029]/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Where a text first breaks a rule (a character class): the character, as U+XXXX, and its position (1-based, in code points). */
export function firstMatch(text: string, rule: RegExp): { char: string; at: number } | undefined {
  const found = rule.exec(text);
  return found ? { char: codePoint(found[0]), at: [...text.slice(0, found.index)].length + 1 } : undefined;
}

export interface XmlTextOptions {
  /** Text of several lines, where tabs and line breaks mean something; one-line text refuses them too. */
  multiline?: boolean;
  /** Printed in the report: also only what the report font draws, left to right (drawableText). */
  printed?: boolean;
}

/**
 * A zod check for text that ends up in a document: characters XML 1.0 allows, no DEL or C1 codes,
 * and in one-line text no tabs or line breaks. The message names the character and where it is.
 */
export function xmlText({ multiline = false, printed = false }: XmlTextOptions = {}) {
  return z.superRefine<string>((text, ctx) => {
    const bad = firstMatch(text, NOT_XML_CHAR);
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `must not contain ${bad.char} (character ${bad.at}): a document cannot hold it` });
      return;
    }
    const control = firstMatch(text, multiline ? CONTROL_IN_LINES : CONTROL_IN_LINE);
    if (control) {
      ctx.addIssue({ code: 'custom', message: `must not contain control characters (tabs, line breaks, …): ${control.char} at character ${control.at}` });
      return;
    }
    if (printed) refuseNotDrawable(text, ctx, multiline);
  });
}

// What the report font (Tinos, embedded in the PDF) has no glyph for, or writes right to left: the PDF
// would show boxes, or the characters reversed ("١٠١٥/BC-SKHCN" printed as "NCHKS-CB/□□□□").
const NOT_DRAWABLE = new RegExp(`[^${DRAWABLE_CLASS}]`, 'u');

/**
 * A zod check for text printed in the report: every character drawn by the embedded font, left to
 * right (so no other script's digits, no Arabic or Hebrew, no bidi controls, no emoji).
 */
export function drawableText() {
  return z.superRefine<string>((text, ctx) => refuseNotDrawable(text, ctx, false));
}

function refuseNotDrawable(text: string, ctx: z.RefinementCtx, multiline: boolean) {
  // Line breaks and tabs have no glyph but lay out the lines of multi-line text.
  const bad = firstMatch(multiline ? text.replace(/[\t\n\r]/g, ' ') : text, NOT_DRAWABLE);
  if (bad) {
    ctx.addIssue({ code: 'custom', message: `must not contain ${bad.char} (character ${bad.at}): the report's font cannot print it left to right` });
  }
}

const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'gu');
const CONTROLS_IN_LINE = new RegExp(CONTROL_IN_LINE.source, 'gu');

/**
 * One-line text from another system (a field name in an event) as a document can hold it: what XML
 * cannot carry, and control characters, become U+FFFD. Events are not refused for it (CONTRACT §1
 * counts every valid event); the report shows where the sender's text was broken.
 */
export function documentLine(text: string): string {
  return text.replace(NOT_XML_CHARS, '\uFFFD').replace(CONTROLS_IN_LINE, '\uFFFD');
}

export interface TextSchemaOptions {
  /** Printed in the report (the default): only what the report font draws, left to right. */
  printed?: boolean;
}

/** A trimmed NFC string of `min`–`max` characters (counted after normalising), one line, that a document can hold. */
export function textSchema(max: number, min = 1, { printed = true }: TextSchemaOptions = {}) {
  return z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'must not be empty' : `must have at least ${min} characters`)
        .max(max, `must have at most ${max} characters`)
        .check(xmlText({ printed })),
    )
    // The limits apply after normalising, so the generated JSON Schema (the input side) says them in words.
    .meta({
      description: `trimmed and NFC-normalised, then ${min}–${max} characters on one line, without control characters or characters XML 1.0 cannot hold${printed ? ', each one the report font prints left to right' : ''}`,
    });
}
