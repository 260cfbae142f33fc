// The form-06 table laid out for the PDF: cells with their spans, row heights from the cells' lines,
// the units' line, head and first row kept together, the head repeated on every page the table runs to, the note under it.
import type { Form06Table, TableCell } from '#domain/report-model.ts';
import type { FontStyle } from './fonts.ts';
import { PARA_AFTER, SINGLE_LINE, breakLines, breakPlain, setLines, textHeight, type Align, type LaidText, type Measure, type PlacedLine } from './pdf-lines.ts';
import { LEFT, WIDTH, type PageFlow } from './pdf-pages.ts';

const TABLE_SIZE = 10;
const CELL_PAD = 2;

interface GridCell {
  text: string;
  col: number;
  colSpan: number;
  rowSpan: number;
  row: number;
  font: FontStyle;
  align: Align;
}

/** Cells laid out for their columns, with the height of each row. */
interface LaidRows {
  cells: GridCell[];
  heights: number[];
  laid: Map<GridCell, LaidText>;
}

function layoutRows(m: Measure, cells: GridCell[], rows: number, xs: number[], size = TABLE_SIZE): LaidRows {
  const laid = new Map<GridCell, LaidText>();
  const heights = Array.from({ length: rows }, () => 0);
  for (const c of cells) {
    const width = xs[c.col + c.colSpan]! - xs[c.col]! - 2 * CELL_PAD;
    const l = breakPlain(m, c.text, c.font, size, width, c.align);
    laid.set(c, l);
    if (c.rowSpan === 1) heights[c.row] = Math.max(heights[c.row]!, textHeight(l) + 2 * CELL_PAD);
  }
  // A cell spanning rows that needs more room than they give grows the last of them.
  for (const c of cells) {
    if (c.rowSpan === 1) continue;
    const need = textHeight(laid.get(c)!) + 2 * CELL_PAD;
    const have = heights.slice(c.row, c.row + c.rowSpan).reduce((a, b) => a + b, 0);
    if (need > have) heights[c.row + c.rowSpan - 1]! += need - have;
  }
  return { cells, heights, laid };
}

/** Adds the rows' cells to the page with their top at `top`, each cell's lines centred in it vertically. */
function addCells(m: Measure, flow: PageFlow, rows: LaidRows, xs: number[], top: number): void {
  const ys = [top];
  for (const h of rows.heights) ys.push(ys.at(-1)! + h);
  for (const c of rows.cells) {
    const x = xs[c.col]!;
    const y = ys[c.row]!;
    const width = xs[c.col + c.colSpan]! - x;
    const height = ys[c.row + c.rowSpan]! - y;
    const l = rows.laid.get(c)!;
    const lines: PlacedLine[] = [];
    setLines(m, l, x + CELL_PAD, y + (height - textHeight(l)) / 2, lines);
    flow.add({ kind: 'cell', x, y, width, height, lines });
  }
}

/** Gives each cell its column, skipping the places taken by cells spanning down from rows above. */
function placeRow(cells: TableCell[], row: number, covered: Set<string>, font: (col: number) => FontStyle, align: (col: number) => Align): GridCell[] {
  const out: GridCell[] = [];
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

/** The table measured: the height it needs on its first page (the units' line, head and first row, kept together), and how to place it. */
export interface LaidForm06 {
  keepHeight: number;
  place(flow: PageFlow): void;
}

export function layoutForm06Table(m: Measure, table: Form06Table): LaidForm06 {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const xs = [LEFT];
  for (const w of table.widths) xs.push(xs.at(-1)! + (w * WIDTH) / total);
  const covered = new Set<string>();
  const headCells = table.head.flatMap((cells, r) => placeRow(cells, r, covered, () => (r < table.head.length - 1 ? 'bold' : 'italic'), () => 'center'));
  const head = layoutRows(m, headCells, table.head.length, xs, TABLE_SIZE - 1);
  const headHeight = head.heights.reduce((a, b) => a + b, 0);
  const numberAlign = (col: number): Align => (col === 0 ? 'center' : col === 1 ? 'left' : 'right');
  const rows = [
    ...table.body.map((cells, r) => placeRow(cells.map((text) => ({ text })), 0, new Set(), () => (table.groupRows?.includes(r) ? 'bold' : 'regular'), numberAlign)),
    placeRow(table.total, 0, new Set(), () => 'bold', (col) => (col === 0 ? 'center' : 'right')),
  ].map((cells) => layoutRows(m, cells, 1, xs));

  // The reporting unit at the left and the unit at the right of one line, above the head.
  const unitW = m('italic', 12, table.unit) + 1;
  const reporting = breakPlain(m, table.reportingUnit, 'regular', 12, WIDTH - unitW - 12, 'left');
  const unit = breakPlain(m, table.unit, 'italic', 12, unitW, 'right');
  const note = breakLines(m, [{ text: table.note, font: 'italic', size: 11 }], { size: 11, width: WIDTH, align: 'justify', lineFactor: SINGLE_LINE });
  const keepHeight = textHeight(reporting) + 2 + headHeight + rows[0]!.heights[0]!;
  const place = (flow: PageFlow) => {
    // The units' line, the head and the first row stay together.
    if (!flow.fits(keepHeight)) flow.newPage();
    const unitTop = flow.place(textHeight(reporting));
    flow.stack(reporting, LEFT, unitTop);
    flow.stack(unit, LEFT + WIDTH - unitW, unitTop);
    flow.space(2);
    const addHead = () => addCells(m, flow, head, xs, flow.place(headHeight));
    addHead();
    for (const row of rows) {
      const h = row.heights[0]!;
      if (!flow.fits(h)) {
        flow.newPage();
        addHead();
      }
      addCells(m, flow, row, xs, flow.place(h));
    }
    flow.space(PARA_AFTER);
    flow.paragraph(note);
  };
  return { keepHeight, place };
}
