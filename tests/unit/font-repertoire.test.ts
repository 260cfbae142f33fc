// The characters a report may hold are the ones the embedded font draws, left to right: the
// committed allow-list (shared/domain/report/drawable.ts, which the console bundles) is what the
// font's cmap says, and the shared check takes exactly those.
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { reportFonts } from '#render/fonts.ts';
import { drawableText } from '#domain/report/text.ts';
import { DRAWABLE_FILE, drawableModule } from '../../scripts/font-repertoire.ts';

const drawable = z.string().check(drawableText());
const takes = (text: string) => drawable.safeParse(text).success;

describe('the report font repertoire', () => {
  it('the committed allow-list is the font cmap of today (else: node --import tsx scripts/font-repertoire.ts)', () => {
    expect(readFileSync(DRAWABLE_FILE, 'utf8')).toBe(drawableModule());
  });

  it('takes a character only when every style of the font has a glyph for it', () => {
    const glyphs = Object.values(reportFonts()).map((ttf) => new Set((fontkit.create(ttf) as fontkit.Font).characterSet));
    let taken = 0;
    for (let c = 0; c <= 0x1ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (!takes(String.fromCodePoint(c))) continue;
      taken++;
      for (const set of glyphs) expect(set.has(c), `U+${c.toString(16)}`).toBe(true);
    }
    // Latin with every Vietnamese letter, Greek, Cyrillic, punctuation: about 2,800 characters.
    expect(taken).toBeGreaterThan(2_500);
  });

  it('takes every Vietnamese letter, in both cases, and the punctuation of a report', () => {
    const letters = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
    expect(takes(letters + letters.toUpperCase())).toBe(true);
    expect(takes('Số: 1015/BC-SKHCN – “CCHC” (100%); 15/6/2023… § № ±')).toBe(true);
  });

  it.each([
    ['Arabic-Indic digits', '١٠١٥'],
    ['Extended Arabic-Indic digits', '۱۰۱۵'],
    ['Devanagari digits', '१०१५'],
    ['Arabic letters', 'محمد'],
    ['Hebrew, which the font has but writes right to left', 'שלום'],
    ['a right-to-left mark', 'A\u200FB'],
    ['a right-to-left override', 'A\u202EB'],
    ['an isolate', 'A\u2067B'],
    ['a zero-width joiner', 'A\u200DB'],
    ['a soft hyphen', 'A\u00ADB'],
    ['CJK', '漢字'],
    ['an emoji', '😀'],
    ['a private-use character', '\uE000'],
    ['a C1 control', '\u0085'],
    ['a tab', '\t'],
  ])('refuses %s', (_, text) => {
    expect(takes(`Số ${text} năm`)).toBe(false);
  });
});
