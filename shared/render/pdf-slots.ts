// Where, on a rendered report PDF, the clerk's number and date and the two signatures' appearances go.
// The render layer (pdf.ts) measures these while laying out the page and returns them beside the bytes;
// the signing layer (sign-pdf.ts) draws into them in incremental updates, so the signed revision is never rewritten.

/** A rectangle in PDF user space (points, origin at the page's bottom-left corner). */
export interface PdfRect {
  /** 0-based index of the page. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The blanks a signed report leaves for the clerk, and the box the signatures' images go in. */
export interface PdfSlots {
  /** The blank before "/BC-…" on the "Số:" line: the clerk's number (e.g. "1015") is drawn here, flush against "/BC-…", at the line's font size. */
  number: PdfRect;
  /** The blanks of the date line "…, ngày __ tháng __ năm ____": the day, the month and the year are drawn into these, centred, in italics at the line's font size. */
  day: PdfRect;
  month: PdfRect;
  year: PdfRect;
  /** The space between the signer's title and name: the leader's signature image is fitted here; the agency's seal covers its left third. */
  signature: PdfRect;
  /** The font size of the number and date lines, in points. */
  fontSize: number;
}

/** A rendered report PDF with its slots. */
export interface RenderedPdf {
  bytes: Uint8Array;
  slots: PdfSlots;
}
