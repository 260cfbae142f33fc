// The report as a PDF for signing and sending, from the same model as the DOCX, with the same
// Decree 30/2020/NĐ-CP layout. pdfkit draws; the line breaking, justification, pagination and
// footnotes at the page foot are done here so each footnote lands on the page that cites it.
// Deterministic: fixed document dates (pdfkit derives the file /ID from them), no clock reads.
import PDFDocument from 'pdfkit';
import type { Block, Form06Table, Inline, ReportModel, TableCell } from '#domain/report-model.ts';
import { reportFonts, type FontStyle } from './fonts.ts';

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89, top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const LEFT = PAGE.left;
const WIDTH = PAGE.width - PAGE.left - PAGE.right;
const BOTTOM = PAGE.height - PAGE.bottom;
const ASCENT = 1825 / 2048; // Tinos hhea ascent, as pdfkit places the baseline
const LINE = 1.149 * 1.1; // Word's single line for Times New Roman, times 1.1 as in the DOCX
const FIRST_LINE = 36; // 1.27 cm
const PARA_AFTER = 6;
const NOTE_SIZE = 10;
const HEADER_LEFT = 210; // as the DOCX letterhead: the agency's name in 13 pt bold capitals fits

type Align = 'justify' | 'left' | 'center' | 'right';

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
interface Line {
  words: Word[];
  width: number;
  indent: number;
  last: boolean;
  notes: number[];
}
interface Laid {
  lines: Line[];
  lineHeight: number;
  size: number;
  align: Align;
  width: number;
}

type Run = { text: string; font: FontStyle; size: number } | { note: number; size: number };

const fontOf = (bold?: boolean, italic?: boolean): FontStyle => (bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular');

class Measure {
  private cache = new Map<string, number>();
  constructor(private doc: PDFKit.PDFDocument) {}
  width(font: FontStyle, size: number, text: string): number {
    const key = `${font}\u0000${size}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      w = this.doc.font(font).fontSize(size).widthOfString(text);
      this.cache.set(key, w);
    }
    return w;
  }
}

// A no-break space keeps a word whole but is drawn as a space: the font shapes U+00A0 with no width.
function piece(m: Measure, raw: string, font: FontStyle, size: number, rise = 0): Piece {
  const text = raw.replaceAll('\u00A0', ' ');
  return { text, font, size, rise, width: m.width(font, size, text) };
}

/** Words of a run list; a word may mix styles and footnote references ("2023¹."). Spaces separate words. */
function wordsOf(m: Measure, runs: Run[]): Word[] {
  const words: Word[] = [];
  let current: Word = { pieces: [], width: 0, notes: [] };
  const flush = () => {
    if (current.pieces.length > 0) words.push(current);
    current = { pieces: [], width: 0, notes: [] };
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

/** Splits a word wider than the line into pieces that fit, character by character. */
function splitWide(m: Measure, word: Word, max: number): Word[] {
  const out: Word[] = [];
  let current: Word = { pieces: [], width: 0, notes: [] };
  for (const p of word.pieces) {
    for (const ch of Array.from(p.text)) {
      const c = piece(m, ch, p.font, p.size, p.rise);
      if (current.width + c.width > max && current.pieces.length > 0) {
        out.push(current);
        current = { pieces: [], width: 0, notes: [] };
      }
      const prev = current.pieces.at(-1);
      if (prev && prev.font === c.font && prev.size === c.size && prev.rise === c.rise) {
        prev.text += ch;
        prev.width = m.width(prev.font, prev.size, prev.text);
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

function layout(m: Measure, runs: Run[], opts: { size: number; width: number; align: Align; firstIndent?: number; lineFactor?: number }): Laid {
  const space = m.width('regular', opts.size, ' ');
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

function drawLine(doc: PDFKit.PDFDocument, m: Measure, laid: Laid, line: Line, x0: number, top: number): void {
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
  // Pieces of one style drawn in one call, spaces stretched by wordSpacing: far fewer text calls.
  const baseline = top + laid.size * ASCENT;
  let seg: { text: string; font: FontStyle; size: number; rise: number; x: number } | null = null;
  const flush = () => {
    if (!seg) return;
    const wordSpacing = line.words.length > 1 ? gap - m.width(seg.font, seg.size, ' ') : 0;
    doc.font(seg.font).fontSize(seg.size).text(seg.text, seg.x, baseline - seg.size * ASCENT - seg.rise, { lineBreak: false, wordSpacing });
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
}

const sumWidths = (words: Word[]) => words.reduce((a, w) => a + w.width, 0);

function hrule(doc: PDFKit.PDFDocument, x: number, y: number, width: number): void {
  doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.6).strokeColor('black').stroke();
}

function inlineRuns(runs: Inline[], size: number, bold = false): Run[] {
  return runs.map((r) => (r.kind === 'note' ? { note: r.n, size } : { text: r.text, font: fontOf(bold || r.bold, r.italic), size }));
}

/** Places content top to bottom, page after page, with each page's footnotes at its foot. */
class Flow {
  y = PAGE.top;
  page = 1;
  private pageNotes: Laid[] = [];
  private notesHeight = 0;
  private readonly noteGap = 10; // separator and the space around it

  constructor(
    private doc: PDFKit.PDFDocument,
    private m: Measure,
    private notes: Map<number, Laid>,
  ) {}

  private heightOf(ns: number[]): number {
    const h = ns.reduce((a, n) => a + noteHeight(this.notes.get(n)!), 0);
    return h > 0 && this.pageNotes.length === 0 ? h + this.noteGap : h;
  }

  fits(height: number, ns: number[] = []): boolean {
    return this.y + height + this.notesHeight + this.heightOf(ns) <= BOTTOM + 0.01;
  }

  /** Room for `height` (and the footnotes cited in it) on this page, else a new page; returns the top. */
  place(height: number, ns: number[] = []): number {
    if (!this.fits(height, ns) && this.y > PAGE.top) this.newPage();
    this.notesHeight += this.heightOf(ns);
    for (const n of ns) this.pageNotes.push(this.notes.get(n)!);
    const top = this.y;
    this.y += height;
    return top;
  }

  space(height: number): void {
    this.y = Math.min(this.y + height, BOTTOM);
  }

  newPage(): void {
    this.drawNotes();
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.page += 1;
    this.y = PAGE.top;
    const label = String(this.page);
    const w = this.doc.font('regular').fontSize(13).widthOfString(label);
    this.doc.text(label, LEFT + (WIDTH - w) / 2, PAGE.top / 2 - 13 * ASCENT / 2, { lineBreak: false });
  }

  drawNotes(): void {
    if (this.pageNotes.length === 0) return;
    let y = BOTTOM - this.notesHeight + this.noteGap / 2;
    hrule(this.doc, LEFT, y - 2, WIDTH / 3);
    y += this.noteGap / 2;
    for (const laid of this.pageNotes) {
      for (const line of laid.lines) {
        drawLine(this.doc, this.m, laid, line, LEFT, y);
        y += laid.lineHeight;
      }
      y += 1;
    }
    this.pageNotes = [];
    this.notesHeight = 0;
  }
}

const noteHeight = (laid: Laid) => laid.lines.length * laid.lineHeight + 1;

function drawParagraph(doc: PDFKit.PDFDocument, m: Measure, flow: Flow, laid: Laid, x = LEFT): void {
  for (const line of laid.lines) drawLine(doc, m, laid, line, x, flow.place(laid.lineHeight, line.notes));
}

/** A centred stack of lines in a column; returns the y under it. */
function column(doc: PDFKit.PDFDocument, m: Measure, x: number, width: number, y: number, items: { text: string; font: FontStyle; size: number; after?: number }[]): number {
  for (const it of items) {
    const laid = layout(m, [{ text: it.text, font: it.font, size: it.size }], { size: it.size, width, align: 'center', lineFactor: 1.149 });
    for (const line of laid.lines) {
      drawLine(doc, m, laid, line, x, y);
      y += laid.lineHeight;
    }
    y += it.after ?? 0;
  }
  return y;
}

function letterhead(doc: PDFKit.PDFDocument, m: Measure, model: ReportModel, flow: Flow): void {
  const h = model.header;
  const rightX = LEFT + HEADER_LEFT;
  const rightW = WIDTH - HEADER_LEFT;
  let yl = column(doc, m, LEFT, HEADER_LEFT, PAGE.top, [
    { text: h.parentBody, font: 'regular', size: 13 },
    { text: h.agencyName, font: 'bold', size: 13 },
  ]);
  hrule(doc, LEFT + (HEADER_LEFT - 80) / 2, yl + 3, 80);
  let yr = column(doc, m, rightX, rightW, PAGE.top, [
    { text: h.nation, font: 'bold', size: 12 },
    { text: h.motto, font: 'bold', size: 13 },
  ]);
  const mottoWidth = m.width('bold', 13, h.motto);
  hrule(doc, rightX + (rightW - mottoWidth) / 2, yr + 3, mottoWidth);
  const row2 = Math.max(yl, yr) + 10;
  yl = column(doc, m, LEFT, HEADER_LEFT, row2, [{ text: h.number, font: 'regular', size: 13 }]);
  yr = column(doc, m, rightX, rightW, row2, [{ text: h.dateLine, font: 'italic', size: 14 }]);
  flow.y = Math.max(yl, yr);
}

function titleBlock(doc: PDFKit.PDFDocument, m: Measure, model: ReportModel, flow: Flow): void {
  flow.space(18);
  flow.y = column(doc, m, LEFT, WIDTH, flow.y, [
    { text: model.title, font: 'bold', size: 14 },
    { text: model.subject, font: 'bold', size: 14 },
  ]);
  hrule(doc, LEFT + (WIDTH - 110) / 2, flow.y + 4, 110);
  flow.space(4);
  flow.space(10);
  if (model.provisionalNote) {
    flow.y = column(doc, m, LEFT, WIDTH, flow.y, [{ text: model.provisionalNote, font: 'boldItalic', size: 13 }]);
    flow.space(6);
  }
}

// ---- form 06 table ----

const TABLE_SIZE = 10;
const CELL_PAD = 2;

interface PlacedCell {
  text: string;
  col: number;
  colSpan: number;
  rowSpan: number;
  row: number;
  font: FontStyle;
  align: Align;
}

function tableRowsHeights(m: Measure, cells: PlacedCell[], rows: number, xs: number[], size = TABLE_SIZE): { heights: number[]; laid: Map<PlacedCell, Laid> } {
  const laid = new Map<PlacedCell, Laid>();
  const heights = Array.from({ length: rows }, () => 0);
  for (const c of cells) {
    const width = xs[c.col + c.colSpan]! - xs[c.col]! - 2 * CELL_PAD;
    const l = layout(m, [{ text: c.text, font: c.font, size }], { size, width, align: c.align, lineFactor: 1.149 });
    laid.set(c, l);
    if (c.rowSpan === 1) heights[c.row] = Math.max(heights[c.row]!, l.lines.length * l.lineHeight + 2 * CELL_PAD);
  }
  for (const c of cells) {
    if (c.rowSpan === 1) continue;
    const l = laid.get(c)!;
    const need = l.lines.length * l.lineHeight + 2 * CELL_PAD;
    const have = heights.slice(c.row, c.row + c.rowSpan).reduce((a, b) => a + b, 0);
    if (need > have) heights[c.row + c.rowSpan - 1]! += need - have;
  }
  return { heights, laid };
}

function drawCells(doc: PDFKit.PDFDocument, m: Measure, cells: PlacedCell[], laid: Map<PlacedCell, Laid>, heights: number[], xs: number[], top: number): void {
  const ys = [top];
  for (const h of heights) ys.push(ys.at(-1)! + h);
  for (const c of cells) {
    const x = xs[c.col]!;
    const y = ys[c.row]!;
    const w = xs[c.col + c.colSpan]! - x;
    const h = ys[c.row + c.rowSpan]! - y;
    doc.rect(x, y, w, h).lineWidth(0.5).strokeColor('black').stroke();
    const l = laid.get(c)!;
    let ty = y + (h - l.lines.length * l.lineHeight) / 2;
    for (const line of l.lines) {
      drawLine(doc, m, l, line, x + CELL_PAD, ty);
      ty += l.lineHeight;
    }
  }
}

function placeRow(cells: TableCell[], row: number, covered: Set<string>, font: (col: number) => FontStyle, align: (col: number) => Align): PlacedCell[] {
  const out: PlacedCell[] = [];
  let col = 0;
  for (const c of cells) {
    while (covered.has(`${row}:${col}`)) col++;
    const colSpan = c.colSpan ?? 1;
    const rowSpan = c.rowSpan ?? 1;
    for (let r = 1; r < rowSpan; r++) for (let k = 0; k < colSpan; k++) covered.add(`${row + r}:${col + k}`);
    out.push({ text: c.text, col, colSpan, rowSpan, row, font: font(col), align: align(col) });
    col += colSpan;
  }
  return out;
}

function drawTable(doc: PDFKit.PDFDocument, m: Measure, flow: Flow, table: Form06Table): void {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const xs = [LEFT];
  for (const w of table.widths) xs.push(xs.at(-1)! + (w * WIDTH) / total);
  const covered = new Set<string>();
  const headCells = table.head.flatMap((cells, r) => placeRow(cells, r, covered, () => (r < 2 ? 'bold' : 'italic'), () => 'center'));
  const head = tableRowsHeights(m, headCells, table.head.length, xs, TABLE_SIZE - 1);
  const headHeight = head.heights.reduce((a, b) => a + b, 0);
  const numberAlign = (col: number): Align => (col === 0 ? 'center' : col === 1 ? 'left' : 'right');
  const rows = [
    ...table.body.map((cells) => placeRow(cells.map((text) => ({ text })), 0, new Set(), () => 'regular', numberAlign)),
    placeRow(table.total, 0, new Set(), () => 'bold', (col) => (col === 0 ? 'center' : 'right')),
  ].map((cells) => ({ cells, ...tableRowsHeights(m, cells, 1, xs) }));

  const title = layout(m, [{ text: table.title, font: 'bold', size: 13 }], { size: 13, width: WIDTH, align: 'center', lineFactor: 1.149 });
  const unit = layout(m, [{ text: table.unit, font: 'italic', size: 12 }], { size: 12, width: WIDTH, align: 'right', lineFactor: 1.149 });
  const lead = title.lines.length * title.lineHeight + unit.lineHeight + 6;
  // The title, the head and the first row stay together.
  if (!flow.fits(lead + headHeight + rows[0]!.heights[0]!)) flow.newPage();
  flow.space(4);
  drawParagraph(doc, m, flow, title);
  drawParagraph(doc, m, flow, unit);
  flow.space(2);
  const drawHead = () => drawCells(doc, m, headCells, head.laid, head.heights, xs, flow.place(headHeight));
  drawHead();
  for (const row of rows) {
    const h = row.heights[0]!;
    if (!flow.fits(h)) {
      flow.newPage();
      drawHead();
    }
    drawCells(doc, m, row.cells, row.laid, row.heights, xs, flow.place(h));
  }
  flow.space(PARA_AFTER + 4);
}

// ---- body ----

function drawBlocks(doc: PDFKit.PDFDocument, m: Measure, flow: Flow, blocks: Block[]): void {
  const bodyLine = 14 * LINE;
  blocks.forEach((block) => {
    if (block.kind === 'table') return drawTable(doc, m, flow, block.table);
    const heading = block.kind === 'heading';
    const laid = layout(m, inlineRuns(block.runs, 14, heading), { size: 14, width: WIDTH, align: 'justify', firstIndent: FIRST_LINE });
    if (heading) {
      if (block.level === 1) flow.space(6);
      // A heading is not left alone at the foot of a page.
      if (!flow.fits(laid.lines.length * laid.lineHeight + PARA_AFTER + 2 * bodyLine)) flow.newPage();
    }
    drawParagraph(doc, m, flow, laid);
    flow.space(PARA_AFTER);
  });
}

function closing(doc: PDFKit.PDFDocument, m: Measure, flow: Flow, model: ReportModel): void {
  const leftW = WIDTH * 0.45;
  const rightX = LEFT + leftW;
  const rightW = WIDTH - leftW;
  const left = [
    layout(m, [{ text: model.recipients.heading, font: 'boldItalic', size: 12 }], { size: 12, width: leftW, align: 'left', lineFactor: 1.149 }),
    ...model.recipients.lines.map((l) => layout(m, [{ text: l, font: 'regular', size: 11 }], { size: 11, width: leftW, align: 'left', lineFactor: 1.149 })),
  ];
  const s = model.signature;
  const sig = (text: string) => layout(m, [{ text, font: 'bold', size: 14 }], { size: 14, width: rightW, align: 'center', lineFactor: 1.149 });
  const gap = 5 * 14 * 1.149;
  const right = [...(s.authority ? [sig(s.authority)] : []), sig(s.title)];
  const name = sig(s.name);
  const heightOf = (ls: Laid[]) => ls.reduce((a, l) => a + l.lines.length * l.lineHeight, 0);
  const height = Math.max(heightOf(left), heightOf(right) + gap + heightOf([name]));
  flow.space(12);
  const top = flow.place(height);
  let y = top;
  for (const l of left) for (const line of l.lines) (drawLine(doc, m, l, line, LEFT, y), (y += l.lineHeight));
  y = top;
  for (const l of right) for (const line of l.lines) (drawLine(doc, m, l, line, rightX, y), (y += l.lineHeight));
  y += gap;
  for (const line of name.lines) (drawLine(doc, m, name, line, rightX, y), (y += name.lineHeight));
}

export async function renderPdf(model: ReportModel): Promise<Uint8Array> {
  const fonts = reportFonts();
  const date = new Date(model.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    // No default font: pdfkit would load its Helvetica AFM from disk (absent from a bundle). Passing
    // a Tinos buffer instead makes pdfkit re-open the font on every switch to the same face.
    font: null as unknown as string,
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: model.documentTitle,
      Author: model.author,
      Subject: model.subject,
      Creator: 'cchc-report',
      Producer: 'cchc-report',
      CreationDate: date,
      ModDate: date,
    },
  });
  for (const [style, data] of Object.entries(fonts)) doc.registerFont(style, data);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const m = new Measure(doc);
  const notes = new Map<number, Laid>(
    model.footnotes.map((f) => [
      f.n,
      layout(m, [{ note: f.n, size: NOTE_SIZE }, { text: ` ${f.text}`, font: 'regular', size: NOTE_SIZE }], {
        size: NOTE_SIZE,
        width: WIDTH,
        align: 'justify',
        lineFactor: 1.149,
      }),
    ]),
  );
  const flow = new Flow(doc, m, notes);
  letterhead(doc, m, model, flow);
  titleBlock(doc, m, model, flow);
  drawBlocks(doc, m, flow, model.body);
  closing(doc, m, flow, model);
  flow.drawNotes();
  doc.end();
  await done;
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
