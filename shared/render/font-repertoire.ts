// What the embedded report font can draw, read from its cmap: the source of the committed
// allow-list in shared/domain/report/drawable.ts (the domain cannot read a TTF: the staff console
// bundles it). scripts/font-repertoire.ts writes that file; tests/unit/font-repertoire.test.ts
// fails while it differs from what this computes.
import * as fontkit from 'fontkit';
import { reportFonts } from './fonts.ts';

/** Code points whose glyph is drawn right to left (Unicode scripts of bidi class R/AL), or that draw nothing. */
const NOT_DOCUMENT_TEXT = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

/**
 * The code points every style of the report font (regular, bold, italic, bold italic) has a glyph
 * for, less control, format and private-use characters and right-to-left scripts, as ranges.
 */
export function drawableRanges(): Array<[number, number]> {
  const sets = Object.values(reportFonts()).map((ttf) => new Set((fontkit.create(ttf) as fontkit.Font).characterSet));
  const everyStyle = [...sets[0]!].filter((c) => sets.every((s) => s.has(c)) && !NOT_DOCUMENT_TEXT.test(String.fromCodePoint(c)));
  const ranges: Array<[number, number]> = [];
  for (const c of everyStyle.sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && last[1] === c - 1) last[1] = c;
    else ranges.push([c, c]);
  }
  return ranges;
}

const hex = (c: number) => `\\u{${c.toString(16).toUpperCase()}}`;

/** The ranges as the body of a regular expression character class (u flag). */
export const characterClass = (ranges: Array<[number, number]>) => ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
