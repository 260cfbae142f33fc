// The report as a PDF for signing and sending, from the same model as the DOCX, with the same
// Decree 30/2020/NĐ-CP layout. pdf-layout.ts lays the pages out (line breaking, justification,
// pagination, footnotes on the page that cites them); this module draws them with pdfkit.
// Deterministic: fixed document dates (pdfkit derives the file /ID from them), no clock reads.
import PDFDocument from 'pdfkit';
import type { ReportModel } from '#domain/report-model.ts';
import { reportFonts } from './fonts.ts';
import { layoutReport } from './pdf-layout.ts';
import type { Measure, PlacedLine, PlacedRun } from './pdf-lines.ts';
import type { LaidPage, Rule } from './pdf-pages.ts';

/**
 * Tinos metrics as pdfkit reads them, cached: layout asks for the same words and spaces many times.
 * Measuring first opens each face in pdfkit (which numbers the fonts F1, F2… in that order), so the
 * layout must measure before anything is drawn — as layoutReport does.
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

function drawLines(doc: PDFKit.PDFDocument, lines: PlacedLine[]): void {
  for (const line of lines) for (const r of line.runs) drawRun(doc, r);
}

function drawRule(doc: PDFKit.PDFDocument, { x, y, width }: Rule): void {
  doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.6).strokeColor('black').stroke();
}

/** Each page in order, its content in the order laid out, its footnotes last. */
function drawPages(doc: PDFKit.PDFDocument, pages: LaidPage[]): void {
  pages.forEach((page, i) => {
    if (i > 0) doc.addPage({ size: 'A4', margin: 0 }); // pdfkit opened the first one itself
    if (page.pageNumber) drawRun(doc, page.pageNumber);
    for (const item of page.items) {
      if (item.kind === 'line') drawLines(doc, [item]);
      else if (item.kind === 'rule') drawRule(doc, item);
      else {
        doc.rect(item.x, item.y, item.width, item.height).lineWidth(0.5).strokeColor('black').stroke();
        drawLines(doc, item.lines);
      }
    }
    if (page.footnotes) {
      drawRule(doc, page.footnotes.rule);
      for (const note of page.footnotes.notes) drawLines(doc, note.lines);
    }
  });
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

  drawPages(doc, layoutReport(model, pdfkitMeasure(doc)));
  doc.end();
  await done;
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
