// A one-page report PDF with the clerk's blanks and the signature space, and its slots measured while
// drawing: the shape the render layer hands the signing layer (pdf-slots.ts), made here with pdfkit
// so that the signing tests do not depend on the report's layout.
import PDFDocument from 'pdfkit';
import { reportFonts } from '#render/fonts.ts';
import type { PdfRect, RenderedPdf } from '#render/pdf-slots.ts';

const PAGE_HEIGHT = 841.89; // A4
const SIZE = 13;

export async function slottedPdf(): Promise<RenderedPdf> {
  const date = new Date('2023-06-15T00:00:00Z');
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: 'Báo cáo', CreationDate: date, ModDate: date } });
  const fonts = reportFonts();
  doc.registerFont('regular', fonts.regular).registerFont('bold', fonts.bold).registerFont('italic', fonts.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));

  /** Draws the runs on one line from x at top y, returning the rectangle (PDF space) of each blank run. */
  const line = (x: number, top: number, runs: (string | { blank: number; font: string })[], font: string): PdfRect[] => {
    const blanks: PdfRect[] = [];
    doc.fontSize(SIZE);
    const height = doc.font(font).currentLineHeight(true);
    for (const run of runs) {
      if (typeof run === 'string') {
        doc.font(font).text(run, x, top, { lineBreak: false });
        x += doc.widthOfString(run);
      } else {
        blanks.push({ page: 0, x, y: PAGE_HEIGHT - top - height, width: run.blank, height });
        x += run.blank;
      }
    }
    return blanks;
  };

  doc.font('bold').fontSize(SIZE).text('SỞ KHOA HỌC VÀ CÔNG NGHỆ', 60, 60, { lineBreak: false });
  const [number] = line(80, 90, ['Số: ', { blank: 40, font: 'regular' }, '/BC-SKHCN'], 'regular');
  const [day, month, year] = line(300, 90, ['Quảng Ngãi, ngày ', { blank: 22, font: 'italic' }, ' tháng ', { blank: 22, font: 'italic' }, ' năm ', { blank: 36, font: 'italic' }], 'italic');
  doc.font('bold').fontSize(14).text('BÁO CÁO', 60, 140, { width: 475, align: 'center' });
  doc.font('regular').fontSize(SIZE).text('Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023.', 60, 180, { width: 475 });
  doc.font('bold').text('KT. GIÁM ĐỐC', 330, 300, { width: 200, align: 'center' });
  doc.font('bold').text('PHÓ GIÁM ĐỐC', 330, 316, { width: 200, align: 'center' });
  const signatureTop = 334;
  const signatureHeight = 80;
  doc.font('bold').text('Trần Quốc Bảo', 330, signatureTop + signatureHeight, { width: 200, align: 'center' });
  doc.end();
  await done;
  const signature: PdfRect = { page: 0, x: 330, y: PAGE_HEIGHT - signatureTop - signatureHeight, width: 200, height: signatureHeight };
  return { bytes: new Uint8Array(Buffer.concat(chunks)), slots: { number: number!, day: day!, month: month!, year: year!, signature, fontSize: SIZE } };
}
