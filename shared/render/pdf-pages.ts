// Pagination for the PDF: content placed top to bottom, page after page, with each page's footnotes
// at its foot. Room for a footnote is reserved as the line that cites it is placed, so a footnote
// always lands on the page of its mark; a footnote is never split or carried to the next page.
import { ASCENT, setLine, setLines, textHeight, type LaidText, type Measure, type PlacedLine, type PlacedRun } from './pdf-lines.ts';

const MM = 72 / 25.4;
/** A4 with the Decree 30 margins: top and bottom 20 mm, left 30 mm, right 15 mm. */
export const PAGE = { width: 595.28, height: 841.89, top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
export const LEFT = PAGE.left;
export const WIDTH = PAGE.width - PAGE.left - PAGE.right;
export const BOTTOM = PAGE.height - PAGE.bottom;
const NOTE_GAP = 10; // the footnote separator and the space around it
const PAGE_NUMBER_SIZE = 13;

/** A horizontal rule from (x, y), `width` long. */
export interface Rule {
  x: number;
  y: number;
  width: number;
}

/** What a page holds, in the order it is drawn. */
export type PageItem =
  | ({ kind: 'line' } & PlacedLine)
  | ({ kind: 'rule' } & Rule)
  /** a table cell: its border box and its lines */
  | { kind: 'cell'; x: number; y: number; width: number; height: number; lines: PlacedLine[] };

interface PageFootnotes {
  rule: Rule;
  notes: { n: number; lines: PlacedLine[] }[];
}

export interface LaidPage {
  /** 1-based */
  number: number;
  /** centred in the top margin from page 2 on, as the DOCX's header */
  pageNumber: PlacedRun | null;
  items: PageItem[];
  footnotes: PageFootnotes | null;
}

const noteHeight = (laid: LaidText) => textHeight(laid) + 1; // 1 pt between footnotes

/** Places content top to bottom, page after page, with each page's footnotes at its foot. */
export class PageFlow {
  y = PAGE.top;
  private readonly pages: LaidPage[] = [{ number: 1, pageNumber: null, items: [], footnotes: null }];
  private pageNotes: { n: number; laid: LaidText }[] = [];
  private notesHeight = 0;

  /** `notes`: each footnote's text broken to the page width. */
  constructor(
    private readonly m: Measure,
    private readonly notes: Map<number, LaidText>,
  ) {}

  private get page(): LaidPage {
    return this.pages.at(-1)!;
  }

  /** 0-based index of the page being filled. */
  get pageIndex(): number {
    return this.pages.length - 1;
  }

  /** The room footnotes `ns` take; the first footnote of a page brings the separator. */
  private heightOf(ns: number[]): number {
    const h = ns.reduce((a, n) => a + noteHeight(this.notes.get(n)!), 0);
    return h > 0 && this.pageNotes.length === 0 ? h + NOTE_GAP : h;
  }

  /** Whether `height` of content, and the footnotes `ns` it cites, still fit on this page. */
  fits(height: number, ns: number[] = []): boolean {
    return this.y + height + this.notesHeight + this.heightOf(ns) <= BOTTOM + 0.01;
  }

  /** Room for `height` (and the footnotes cited in it) on this page, else a new page; returns the top. */
  place(height: number, ns: number[] = []): number {
    if (!this.fits(height, ns) && this.y > PAGE.top) this.newPage();
    this.notesHeight += this.heightOf(ns);
    for (const n of ns) this.pageNotes.push({ n, laid: this.notes.get(n)! });
    const top = this.y;
    this.y += height;
    return top;
  }

  space(height: number): void {
    this.y = Math.min(this.y + height, BOTTOM);
  }

  add(...items: PageItem[]): void {
    this.page.items.push(...items);
  }

  /** How many of `laid`'s lines from `from` on fit on this page, with the footnotes they cite. */
  private fitting(laid: LaidText, from: number): number {
    let height = 0;
    const notes: number[] = [];
    let k = 0;
    for (const line of laid.lines.slice(from)) {
      height += laid.lineHeight;
      notes.push(...line.notes);
      if (!this.fits(height, notes)) break;
      k++;
    }
    return k;
  }

  /**
   * A paragraph at the left margin: its lines may run on to the next page, but never one line alone
   * at a page's foot (an orphan: the first line goes over too) or at its head (a widow: one more
   * line goes over with it).
   */
  paragraph(laid: LaidText): void {
    const n = laid.lines.length;
    let i = 0;
    while (i < n) {
      let take = this.fitting(laid, i);
      if (take < n - i) {
        if (n - i - take === 1) take--;
        if (i === 0 && take === 1) take = 0;
      }
      if (take <= 0) {
        if (this.y > PAGE.top) {
          this.newPage();
          continue;
        }
        take = 1; // a page holds less than two lines: nothing better to do
      }
      for (const line of laid.lines.slice(i, i + take)) this.add({ kind: 'line', ...setLine(this.m, laid, line, LEFT, this.place(laid.lineHeight, line.notes)) });
      i += take;
      if (i < n) this.newPage();
    }
  }

  /** Lines at a fixed place, one under the other (letterhead, signature): not paginated. Returns the y under them. */
  stack(laid: LaidText, x: number, top: number): number {
    const lines: PlacedLine[] = [];
    const y = setLines(this.m, laid, x, top, lines);
    this.add(...lines.map((l) => ({ kind: 'line' as const, ...l })));
    return y;
  }

  newPage(): void {
    this.closePage();
    const number = this.page.number + 1;
    const label = String(number);
    const w = this.m('regular', PAGE_NUMBER_SIZE, label);
    const pageNumber = { text: label, font: 'regular', size: PAGE_NUMBER_SIZE, x: LEFT + (WIDTH - w) / 2, y: PAGE.top / 2 - PAGE_NUMBER_SIZE * ASCENT / 2, wordSpacing: 0 } as const;
    this.pages.push({ number, pageNumber, items: [], footnotes: null });
    this.y = PAGE.top;
  }

  /** The pages, the last one closed with its footnotes. */
  finish(): LaidPage[] {
    this.closePage();
    return this.pages;
  }

  /** Sets this page's footnotes at its foot, under a short rule. */
  private closePage(): void {
    if (this.pageNotes.length === 0) return;
    let y = BOTTOM - this.notesHeight + NOTE_GAP / 2;
    const rule = { x: LEFT, y: y - 2, width: WIDTH / 3 };
    y += NOTE_GAP / 2;
    const notes = this.pageNotes.map(({ n, laid }) => {
      const lines: PlacedLine[] = [];
      y = setLines(this.m, laid, LEFT, y, lines) + 1;
      return { n, lines };
    });
    this.page.footnotes = { rule, notes };
    this.pageNotes = [];
    this.notesHeight = 0;
  }
}
