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

/** The text of each page: items joined with a space where they sit apart or on another line. */
export async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    let text = '';
    let last: { x: number; y: number } | null = null;
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [x, y] = [item.transform[4] as number, item.transform[5] as number];
      if (last && (Math.abs(y - last.y) > 3 || x - last.x > 1)) text += ' ';
      text += item.str;
      last = { x: x + item.width, y };
    }
    pages.push(text.replace(/\s+/g, ' ').trim());
  }
  await doc.destroy();
  return pages;
}
