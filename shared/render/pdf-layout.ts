// The report laid out on PDF pages with the Decree 30/2020/NĐ-CP layout of the DOCX: letterhead,
// title, body with the form-06 table, recipients and signature, footnotes at the foot of the page
// that cites them. Pure: widths come from `m`; the result is plain data that pdf.ts draws.
import type { Block, Inline, ReportModel } from '#domain/report-model.ts';
import type { FontStyle } from './fonts.ts';
import { LINE, PARA_AFTER, SINGLE_LINE, breakLines, breakPlain, fontOf, textHeight, type LaidText, type Measure, type Run } from './pdf-lines.ts';
import { LEFT, PAGE, PageFlow, WIDTH, type LaidPage } from './pdf-pages.ts';
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

function body(m: Measure, flow: PageFlow, blocks: Block[]): void {
  const bodyLine = BODY_SIZE * LINE;
  for (const block of blocks) {
    if (block.kind === 'table') {
      layoutForm06Table(m, flow, block.table);
      continue;
    }
    const heading = block.kind === 'heading';
    const laid = breakLines(m, inlineRuns(block.runs, BODY_SIZE, heading), { size: BODY_SIZE, width: WIDTH, align: 'justify', firstIndent: FIRST_LINE });
    if (heading) {
      if (block.level === 1) flow.space(6);
      // A heading is not left alone at the foot of a page: it needs room for two body lines under it.
      if (!flow.fits(textHeight(laid) + PARA_AFTER + 2 * bodyLine)) flow.newPage();
    }
    flow.paragraph(laid);
    flow.space(PARA_AFTER);
  }
}

/** Recipients on the left, the signature block on the right with room to sign, kept on one page. */
function closing(m: Measure, flow: PageFlow, model: ReportModel): void {
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
  flow.space(12);
  const top = flow.place(height);
  let y = top;
  for (const l of left) y = flow.stack(l, LEFT, y);
  y = top;
  for (const l of right) y = flow.stack(l, rightX, y);
  flow.stack(name, rightX, y + gap);
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
  body(m, flow, model.body);
  closing(m, flow, model);
  return flow.finish();
}
