// The text of a rendered report, for assertions: DOCX paragraphs from word/document.xml and
// word/footnotes.xml (via fflate), PDF page text through pdfjs-dist's legacy build.
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each <w:p> of a WordprocessingML part, runs joined. */
export const xmlText = (xml: string): string[] =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));

/** The paragraphs of word/document.xml and the text of each footnote of word/footnotes.xml, by id (separators left out). */
export function docxText(docx: Uint8Array): { paragraphs: string[]; footnotes: Map<number, string> } {
  const files = unzipSync(docx);
  const paragraphs = xmlText(strFromU8(files['word/document.xml']!));
  const footnotes = new Map<number, string>();
  const notes = files['word/footnotes.xml'];
  if (notes) {
    for (const m of strFromU8(notes).matchAll(/<w:footnote\b[^>]*w:id="(\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)) {
      const id = Number(m[1]);
      if (id > 0) footnotes.set(id, xmlText(m[2]!).join(' ').trim());
    }
  }
  return { paragraphs, footnotes };
}

export interface PdfItem {
  str: string;
  x: number;
  /** the baseline, from the page's foot */
  y: number;
  width: number;
  size: number;
}

/** The text items of each page, in content order. */
export async function pageItems(pdf: Uint8Array): Promise<PdfItem[][]> {
  const doc = await getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PdfItem[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items.flatMap((item) =>
        'str' in item ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, size: item.transform[0] as number }] : [],
      ),
    );
  }
  await doc.destroy();
  return pages;
}

/** Items joined with a space where they sit apart or on another line. */
function joinItems(items: PdfItem[]): string {
  let text = '';
  let last: { x: number; y: number } | null = null;
  for (const item of items) {
    if (last && (Math.abs(item.y - last.y) > 3 || item.x - last.x > 1)) text += ' ';
    text += item.str;
    last = { x: item.x + item.width, y: item.y };
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** The text of each page. */
export async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  return (await pageItems(pdf)).map(joinItems);
}

/** A printed line: its text, the largest font size on it, where it starts and its baseline (from the page's foot). */
export interface PdfLine {
  text: string;
  size: number;
  x: number;
  y: number;
}

/** The lines of each page from top to bottom; items on one baseline (a raised footnote mark included) make one line. */
export async function pageLines(pdf: Uint8Array): Promise<PdfLine[][]> {
  return (await pageItems(pdf)).map((items) => {
    const rows: PdfItem[][] = [];
    for (const item of items.filter((i) => i.str.trim() !== '')) {
      const row = rows.find((r) => Math.abs(r[0]!.y - item.y) < 4);
      if (row) row.push(item);
      else rows.push([item]);
    }
    return rows
      .map((row) => row.sort((a, b) => a.x - b.x))
      .map((row) => ({ text: joinItems(row), size: Math.max(...row.map((i) => i.size)), x: row[0]!.x, y: Math.max(...row.map((i) => i.y)) }))
      .sort((a, b) => b.y - a.y);
  });
}
