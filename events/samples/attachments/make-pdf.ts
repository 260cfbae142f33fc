// A small stand-in PDF for one cited document of the samples (skhcn-2023-H1.json), so local
// runs upload real files. Deterministic: the same document always gives the same bytes, and
// two documents that differ in anything cited (e.g. footnotes 5 and 11, one number for two
// sections) give different bytes, so they are not flagged as duplicates.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { AttachmentDocument } from '#domain/attachment.ts';
import { DOCUMENT_KIND_NAMES } from '#domain/document-kinds.ts';
import { startOfLocalDate } from '#domain/periods.ts';

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf');

export function makeAttachmentPdf(document: AttachmentDocument): Promise<Buffer> {
  const kindName = DOCUMENT_KIND_NAMES[document.kind];
  const title = `${kindName} số ${document.number}: ${document.subject}`;
  // A fixed creation date (the issue date) keeps the bytes, and the PDF's /ID, stable.
  const issued = new Date(startOfLocalDate(document.issuedOn));
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 57, bottom: 57, left: 85, right: 57 },
    info: { Title: title, Author: document.issuer ?? '', Subject: document.reformArea, CreationDate: issued, ModDate: issued },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const [year, month, day] = document.issuedOn.split('-');
  pdf.font(FONT_BOLD).fontSize(14).text(kindName.toUpperCase(), { align: 'center' });
  pdf.font(FONT).fontSize(13).text(`Số: ${document.number}, ngày ${day}/${month}/${year}`, { align: 'center' });
  pdf.moveDown().font(FONT_BOLD).text(document.subject, { align: 'center' });
  pdf.moveDown().font(FONT).fontSize(11);
  if (document.issuer) pdf.text(`Cơ quan, người ban hành: ${document.issuer}`);
  pdf.text(`Lĩnh vực cải cách hành chính: ${document.reformArea}; kỳ báo cáo ${document.periodId}.`);
  pdf.moveDown().text('Bản mẫu dùng để chạy thử hệ thống báo cáo cải cách hành chính.');
  pdf.end();
  return done;
}
