// The report laid out on PDF pages with the Decree 30/2020/NĐ-CP layout of the DOCX: letterhead,
// title, body with the form-06 table, recipients and signature, footnotes at the foot of the page
// that cites them. Pure: widths come from `m`; the result is plain data that pdf.ts draws.
import { keepsWithNext, type Block, type Inline, type ReportModel } from '#domain/report-model.ts';
import type { FontStyle } from './fonts.ts';
import { PARA_AFTER, SINGLE_LINE, breakLines, breakPlain, fontOf, textHeight, type LaidText, type Line, type Measure, type Run } from './pdf-lines.ts';
import { LEFT, PAGE, PageFlow, WIDTH, type LaidPage } from './pdf-pages.ts';
import { layoutForm06Table, type LaidForm06 } from './pdf-table.ts';

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

function letterhead(m: Measure, flow: PageFlow, model: ReportModel): void {
  const h = model.header;
  const rightX = LEFT + HEADER_LEFT;
  const rightW = WIDTH - HEADER_LEFT;
  let yl = column(m, flow, LEFT, HEADER_LEFT, PAGE.top, [
    { text: h.parentBody, font: 'regular', size: 13 },
    { text: h.agencyName, font: 'bold', size: 13 },
  ]);
  flow.add({ kind: 'rule', x: LEFT + (HEADER_LEFT - 80) / 2, y: yl + 3, width: 80 });
  let yr = column(m, flow, rightX, rightW, PAGE.top, [
    { text: h.nation, font: 'bold', size: 12 },
    { text: h.motto, font: 'bold', size: 13 },
  ]);
  const mottoWidth = m('bold', 13, h.motto);
  flow.add({ kind: 'rule', x: rightX + (rightW - mottoWidth) / 2, y: yr + 3, width: mottoWidth });
  const row2 = Math.max(yl, yr) + 10;
  yl = column(m, flow, LEFT, HEADER_LEFT, row2, [{ text: h.number, font: 'regular', size: 13 }]);
  yr = column(m, flow, rightX, rightW, row2, [{ text: h.dateLine, font: 'italic', size: 14 }]);
  flow.y = Math.max(yl, yr);
}

function titleBlock(m: Measure, flow: PageFlow, model: ReportModel): void {
  flow.space(18);
  flow.y = column(m, flow, LEFT, WIDTH, flow.y, [
    { text: model.title, font: 'bold', size: 14 },
    { text: model.subject, font: 'bold', size: 14 },
  ]);
  flow.add({ kind: 'rule', x: LEFT + (WIDTH - 110) / 2, y: flow.y + 4, width: 110 });
  flow.space(4);
  flow.space(10);
  if (model.provisionalNote) {
    flow.y = column(m, flow, LEFT, WIDTH, flow.y, [{ text: model.provisionalNote, font: 'boldItalic', size: 13 }]);
    flow.space(6);
  }
}

/** A body block measured: a paragraph or heading broken into lines, with the space above it, or the form-06 table. */
type LaidBlock = { kind: 'text'; keeps: boolean; before: number; laid: LaidText } | { kind: 'table'; keeps: false; table: LaidForm06 };

/** How many lines of the block after a heading go on the heading's page. */
const KEEP_LINES = 2;

const notesOf = (lines: Line[]) => lines.flatMap((l) => l.notes);

/**
 * The room the start of `item` needs on a page: its first lines (and their footnotes), or the table's
 * kept part; the closing sentence (`tail` given) needs all its lines and the closing block under it.
 */
function opening(item: LaidBlock | undefined, tail?: number): { height: number; notes: number[] } {
  if (!item) return { height: 0, notes: [] };
  if (item.kind === 'table') return { height: item.table.keepHeight, notes: [] };
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
    if (block.kind === 'table') return { kind: 'table', keeps: false, table: layoutForm06Table(m, block.table) };
    const heading = block.kind === 'heading';
    const laid = breakLines(m, inlineRuns(block.runs, BODY_SIZE, heading), { size: BODY_SIZE, width: WIDTH, align: 'justify', firstIndent: FIRST_LINE });
    return { kind: 'text', keeps: keepsWithNext(block), before: heading && block.level === 1 ? 6 : 0, laid };
  });
  items.forEach((item, i) => {
    if (item.kind === 'table') {
      item.table.place(flow);
      return;
    }
    let need: { height: number; notes: number[] } | null = null;
    if (item.keeps && !items[i - 1]?.keeps) {
      let j = i;
      const chain = { height: 0, notes: [] as number[] };
      for (; items[j]?.keeps; j++) {
        const k = items[j] as Extract<LaidBlock, { kind: 'text' }>;
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

/** Recipients on the left, the signature block on the right with room to sign: its height, and how to place it on one page. */
function closing(m: Measure, model: ReportModel): { height: number; place(flow: PageFlow): void } {
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
    },
  };
}

/** The report's pages, measured with `m`. */
export function layoutReport(model: ReportModel, m: Measure): LaidPage[] {
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
  letterhead(m, flow, model);
  titleBlock(m, flow, model);
  const end = closing(m, model);
  body(m, flow, model.body, end.height);
  end.place(flow);
  return flow.finish();
}
