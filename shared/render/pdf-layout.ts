// The report laid out on PDF pages with the Decree 30/2020/NĐ-CP layout of the DOCX: letterhead,
// title, body, recipients and signature, footnotes at the foot of the page that cites them, then
// form 06 as the appendix; "DỰ THẢO" on every page of a draft. Pure: widths come from `m`; the
// result is plain data that pdf.ts draws, with the slots the signing layer draws into.
import { keepsWithNext, type Block, type Inline, type ReportModel } from '#domain/report-model.ts';
import type { FontStyle } from './fonts.ts';
import { ruleUnder } from './measure.ts';
import { ASCENT, PARA_AFTER, SINGLE_LINE, breakLines, breakPlain, fontOf, textHeight, type LaidText, type Line, type Measure, type PlacedRun, type Run } from './pdf-lines.ts';
import { LEFT, PAGE, PageFlow, WIDTH, type LaidPage } from './pdf-pages.ts';
import type { PdfRect, PdfSlots } from './pdf-slots.ts';
import { layoutForm06Table } from './pdf-table.ts';

const BODY_SIZE = 14;
const FIRST_LINE = 36; // 1.27 cm
const NOTE_SIZE = 10;
const HEADER_LEFT = 210; // as the DOCX letterhead: the agency's name in 13 pt bold capitals fits

function inlineRuns(runs: Inline[], size: number, bold = false): Run[] {
  return runs.map((r) => (r.kind === 'note' ? { note: r.n, size } : { text: r.text, font: fontOf(bold || r.bold, r.italic), size }));
}

/** A centred stack of lines in a column from `top`, not paginated; returns the y under it. */
function column(m: Measure, flow: PageFlow, x: number, width: number, top: number, items: { text: string; font: FontStyle; size: number }[]): number {
  let y = top;
  for (const it of items) y = flow.stack(breakPlain(m, it.text, it.font, it.size, width, 'center'), x, y);
  return y;
}

/** The number and date lines' size: Decree 30 sets "Số" at 13 pt and the place and date at 13–14 pt; one size for both, as the clerk's text drawn into them. */
const FIELD_SIZE = 13;

/** A line of text pieces and fields (a field: its width, and its text once filled, centred in it). */
type FieldPart = string | { width: number; text: string };

/**
 * A line made of text and fields, centred in a column at `top`, set as runs; returns the fields'
 * boxes (x and width, in the column's line) in order.
 */
function fieldLine(m: Measure, flow: PageFlow, parts: FieldPart[], font: FontStyle, x: number, width: number, top: number): { x: number; width: number }[] {
  const widthOf = (p: FieldPart) => (typeof p === 'string' ? m(font, FIELD_SIZE, p) : p.width);
  let at = x + (width - parts.reduce((a, p) => a + widthOf(p), 0)) / 2;
  const runs: PlacedRun[] = [];
  const fields: { x: number; width: number }[] = [];
  for (const p of parts) {
    const text = typeof p === 'string' ? p : p.text;
    const tx = typeof p === 'string' ? at : at + (p.width - m(font, FIELD_SIZE, p.text)) / 2;
    if (text !== '') runs.push({ text, font, size: FIELD_SIZE, x: tx, y: top, wordSpacing: 0 });
    if (typeof p !== 'string') fields.push({ x: at, width: p.width });
    at += widthOf(p);
  }
  flow.add({ kind: 'line', runs, notes: [] });
  return fields;
}

/**
 * The number and the date lines as fields: blank (draft, signed) with room for the clerk's number
 * ("10150"), day, month and year, or filled (issued) with each field as wide as its text.
 */
function clerkFields(m: Measure, model: ReportModel): { number: FieldPart[]; date: FieldPart[] } {
  const h = model.header;
  const blank = (font: FontStyle, room: string): FieldPart => ({ width: m(font, FIELD_SIZE, room), text: '' });
  if (h.blanks) {
    const [place, month, year] = h.blanks.date;
    return {
      number: [h.blanks.number[0], blank('regular', ' 00000 '), h.blanks.number[1]],
      date: [place, blank('italic', ' 00 '), month, blank('italic', ' 00 '), year, blank('italic', ' 0000 ')],
    };
  }
  const filled = (font: FontStyle, text: string): FieldPart => ({ width: m(font, FIELD_SIZE, text), text });
  const number = /^(Số:\s*)([^/]*)(.*)$/u.exec(h.number);
  const date = /^(.*ngày )(\S+)( tháng )(\S+)( năm )(\S+)$/u.exec(h.dateLine);
  if (!number || !date) throw new Error(`the number line "${h.number}" or the date line "${h.dateLine}" is not in Decree 30's form`);
  return {
    number: [number[1]!, filled('regular', number[2]!), number[3]!],
    date: [date[1]!, filled('italic', date[2]!), date[3]!, filled('italic', date[4]!), date[5]!, filled('italic', date[6]!)],
  };
}

/** A box measured on the page (y from the top) in PDF user space. */
const pdfRect = (page: number, x: number, top: number, width: number, height: number): PdfRect => ({ page, x, y: PAGE.height - top - height, width, height });

/** The letterhead; returns the number's and the date's fields on page 1. */
function letterhead(m: Measure, flow: PageFlow, model: ReportModel): Pick<PdfSlots, 'number' | 'day' | 'month' | 'year'> {
  const h = model.header;
  const rightX = LEFT + HEADER_LEFT;
  const rightW = WIDTH - HEADER_LEFT;
  let yl = column(m, flow, LEFT, HEADER_LEFT, PAGE.top, [
    ...(h.parentBody === null ? [] : [{ text: h.parentBody, font: 'regular' as const, size: 13 }]),
    ...h.agencyName.map((text) => ({ text, font: 'bold' as const, size: 13 })),
  ]);
  flow.add({ kind: 'rule', x: LEFT + (HEADER_LEFT - 80) / 2, y: yl + 3, width: 80 });
  const yr = column(m, flow, rightX, rightW, PAGE.top, [
    { text: h.nation, font: 'bold', size: 12 },
    { text: h.motto, font: 'bold', size: 13 },
  ]);
  const mottoWidth = m('bold', 13, h.motto);
  flow.add({ kind: 'rule', x: rightX + (rightW - mottoWidth) / 2, y: yr + 3, width: mottoWidth });
  const row2 = Math.max(yl, yr) + 10;
  const fields = clerkFields(m, model);
  const [number] = fieldLine(m, flow, fields.number, 'regular', LEFT, HEADER_LEFT, row2);
  const [day, month, year] = fieldLine(m, flow, fields.date, 'italic', rightX, rightW, row2);
  yl = row2 + FIELD_SIZE * SINGLE_LINE;
  flow.y = yl;
  const slot = (f: { x: number; width: number } | undefined) => pdfRect(0, f!.x, row2, f!.width, FIELD_SIZE * SINGLE_LINE);
  return { number: slot(number), day: slot(day), month: slot(month), year: slot(year) };
}

function titleBlock(m: Measure, flow: PageFlow, model: ReportModel): void {
  flow.space(18);
  flow.y = column(m, flow, LEFT, WIDTH, flow.y, [
    { text: model.title, font: 'bold', size: 14 },
    { text: model.subject, font: 'bold', size: 14 },
  ]);
  const rule = ruleUnder(m, model.subject, 'bold', 14, WIDTH);
  flow.add({ kind: 'rule', x: LEFT + (WIDTH - rule) / 2, y: flow.y + 4, width: rule });
  flow.space(4);
  flow.space(10);
  if (model.provisionalNote) {
    flow.y = column(m, flow, LEFT, WIDTH, flow.y, [{ text: model.provisionalNote, font: 'boldItalic', size: 13 }]);
    flow.space(6);
  }
}

/** A body block measured: a paragraph or heading broken into lines, with the space above it. */
interface LaidBlock {
  keeps: boolean;
  before: number;
  laid: LaidText;
}

/** How many lines of the block after a heading go on the heading's page. */
const KEEP_LINES = 2;

const notesOf = (lines: Line[]) => lines.flatMap((l) => l.notes);

/**
 * The room the start of `item` needs on a page: its first lines (and their footnotes), or the table's
 * kept part; the closing sentence (`tail` given) needs all its lines and the closing block under it.
 */
function opening(item: LaidBlock | undefined, tail?: number): { height: number; notes: number[] } {
  if (!item) return { height: 0, notes: [] };
  const lines = tail === undefined ? item.laid.lines.slice(0, KEEP_LINES) : item.laid.lines;
  return { height: item.before + lines.length * item.laid.lineHeight + (tail === undefined ? 0 : PARA_AFTER + tail), notes: notesOf(lines) };
}

/**
 * The body, page after page. A run of blocks that keep with the next (headings) starts a page unless
 * it fits together with the first lines of what follows it, so no heading ends a page; the closing
 * sentence starts a page unless it fits together with the recipients and the signature (`tail`).
 */
function body(m: Measure, flow: PageFlow, blocks: Block[], tail: number): void {
  const items = blocks.map((block): LaidBlock => {
    const heading = block.kind === 'heading';
    const laid = breakLines(m, inlineRuns(block.runs, BODY_SIZE, heading), { size: BODY_SIZE, width: WIDTH, align: 'justify', firstIndent: FIRST_LINE });
    return { keeps: keepsWithNext(block), before: heading && block.level === 1 ? 6 : 0, laid };
  });
  items.forEach((item, i) => {
    let need: { height: number; notes: number[] } | null = null;
    if (item.keeps && !items[i - 1]?.keeps) {
      let j = i;
      const chain = { height: 0, notes: [] as number[] };
      for (; items[j]?.keeps; j++) {
        const k = items[j]!;
        chain.height += (j > i ? k.before : 0) + textHeight(k.laid) + PARA_AFTER;
        chain.notes.push(...notesOf(k.laid.lines));
      }
      const next = opening(items[j], j === items.length - 1 ? tail : undefined);
      need = { height: chain.height + next.height, notes: [...chain.notes, ...next.notes] };
    } else if (i === items.length - 1) {
      need = opening({ ...item, before: 0 }, tail);
    }
    flow.space(item.before);
    if (need && flow.y > PAGE.top && !flow.fits(need.height, need.notes)) flow.newPage();
    flow.paragraph(item.laid);
    flow.space(PARA_AFTER);
  });
}

const CLOSING_GAP = 12;

/** Recipients on the left, the signature block on the right with room to sign: its height, and how to place it on one page (returning the room to sign). */
function closing(m: Measure, model: ReportModel): { height: number; place(flow: PageFlow): PdfRect } {
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
  const heightOf = (ls: LaidText[]) => ls.reduce((a, l) => a + textHeight(l), 0);
  const height = Math.max(heightOf(left), heightOf(right) + gap + heightOf([name]));
  return {
    height: CLOSING_GAP + height,
    place(flow) {
      flow.space(CLOSING_GAP);
      const top = flow.place(height);
      let y = top;
      for (const l of left) y = flow.stack(l, LEFT, y);
      y = top;
      for (const l of right) y = flow.stack(l, rightX, y);
      flow.stack(name, rightX, y + gap);
      return pdfRect(flow.pageIndex, rightX, y, rightW, gap);
    },
  };
}

/** Form 06 on a page of its own after Nơi nhận: the form's number, "Phụ lục", its title, period and reference, then the table. */
function appendix(m: Measure, flow: PageFlow, { heading, reference, table }: ReportModel['appendix']): void {
  flow.newPage();
  // A table that is no official form (the province's table of agencies) has no form lines: its heading opens the page.
  if (table.form) {
    for (const l of [breakPlain(m, table.form, 'bold', 12, WIDTH, 'right'), breakPlain(m, table.formBasis, 'italic', 11, WIDTH, 'right')]) flow.paragraph(l);
    flow.space(8);
  }
  flow.y = column(m, flow, LEFT, WIDTH, flow.y, [
    { text: heading, font: 'bold', size: 14 },
    { text: table.title, font: 'bold', size: 13 },
    { text: table.period, font: 'italic', size: 13 },
    { text: reference, font: 'italic', size: 13 },
  ]);
  const rule = ruleUnder(m, reference, 'italic', 13, WIDTH);
  flow.add({ kind: 'rule', x: LEFT + (WIDTH - rule) / 2, y: flow.y + 5, width: rule });
  flow.space(14);
  layoutForm06Table(m, table).place(flow);
}

const MARK = { text: 'DỰ THẢO', size: 13, pad: 4 };

/** "DỰ THẢO" framed at the right of the top margin of each page of a draft (REPORT.md, "Draft, appendix, page breaks"). */
function draftMark(m: Measure, page: LaidPage): void {
  const width = m('bold', MARK.size, MARK.text) + 2 * MARK.pad;
  const height = MARK.size * SINGLE_LINE + MARK.pad;
  const x = LEFT + WIDTH - width;
  const y = (PAGE.top - height) / 2;
  const run: PlacedRun = { text: MARK.text, font: 'bold', size: MARK.size, x: x + MARK.pad, y: y + height / 2 - (MARK.size * ASCENT) / 2 - 1, wordSpacing: 0 };
  page.items.push({ kind: 'cell', x, y, width, height, lines: [{ runs: [run], notes: [] }] });
}

/** The report laid out: its pages, and its slots for the clerk's number and date and the signatures. */
export interface LaidReport {
  pages: LaidPage[];
  slots: PdfSlots;
}

/** The report's pages, measured with `m`. */
export function layoutReport(model: ReportModel, m: Measure): LaidReport {
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
  const flow = new PageFlow(m, notes);
  const fields = letterhead(m, flow, model);
  titleBlock(m, flow, model);
  const end = closing(m, model);
  body(m, flow, model.body, end.height);
  const signature = end.place(flow);
  for (const a of [model.appendix, ...model.moreAppendices]) appendix(m, flow, a);
  const pages = flow.finish();
  if (model.stage === 'draft') for (const page of pages) draftMark(m, page);
  return { pages, slots: { ...fields, signature, fontSize: FIELD_SIZE } };
}
