// Report sections (CONTRACT §4, the outline of docs/report.md) and the narrative staff write into them.
//
// A section body is `{"paragraphs": ["…", …]}`: one string per paragraph, NFC, no control
// characters. Inside a paragraph staff may use this light markup:
//
//   ### a) Công tác tham mưu …   a paragraph starting with "### " is a sub-heading (bold)
//   - …   or   + …             a paragraph starting with "- " or "+ " is a list line; the
//                               marker is printed as written, as Vietnamese reports do
//   *italic*  **bold**  ***bold italic***   emphasis, may nest ("**bold *and italic***" is not
//                               supported, "**bold *italic* bold**" is); "\*" is a literal star
//                               and "\\" a literal backslash
//   {{cite:2170/KH-SKHCN}}      where the footnote of the attachment numbered "2170/KH-SKHCN"
//                               goes (the attachment of this section first, else of any section)
//   {{one-stop-results}}        (procedures only) where the one-stop results sentence goes; the
//                               form-06 table follows the paragraph holding it
//   {{documents-issued}}        (digital-government only) where the documents-issued sentence goes
//
// A data placeholder may stand alone as a paragraph or inside one. When it is absent the data
// paragraph is appended at the end of its section.
import * as z from 'zod';
import { STAFF_TEXT_LIMITS } from './profile.ts';
import { textSchema } from './report/text.ts';

export const SECTION_KEYS = [
  'direction',
  'inspection',
  'communication',
  'institutions',
  'procedures',
  'organization',
  'civil-service',
  'public-finance',
  'digital-government',
  'assessment',
  'next-tasks',
] as const;

export type SectionKey = (typeof SECTION_KEYS)[number];
export const SectionKeySchema = z.enum(SECTION_KEYS);

type PartNumeral = 'I' | 'II' | 'III' | 'IV';

export interface ReportPart {
  numeral: PartNumeral;
  /** the part's heading without its numeral; null for IV, whose wording follows the period */
  title: string | null;
  sections: readonly SectionKey[];
}

/** The outline in print order (Resolution 76/NQ-CP areas, headings as the seed prints them). */
export const REPORT_PARTS: readonly ReportPart[] = [
  { numeral: 'I', title: 'Công tác chỉ đạo, điều hành cải cách hành chính', sections: ['direction', 'inspection', 'communication'] },
  {
    numeral: 'II',
    title: 'Những kết quả đã đạt được',
    sections: ['institutions', 'procedures', 'organization', 'civil-service', 'public-finance', 'digital-government'],
  },
  { numeral: 'III', title: 'ĐÁNH GIÁ CHUNG', sections: ['assessment'] },
  { numeral: 'IV', title: null, sections: ['next-tasks'] },
];

export interface SectionOutline {
  part: PartNumeral;
  /** number inside the part ("2" of II.2); null for the sections that are a whole part (III, IV) */
  number: number | null;
  /** heading without its number; null when the part heading is the section heading */
  title: string | null;
  /** "II.2", "III" */
  position: string;
}

const TITLES: Record<SectionKey, string | null> = {
  direction: 'Về tổ chức, chỉ đạo, điều hành cải cách hành chính',
  inspection: 'Về kiểm tra công tác cải cách hành chính',
  communication: 'Về công tác tuyên truyền cải cách hành chính',
  institutions: 'Cải cách thể chế',
  procedures: 'Cải cách thủ tục hành chính (TTHC)',
  organization: 'Về cải cách tổ chức bộ máy',
  'civil-service': 'Cải cách chế độ công vụ, công chức',
  'public-finance': 'Cải cách tài chính công',
  'digital-government': 'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số',
  assessment: null,
  'next-tasks': null,
};

export const SECTION_OUTLINE: Readonly<Record<SectionKey, SectionOutline>> = Object.fromEntries(
  REPORT_PARTS.flatMap((part) =>
    part.sections.map((key, i) => {
      const number = TITLES[key] === null ? null : i + 1;
      return [key, { part: part.numeral, number, title: TITLES[key], position: number ? `${part.numeral}.${number}` : part.numeral }];
    }),
  ),
) as Record<SectionKey, SectionOutline>;

/** The data placeholder each data section accepts. */
export const DATA_PLACEHOLDERS = {
  procedures: 'one-stop-results',
  'digital-government': 'documents-issued',
} as const satisfies Partial<Record<SectionKey, string>>;
type DataPlaceholder = (typeof DATA_PLACEHOLDERS)[keyof typeof DATA_PLACEHOLDERS];

// ---- markup ----

type MarkupToken =
  | { kind: 'text'; text: string; bold: boolean; italic: boolean }
  | { kind: 'cite'; number: string }
  | { kind: 'data'; placeholder: DataPlaceholder }
  /** a {{…}} the markup does not know; kept so validation can name it */
  | { kind: 'unknown'; raw: string };

export interface ParsedParagraph {
  role: 'heading' | 'list' | 'paragraph';
  tokens: MarkupToken[];
}

// Escaped characters travel through parsing as private-use code points.
const ESC_STAR = '\uE000';
const ESC_BACKSLASH = '\uE001';
const unescape = (s: string) => s.replaceAll(ESC_STAR, '*').replaceAll(ESC_BACKSLASH, '\\');

const EMPHASIS = /(\*{1,3})(?=[^\s*])([\s\S]*?[^\s*])\1(?!\*)/;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const CITE = /^cite:([^{}*\s][^{}*]{0,99})$/;
const KNOWN_DATA = new Set<string>(Object.values(DATA_PLACEHOLDERS));

function splitPlaceholders(text: string, bold: boolean, italic: boolean, out: MarkupToken[]): void {
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push({ kind: 'text', text: unescape(text.slice(last, m.index)), bold, italic });
    const inner = m[1]!.trim();
    const cite = CITE.exec(inner);
    if (cite) out.push({ kind: 'cite', number: cite[1]!.trim() });
    else if (KNOWN_DATA.has(inner)) out.push({ kind: 'data', placeholder: inner as DataPlaceholder });
    else out.push({ kind: 'unknown', raw: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: unescape(text.slice(last)), bold, italic });
}

function parseEmphasis(text: string, bold: boolean, italic: boolean, out: MarkupToken[]): void {
  let rest = text;
  for (let m = EMPHASIS.exec(rest); m; m = EMPHASIS.exec(rest)) {
    splitPlaceholders(rest.slice(0, m.index), bold, italic, out);
    const stars = m[1]!.length;
    parseEmphasis(m[2]!, bold || stars >= 2, italic || stars !== 2, out);
    rest = rest.slice(m.index + m[0].length);
  }
  splitPlaceholders(rest, bold, italic, out);
}

/** Reads one paragraph's markup. Adjacent text tokens of the same style are merged. */
export function parseParagraph(paragraph: string): ParsedParagraph {
  let text = paragraph.normalize('NFC').replaceAll('\\\\', ESC_BACKSLASH).replaceAll('\\*', ESC_STAR);
  let role: ParsedParagraph['role'] = 'paragraph';
  if (text.startsWith('### ')) {
    role = 'heading';
    text = text.slice(4).trimStart();
  } else if (text.startsWith('- ') || text.startsWith('+ ')) {
    role = 'list';
  }
  const raw: MarkupToken[] = [];
  parseEmphasis(text, false, false, raw);
  const tokens: MarkupToken[] = [];
  for (const t of raw) {
    const prev = tokens.at(-1);
    if (t.kind === 'text' && prev?.kind === 'text' && prev.bold === t.bold && prev.italic === t.italic) prev.text += t.text;
    else if (t.kind !== 'text' || t.text !== '') tokens.push(t);
  }
  return { role, tokens };
}

// ---- section body schema ----

const paragraphSchema = textSchema(STAFF_TEXT_LIMITS.paragraphChars);

function checkPlaceholders(paragraphs: string[], key: SectionKey | null, ctx: z.RefinementCtx): void {
  const own: string | undefined = key ? (DATA_PLACEHOLDERS as Partial<Record<SectionKey, string>>)[key] : undefined;
  let ownCount = 0;
  paragraphs.forEach((p, i) => {
    for (const t of parseParagraph(p).tokens) {
      const path = ['paragraphs', i];
      if (t.kind === 'unknown') {
        ctx.addIssue({ code: 'custom', path, message: `unknown placeholder ${t.raw}; use {{cite:<number>}}, {{one-stop-results}} or {{documents-issued}}` });
      } else if (t.kind === 'data' && key) {
        if (t.placeholder !== own) {
          ctx.addIssue({ code: 'custom', path, message: `{{${t.placeholder}}} does not belong in section ${key}` });
        } else if (++ownCount > 1) {
          ctx.addIssue({ code: 'custom', path, message: `{{${t.placeholder}}} may appear only once` });
        }
      }
    }
  });
}

function sectionBody(key: SectionKey | null) {
  return z
    .object({
      paragraphs: z.array(paragraphSchema).min(1).max(STAFF_TEXT_LIMITS.paragraphsPerSection),
    })
    .superRefine((body, ctx) => {
      const total = body.paragraphs.reduce((n, p) => n + p.length, 0);
      if (total > STAFF_TEXT_LIMITS.sectionChars) {
        ctx.addIssue({
          code: 'custom',
          path: ['paragraphs'],
          message: `must have at most ${STAFF_TEXT_LIMITS.sectionChars} characters in all (has ${total})`,
        });
      }
      checkPlaceholders(body.paragraphs, key, ctx);
    });
}

/** A section body whatever its section (data placeholders are not checked against the section). */
export const SectionBodySchema = sectionBody(null);

/** The body schema for one section: also refuses the other section's data placeholder and repeats. */
export function sectionBodySchemaFor(key: SectionKey) {
  return sectionBody(key);
}
