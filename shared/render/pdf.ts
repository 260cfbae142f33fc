// The report as a PDF for signing and sending, from the same model as the DOCX, with the same
// Decree 30/2020/NĐ-CP layout. pdfkit draws; the pagination and footnotes at the page foot are done
// here so each footnote lands on the page that cites it, the line breaking in pdf-lines.ts.
// Deterministic: fixed document dates (pdfkit derives the file /ID from them), no clock reads.
import PDFDocument from 'pdfkit';
import type { Block, Form06Table, Inline, ReportModel, TableCell } from '#domain/report-model.ts';
import { reportFonts, type FontStyle } from './fonts.ts';
import { ASCENT, LINE, PARA_AFTER, SINGLE_LINE, breakLines, breakPlain, fontOf, setLine, type Align, type LaidText, type Line, type Measure, type PlacedRun, type Run } from './pdf-lines.ts';

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89, top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const LEFT = PAGE.left;
const WIDTH = PAGE.width - PAGE.left - PAGE.right;
const BOTTOM = PAGE.height - PAGE.bottom;
const FIRST_LINE = 36; // 1.27 cm
const NOTE_SIZE = 10;
const HEADER_LEFT = 210; // as the DOCX letterhead: the agency's name in 13 pt bold capitals fits

/**
 * Tinos metrics as pdfkit reads them, cached: layout asks for the same words and spaces many times.
 * Measuring first opens each face in pdfkit (which numbers the fonts F1, F2… in that order).
 */
function pdfkitMeasure(doc: PDFKit.PDFDocument): Measure {
  const cache = new Map<string, number>();
  return (font, size, text) => {
    const key = `${font}\u0000${size}\u0000${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      w = doc.font(font).fontSize(size).widthOfString(text);
      cache.set(key, w);
    }
    return w;
  };
}

function drawRun(doc: PDFKit.PDFDocument, r: PlacedRun): void {
  doc.font(r.font).fontSize(r.size).text(r.text, r.x, r.y, { lineBreak: false, wordSpacing: r.wordSpacing });
}

function drawLine(doc: PDFKit.PDFDocument, m: Measure, laid: LaidText, line: Line, x0: number, top: number): void {
  for (const r of setLine(m, laid, line, x0, top).runs) drawRun(doc, r);
}

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
  private pageNotes: LaidText[] = [];
  private notesHeight = 0;
  private readonly noteGap = 10; // separator and the space around it

  constructor(
    private doc: PDFKit.PDFDocument,
    private m: Measure,
    private notes: Map<number, LaidText>,
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
    const w = this.m('regular', 13, label);
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

const noteHeight = (laid: LaidText) => laid.lines.length * laid.lineHeight + 1;

function drawParagraph(doc: PDFKit.PDFDocument, m: Measure, flow: Flow, laid: LaidText, x = LEFT): void {
  for (const line of laid.lines) drawLine(doc, m, laid, line, x, flow.place(laid.lineHeight, line.notes));
}

/** A centred stack of lines in a column; returns the y under it. */
function column(doc: PDFKit.PDFDocument, m: Measure, x: number, width: number, y: number, items: { text: string; font: FontStyle; size: number; after?: number }[]): number {
  for (const it of items) {
    const laid = breakPlain(m, it.text, it.font, it.size, width, 'center');
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
  const mottoWidth = m('bold', 13, h.motto);
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

function tableRowsHeights(m: Measure, cells: PlacedCell[], rows: number, xs: number[], size = TABLE_SIZE): { heights: number[]; laid: Map<PlacedCell, LaidText> } {
  const laid = new Map<PlacedCell, LaidText>();
  const heights = Array.from({ length: rows }, () => 0);
  for (const c of cells) {
    const width = xs[c.col + c.colSpan]! - xs[c.col]! - 2 * CELL_PAD;
    const l = breakPlain(m, c.text, c.font, size, width, c.align);
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

function drawCells(doc: PDFKit.PDFDocument, m: Measure, cells: PlacedCell[], laid: Map<PlacedCell, LaidText>, heights: number[], xs: number[], top: number): void {
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

  const title = breakPlain(m, table.title, 'bold', 13, WIDTH, 'center');
  const unit = breakPlain(m, table.unit, 'italic', 12, WIDTH, 'right');
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
    const laid = breakLines(m, inlineRuns(block.runs, 14, heading), { size: 14, width: WIDTH, align: 'justify', firstIndent: FIRST_LINE });
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
    breakPlain(m, model.recipients.heading, 'boldItalic', 12, leftW, 'left'),
    ...model.recipients.lines.map((l) => breakPlain(m, l, 'regular', 11, leftW, 'left')),
  ];
  const s = model.signature;
  const sig = (text: string) => breakPlain(m, text, 'bold', 14, rightW, 'center');
  const gap = 5 * 14 * SINGLE_LINE;
  const right = [...(s.authority ? [sig(s.authority)] : []), sig(s.title)];
  const name = sig(s.name);
  const heightOf = (ls: LaidText[]) => ls.reduce((a, l) => a + l.lines.length * l.lineHeight, 0);
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

  const m = pdfkitMeasure(doc);
  const notes = new Map<number, LaidText>(
    model.footnotes.map((f) => [
      f.n,
      breakLines(m, [{ note: f.n, size: NOTE_SIZE }, { text: ` ${f.text}`, font: 'regular', size: NOTE_SIZE }], {
        size: NOTE_SIZE,
        width: WIDTH,
        align: 'justify',
        lineFactor: SINGLE_LINE,
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
