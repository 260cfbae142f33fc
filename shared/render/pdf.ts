// The report as a PDF for signing and sending, from the same model as the DOCX, with the same
// Decree 30/2020/NĐ-CP layout. pdf-layout.ts lays the pages out (line breaking, justification,
// pagination, footnotes on the page that cites them); this module draws them with pdfkit.
// Deterministic: fixed document dates (pdfkit derives the file /ID from them), no clock reads.
// Returns the slots of pdf-slots.ts beside the bytes: the signing layer draws into them.
import type { ReportModel } from '#domain/report-model.ts';
import { pdfkitMeasure, tinosDocument } from './measure.ts';
import { layoutReport } from './pdf-layout.ts';
import type { PlacedLine, PlacedRun } from './pdf-lines.ts';
import type { LaidPage, Rule } from './pdf-pages.ts';
import type { RenderedPdf } from './pdf-slots.ts';

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

/** The report as a PDF, with the slots where the clerk's number and date and the signatures' images go. */
export async function renderPdf(model: ReportModel): Promise<RenderedPdf> {
  const date = new Date(model.issuedAt);
  const doc = tinosDocument({
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
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const { pages, slots } = layoutReport(model, pdfkitMeasure(doc));
  drawPages(doc, pages);
  doc.end();
  await done;
  const out = Buffer.concat(chunks);
  return { bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), slots };
}
