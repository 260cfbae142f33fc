// Tinos metrics as pdfkit reads them: the PDF measures its lines with them, and the DOCX the widths it
// must work out itself (the rules under the subject and the appendix heading, Decree 30/2020/NĐ-CP Annex I).
import PDFDocument from 'pdfkit';
import { reportFonts, type FontStyle } from './fonts.ts';
import { breakPlain, type Measure } from './pdf-lines.ts';

/** A pdfkit document with the Tinos faces registered by style name. */
export function tinosDocument(options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  // No default font: pdfkit would load its Helvetica AFM from disk (absent from a bundle). Passing
  // a Tinos buffer instead makes pdfkit re-open the font on every switch to the same face.
  const doc = new PDFDocument({ size: 'A4', margin: 0, ...options, font: null as unknown as string });
  for (const [style, data] of Object.entries(reportFonts())) doc.registerFont(style, data);
  return doc;
}

/**
 * The widths `doc` gives, cached: layout asks for the same words and spaces many times. Measuring
 * first opens each face in pdfkit (which numbers the fonts F1, F2… in that order), so a layout must
 * measure before anything is drawn.
 */
export function pdfkitMeasure(doc: PDFKit.PDFDocument): Measure {
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

/**
 * The rule under the subject line (trích yếu), and under an appendix's heading: "độ dài bằng từ 1/3
 * đến 1/2 độ dài của dòng chữ" (Decree 30/2020/NĐ-CP, Annex I, on the trích yếu; from memory: no copy
 * of the text was at hand): 0.4 of the longest line of `text` as broken to `width`.
 */
export function ruleUnder(m: Measure, text: string, font: FontStyle, size: number, width: number): number {
  const laid = breakPlain(m, text, font, size, width, 'center');
  return 0.4 * Math.max(...laid.lines.map((l) => l.width));
}
