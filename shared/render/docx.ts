// The report as an editable Word file (Decree 30/2020/NĐ-CP, Appendix I layout), from the report model.
// Output is byte-identical for the same model: see `reproducible` below.
import {
  AlignmentType,
  BorderStyle,
  Document,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  TabStopType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { keepsWithNext, type Block, type Inline, type ReportModel } from '#domain/report-model.ts';
import { pdfkitMeasure, ruleUnder, tinosDocument } from './measure.ts';
import type { Measure } from './pdf-lines.ts';
import { repackZip } from './zip-repack.ts';

const FONT = 'Times New Roman';
const mm = (v: number) => Math.round((v * 1440) / 25.4); // twips
const pt = (v: number) => v * 20; // twips

// A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm.
const PAGE = { width: 11906, height: 16838, top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
// 210 pt holds the agency's name in 13 pt bold capitals and the rest the national name in 12 pt bold.
const HEADER_COLUMNS = [pt(210), TEXT_WIDTH - pt(210)];
const CELL_PAD = pt(2);
const FIRST_LINE = 720; // 1.27 cm
const BODY_SPACING = { before: 0, after: pt(6), line: 264 }; // 1.1 lines, 6 pt after

interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
}

const run = (text: string, style: RunStyle) =>
  new TextRun({ text, font: FONT, size: style.size * 2, bold: style.bold ?? false, italics: style.italics ?? false });

function inlineRuns(runs: Inline[], size: number, base: { bold?: boolean } = {}): ParagraphChild[] {
  return runs.map((r) =>
    r.kind === 'note'
      ? new FootnoteReferenceRun(r.n)
      : run(r.text, { size, bold: base.bold || r.bold, italics: r.italic }),
  );
}

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };

/** A rule of `width` twips centred in a box `boxWidth` wide: an empty paragraph with a top border. */
function rule(width: number, boxWidth: number, spacingAfter = 0): Paragraph {
  const side = Math.max(0, Math.round((boxWidth - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    border: { top: LINE },
    // A little air, or the rule touches the descenders of the line above it.
    spacing: { before: pt(3), after: spacingAfter, line: 240 },
    children: [run('', { size: 2 })],
  });
}

const centred = (text: string, style: RunStyle, after = 0) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after, line: 240 }, children: [run(text, style)] });

function plainCell(width: number, children: Paragraph[], pad: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 0, bottom: 0, left: pad, right: pad },
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
    children,
  });
}

function borderless(columns: number[], rows: Paragraph[][][], pad = CELL_PAD): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    // A row never splits across pages: the signature block and Nơi nhận stay whole (REPORT.md, "page breaks").
    rows: rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((c, i) => plainCell(columns[i]!, c, pad)) })),
  });
}

function letterhead(model: ReportModel): Table {
  const h = model.header;
  const [left, right] = HEADER_COLUMNS as [number, number];
  return borderless(HEADER_COLUMNS, [
    [
      [...(h.parentBody === null ? [] : [centred(h.parentBody, { size: 13 })]), ...h.agencyName.map((line) => centred(line, { size: 13, bold: true })), rule(pt(80), left)],
      [centred(h.nation, { size: 12, bold: true }), centred(h.motto, { size: 13, bold: true }), rule(pt(160), right)],
    ],
    [
      [centred(h.number, { size: 13 })],
      // 13 pt as the number, the size the clerk's number and date are drawn at in the PDF's blanks.
      [centred(h.dateLine, { size: 13, italics: true })],
    ],
  ], 0);
}

// Headings are Word's own Heading 1–3 (part "I.", section "1.", staff sub-heading "a)"), so the
// navigation pane and a table of contents find them, styled as the body prints them: Times New
// Roman 14 pt bold, black, justified with the first-line indent, kept with the next paragraph.
const HEADING_LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const headingSpacing = (level: 1 | 2 | 3) => ({ ...BODY_SPACING, before: level === 1 ? pt(6) : 0 });

const headingStyle = (level: 1 | 2 | 3) => ({
  run: { font: FONT, size: 28, bold: true, color: '000000' },
  paragraph: {
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: headingSpacing(level),
    keepNext: true,
    keepLines: true,
    outlineLevel: level - 1,
  },
});

/** `keepNext`: the paragraph stays on the page of the one after it (headings, run-in headings, the closing sentence). */
function bodyParagraph(block: Exclude<Block, { kind: 'table' }>, keepNext: boolean): Paragraph {
  const heading = block.kind === 'heading';
  return new Paragraph({
    ...(heading ? { heading: HEADING_LEVELS[block.level] } : {}),
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: heading ? headingSpacing(block.level) : BODY_SPACING,
    keepNext,
    children: inlineRuns(block.runs, 14, { bold: heading }),
  });
}

/** Form 06 as the appendix: a page of its own after Nơi nhận, headed "Phụ lục" (REPORT.md, "Draft, appendix, page breaks"). */
function appendix({ heading, reference, table }: ReportModel['appendix']): (Paragraph | Table)[] {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const widths = table.widths.map((w) => Math.floor((w * TEXT_WIDTH) / total));
  widths[1]! += TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  const border = { top: LINE, bottom: LINE, left: LINE, right: LINE };
  const cell = (text: string, col: number, opts: { colSpan?: number; rowSpan?: number; bold?: boolean; size?: number; align?: 'left' | 'center' | 'right' }) =>
    new TableCell({
      width: { size: widths.slice(col, col + (opts.colSpan ?? 1)).reduce((a, b) => a + b, 0), type: WidthType.DXA },
      margins: { top: pt(1), bottom: pt(1), left: pt(2), right: pt(2) },
      borders: border,
      verticalAlign: VerticalAlignTable.CENTER,
      ...(opts.colSpan ? { columnSpan: opts.colSpan } : {}),
      ...(opts.rowSpan ? { rowSpan: opts.rowSpan } : {}),
      children: [
        new Paragraph({
          alignment: opts.align === 'left' ? AlignmentType.LEFT : opts.align === 'right' ? AlignmentType.RIGHT : AlignmentType.CENTER,
          spacing: { before: 0, after: 0, line: 240 },
          children: [run(text, { size: opts.size ?? 10, bold: opts.bold })],
        }),
      ],
    });
  // Columns covered by a row span from the row above start later in the next row.
  const covered = new Map<number, Set<number>>();
  const headRows = table.head.map((cells, r) => {
    let col = 0;
    return new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: cells.map((c) => {
        while (covered.get(r)?.has(col)) col++;
        for (let k = 1; k < (c.rowSpan ?? 1); k++) {
          const set = covered.get(r + k) ?? new Set<number>();
          set.add(col);
          covered.set(r + k, set);
        }
        const made = cell(c.text, col, { colSpan: c.colSpan, rowSpan: c.rowSpan, bold: r < table.head.length - 1, size: 9 });
        col += c.colSpan ?? 1;
        return made;
      }),
    });
  });
  const bodyRows = table.body.map(
    (cells, r) =>
      new TableRow({
        cantSplit: true,
        children: cells.map((t, i) => cell(t, i, { align: i === 1 ? 'left' : i === 0 ? 'center' : 'right', bold: table.groupRows?.includes(r) })),
      }),
  );
  let col = 0;
  const totalRow = new TableRow({
    cantSplit: true,
    children: table.total.map((c) => {
      const made = cell(c.text, col, { colSpan: c.colSpan, bold: true, align: col === 0 ? 'center' : 'right' });
      col += c.colSpan ?? 1;
      return made;
    }),
  });
  // The form's number at the right, then "Phụ lục", the form's title, its period and the report it goes with, kept with the table.
  const lead = (text: string, style: RunStyle, alignment: (typeof AlignmentType)[keyof typeof AlignmentType], before = 0) =>
    new Paragraph({ alignment, spacing: { before, after: pt(2), line: 240 }, keepNext: true, children: [run(text, style)] });
  // A table that is no official form (the province's table of agencies) has no form lines: its heading opens the page.
  const formLines = table.form
    ? [
        new Paragraph({ alignment: AlignmentType.RIGHT, pageBreakBefore: true, spacing: { before: 0, after: pt(2), line: 240 }, keepNext: true, children: [run(table.form, { size: 12, bold: true })] }),
        lead(table.formBasis, { size: 11, italics: true }, AlignmentType.RIGHT),
      ]
    : [];
  return [
    ...formLines,
    table.form
      ? lead(heading, { size: 14, bold: true }, AlignmentType.CENTER, pt(8))
      : new Paragraph({ alignment: AlignmentType.CENTER, pageBreakBefore: true, spacing: { before: 0, after: pt(2), line: 240 }, keepNext: true, children: [run(heading, { size: 14, bold: true })] }),
    lead(table.title, { size: 13, bold: true }, AlignmentType.CENTER),
    lead(table.period, { size: 13, italics: true }, AlignmentType.CENTER),
    lead(reference, { size: 13, italics: true }, AlignmentType.CENTER),
    rule(pt(ruleUnder(tinos(), reference, 'italic', 13, TEXT_WIDTH / 20)), TEXT_WIDTH, pt(10)),
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      spacing: { before: pt(2), after: pt(3), line: 240 },
      keepNext: true,
      children: [run(table.reportingUnit, { size: 12 }), new TextRun({ font: FONT, size: 24, italics: true, children: [new Tab(), table.unit] })],
    }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [...headRows, ...bodyRows, totalRow],
    }),
    new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { before: pt(6), after: 0, line: 240 }, children: [run(table.note, { size: 11, italics: true })] }),
  ];
}

function closing(model: ReportModel): Table {
  const left = Math.round(TEXT_WIDTH * 0.45);
  const recipients = [
    new Paragraph({ spacing: { before: 0, after: 0, line: 240 }, children: [run(model.recipients.heading, { size: 12, bold: true, italics: true })] }),
    ...model.recipients.lines.map((l) => new Paragraph({ spacing: { before: 0, after: 0, line: 240 }, children: [run(l, { size: 11 })] })),
  ];
  const s = model.signature;
  const signature = [
    ...(s.authority ? [centred(s.authority, { size: 14, bold: true })] : []),
    centred(s.title, { size: 14, bold: true }),
    ...Array.from({ length: 5 }, () => centred('', { size: 14 })),
    centred(s.name, { size: 14, bold: true }),
  ];
  return borderless([left, TEXT_WIDTH - left], [[recipients, signature]]);
}

/** "DỰ THẢO" framed at the right of every page's header of a draft (REPORT.md, "Draft, appendix, page breaks"). */
const draftMark = (model: ReportModel): Paragraph[] =>
  model.stage === 'draft'
    ? [
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          spacing: { before: 0, after: 0, line: 240 },
          children: [new TextRun({ text: 'DỰ THẢO', font: FONT, size: 26, bold: true, border: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 } })],
        }),
      ]
    : [];

let measure: Measure | undefined;
/** Tinos metrics, for the widths Word cannot be told to work out (the rules under the subject and the appendix's heading). */
const tinos = (): Measure => (measure ??= pdfkitMeasure(tinosDocument()));

/**
 * docx stamps the packing time into docProps/core.xml and into the zip entries: the model's date
 * goes into the properties and the package is zipped again with a fixed entry time. (Its
 * relationship ids are sequential for what this renderer uses; the byte-identity test guards it.)
 */
const reproducible = (packed: Uint8Array, model: ReportModel): Uint8Array => repackZip(packed, model.issuedAt);

export async function renderDocx(model: ReportModel): Promise<Uint8Array> {
  const body: (Paragraph | Table)[] = [];
  body.push(letterhead(model));
  body.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: pt(18), after: 0, line: 240 },
      children: [run(model.title, { size: 14, bold: true })],
    }),
  );
  body.push(centred(model.subject, { size: 14, bold: true }, pt(2)));
  body.push(rule(pt(ruleUnder(tinos(), model.subject, 'bold', 14, TEXT_WIDTH / 20)), TEXT_WIDTH, pt(6)));
  if (model.provisionalNote) body.push(centred(model.provisionalNote, { size: 13, bold: true, italics: true }, pt(6)));
  model.body.forEach((block, i) => {
    // The last block, the closing sentence, stays with the recipients and the signature.
    body.push(bodyParagraph(block, keepsWithNext(block) || i === model.body.length - 1));
  });
  body.push(closing(model));
  for (const a of [model.appendix, ...model.moreAppendices]) body.push(...appendix(a));

  const footnotes = Object.fromEntries(
    model.footnotes.map((f) => [
      f.n,
      {
        children: [
          new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { before: 0, after: 0, line: 240 }, children: [run(f.text, { size: 10 })] }),
        ],
      },
    ]),
  );

  const doc = new Document({
    title: model.documentTitle,
    creator: model.author,
    lastModifiedBy: model.author,
    revision: 1,
    styles: {
      default: {
        document: { run: { font: FONT, size: 28 }, paragraph: { spacing: BODY_SPACING } },
        heading1: headingStyle(1),
        heading2: headingStyle(2),
        heading3: headingStyle(3),
      },
    },
    footnotes,
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(10), footer: mm(10) },
          },
        },
        headers: {
          first: new Header({ children: [...draftMark(model), new Paragraph({ children: [] })] }),
          default: new Header({
            children: [
              ...draftMark(model),
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ font: FONT, size: 26, children: [PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  const packed = await Packer.toBuffer(doc);
  return reproducible(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength), model);
}
