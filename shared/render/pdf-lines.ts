// Line breaking for the PDF: a paragraph's runs into words, the words into lines of a given width,
// and a line into runs placed on the page (justified, centred or flush). Pure: every width comes
// from the injected measure, pdfkit's metrics of the embedded Tinos in the renderer, fakes in tests.
import type { FontStyle } from './fonts.ts';

/** Width in points of `text` set in `font` at `size`. */
export type Measure = (font: FontStyle, size: number, text: string) => number;

export type Align = 'justify' | 'left' | 'center' | 'right';

export const ASCENT = 1825 / 2048; // Tinos hhea ascent, as pdfkit places the baseline
export const SINGLE_LINE = 1.149; // Word's single line for Times New Roman
export const LINE = SINGLE_LINE * 1.1; // the body's 1.1 lines, as in the DOCX
export const PARA_AFTER = 6; // space under a body paragraph

/** A paragraph's text: styled runs and footnote references. */
export type Run = { text: string; font: FontStyle; size: number } | { note: number; size: number };

interface Piece {
  text: string;
  font: FontStyle;
  size: number;
  /** raised above the baseline (footnote reference) */
  rise: number;
  width: number;
}
interface Word {
  pieces: Piece[];
  width: number;
  notes: number[];
}
export interface Line {
  words: Word[];
  width: number;
  indent: number;
  last: boolean;
  /** footnotes referenced on this line */
  notes: number[];
}
/** A paragraph broken into lines for one width. */
export interface LaidText {
  lines: Line[];
  lineHeight: number;
  size: number;
  align: Align;
  width: number;
}

/** One pdfkit text call: `text` at (x, y), y the top of the line box, spaces widened by `wordSpacing`. */
export interface PlacedRun {
  text: string;
  font: FontStyle;
  size: number;
  x: number;
  y: number;
  wordSpacing: number;
}
export interface PlacedLine {
  runs: PlacedRun[];
  notes: number[];
}

export const fontOf = (bold?: boolean, italic?: boolean): FontStyle => (bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular');

export const textHeight = (laid: LaidText) => laid.lines.length * laid.lineHeight;

const emptyWord = (): Word => ({ pieces: [], width: 0, notes: [] });

// A no-break space keeps a word whole but is drawn as a space: the font shapes U+00A0 with no width.
function piece(m: Measure, raw: string, font: FontStyle, size: number, rise = 0): Piece {
  const text = raw.replaceAll('\u00A0', ' ');
  return { text, font, size, rise, width: m(font, size, text) };
}

/** Words of a run list; a word may mix styles and footnote references ("2023¹."). Spaces separate words. */
function wordsOf(m: Measure, runs: Run[]): Word[] {
  const words: Word[] = [];
  let current = emptyWord();
  const flush = () => {
    if (current.pieces.length > 0) words.push(current);
    current = emptyWord();
  };
  const add = (p: Piece) => {
    current.pieces.push(p);
    current.width += p.width;
  };
  for (const r of runs) {
    if ('note' in r) {
      add(piece(m, String(r.note), 'regular', r.size * 0.65, r.size * 0.33));
      current.notes.push(r.note);
      continue;
    }
    const parts = r.text.split(/( +)/);
    parts.forEach((part, i) => {
      if (i % 2 === 1) flush();
      else if (part !== '') add(piece(m, part, r.font, r.size));
    });
  }
  flush();
  return words;
}

/** Splits a word wider than the line into pieces that fit, character (code point) by character. */
function splitWide(m: Measure, word: Word, max: number): Word[] {
  const out: Word[] = [];
  let current = emptyWord();
  for (const p of word.pieces) {
    for (const ch of Array.from(p.text)) {
      const c = piece(m, ch, p.font, p.size, p.rise);
      if (current.width + c.width > max && current.pieces.length > 0) {
        out.push(current);
        current = emptyWord();
      }
      const prev = current.pieces.at(-1);
      if (prev && prev.font === c.font && prev.size === c.size && prev.rise === c.rise) {
        prev.text += ch;
        prev.width = m(prev.font, prev.size, prev.text);
        current.width = current.pieces.reduce((a, q) => a + q.width, 0);
      } else {
        current.pieces.push(c);
        current.width += c.width;
      }
    }
  }
  current.notes = word.notes;
  out.push(current);
  return out;
}

export interface BreakOptions {
  size: number;
  width: number;
  align: Align;
  firstIndent?: number;
  /** line height in font sizes; the body's 1.1 lines unless given */
  lineFactor?: number;
}

/** Fills lines greedily, word by word; a word wider than the line is cut to fit. */
export function breakLines(m: Measure, runs: Run[], opts: BreakOptions): LaidText {
  const space = m('regular', opts.size, ' ');
  const first = opts.firstIndent ?? 0;
  const lines: Line[] = [];
  let line: Line = { words: [], width: 0, indent: first, last: false, notes: [] };
  for (const w0 of wordsOf(m, runs)) {
    const avail = () => opts.width - line.indent;
    for (const w of w0.width > opts.width - first ? splitWide(m, w0, opts.width - first) : [w0]) {
      const extra = line.words.length > 0 ? space + w.width : w.width;
      if (line.words.length > 0 && line.width + extra > avail()) {
        lines.push(line);
        line = { words: [], width: 0, indent: 0, last: false, notes: [] };
        line.words.push(w);
        line.width = w.width;
      } else {
        line.words.push(w);
        line.width += extra;
      }
      line.notes.push(...w.notes);
    }
  }
  line.last = true;
  lines.push(line);
  return { lines, lineHeight: opts.size * (opts.lineFactor ?? LINE), size: opts.size, align: opts.align, width: opts.width };
}

/** One line of a single run in one style, the way every line outside the body is set. */
export const breakPlain = (m: Measure, text: string, font: FontStyle, size: number, width: number, align: Align): LaidText =>
  breakLines(m, [{ text, font, size }], { size, width, align, lineFactor: SINGLE_LINE });

const sumWidths = (words: Word[]) => words.reduce((a, w) => a + w.width, 0);

/** Places a line with its left edge at x0 and its top at `top`: aligned, or justified by widening the spaces. */
export function setLine(m: Measure, laid: LaidText, line: Line, x0: number, top: number): PlacedLine {
  const natural = laid.width - line.indent - line.width;
  let x = x0 + line.indent;
  let gap: number;
  if (laid.align === 'justify' && !line.last && line.words.length > 1) {
    gap = (laid.width - line.indent - sumWidths(line.words)) / (line.words.length - 1);
  } else {
    gap = line.words.length > 1 ? (line.width - sumWidths(line.words)) / (line.words.length - 1) : 0;
    if (laid.align === 'center') x += natural / 2;
    else if (laid.align === 'right') x += natural;
  }
  // Pieces of one style go in one run, its spaces stretched by wordSpacing: far fewer text calls.
  const baseline = top + laid.size * ASCENT;
  const runs: PlacedRun[] = [];
  let seg: { text: string; font: FontStyle; size: number; rise: number; x: number } | null = null;
  const flush = () => {
    if (!seg) return;
    const wordSpacing = line.words.length > 1 ? gap - m(seg.font, seg.size, ' ') : 0;
    runs.push({ text: seg.text, font: seg.font, size: seg.size, x: seg.x, y: baseline - seg.size * ASCENT - seg.rise, wordSpacing });
    seg = null;
  };
  line.words.forEach((w, wi) => {
    w.pieces.forEach((p, pi) => {
      const joinsSpace = pi === 0 && wi > 0;
      if (seg && seg.font === p.font && seg.size === p.size && seg.rise === p.rise) {
        seg.text += joinsSpace ? ` ${p.text}` : p.text;
      } else {
        flush();
        seg = { text: p.text, font: p.font, size: p.size, rise: p.rise, x };
      }
      x += p.width;
    });
    x += gap;
  });
  flush();
  return { runs, notes: line.notes };
}

/** Sets every line of `laid` one under the other from `top` into `out`; returns the y under the last. */
export function setLines(m: Measure, laid: LaidText, x: number, top: number, out: PlacedLine[]): number {
  let y = top;
  for (const line of laid.lines) {
    out.push(setLine(m, laid, line, x, y));
    y += laid.lineHeight;
  }
  return y;
}
