// The two signatures of a report in Decree 30/2020's order (Articles 13(7), 17(2), 32(2)(d), Annex I):
// the leader's personal signature ("chữ ký số của người có thẩm quyền"), visible as the leader's
// signature image between the title and the name; then, at issue, the clerk's number and date and the
// agency's signature ("chữ ký số của cơ quan, tổ chức"), visible as the seal — red, real size, PNG on
// a transparent background — over about the left third of the leader's image (Annex I). Both are
// PAdES (sign-pdf.ts builds the CMS).
//
// Every change is an incremental update (ISO 32000-1 §7.5.6), so what the leader signed is never
// rewritten and the leader's signature stays valid: @cantoo/pdf-lib (the maintained pdf-lib fork)
// loads the file `forIncrementalUpdate`, tracks the objects that change and `commit()` appends only
// those, with a cross-reference section whose trailer points back (/Prev). Kept apart from
// sign-pdf.ts so that a bundle which does not sign visibly does not carry pdf-lib.
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  type PDFFont,
  type PDFPage,
  type PDFRef,
} from '@cantoo/pdf-lib';
import { ANNOTATION_FLAGS, DEFAULT_BYTE_RANGE_PLACEHOLDER, DEFAULT_SIGNATURE_LENGTH, SIG_FLAGS, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
// pdfkit's fontkit, so the bundle carries one: @cantoo/pdf-lib subsets with it as with its own fork.
import * as fontkit from 'fontkit';
import type { Signer } from '#domain/signer.ts';
import { reportFonts } from './fonts.ts';
import type { PdfRect, PdfSlots, RenderedPdf } from './pdf-slots.ts';
import { signPlaceholder } from './sign-pdf.ts';

/** The leader's signature: who, with which image, when. */
export interface LeaderSignatureMeta {
  /** The leader's full name, the signature's /Name. */
  signerName: string;
  /** The leader's handwritten signature (PNG, transparent background), fitted into the signature slot. */
  signatureImagePng: Uint8Array;
  signedAt: Date;
  /** /Reason; "Ký ban hành báo cáo" unless given. */
  reason?: string;
  location?: string;
}

/** The clerk's issue: the number and the date written in, then the agency's signature. */
export interface IssueMeta {
  /** The number before "/BC-…", e.g. "1015". */
  number: string;
  /** The date line's blanks as printed: e.g. "15", "6" (or "01"/"02" for January and February), "2023". */
  day: string;
  month: string;
  year: string;
  /** The agency, the signature's /Name. */
  agencyName: string;
  /** The agency's e-mail, the signature's /ContactInfo. */
  agencyEmail?: string;
  /** The agency's seal (PNG, transparent background), drawn over the left third of the leader's signature image. */
  sealImagePng: Uint8Array;
  /** The seal's real diameter in points (a 36 mm seal: 102 pt); the signature slot's height unless given. */
  sealSize?: number;
  signedAt: Date;
  /** /Reason; "Phát hành báo cáo" unless given. */
  reason?: string;
  location?: string;
}

/** The leader's PAdES signature on the rendered report, visible: the signature image fitted (aspect kept, centred) in the signature slot. */
export async function signAsLeader(rendered: RenderedPdf, signer: Signer, meta: LeaderSignatureMeta): Promise<Uint8Array> {
  const doc = await loadForUpdate(rendered.bytes);
  // The images' soft masks (transparency) are PDF 1.4; pdfkit's header says 1.3 and an update cannot
  // rewrite a header, so the catalog's /Version raises it (ISO 32000-1 §7.7.2).
  doc.catalog.set(PDFName.of('Version'), PDFName.of('1.7'));
  const box = rendered.slots.signature;
  const image = await doc.embedPng(meta.signatureImagePng);
  // The widget is the image's own rectangle, so the agency's seal can later be placed on its left third.
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  const rect = { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
  addSignatureField(doc, doc.getPage(box.page), rect, image.ref, {
    field: 'Chữ ký số của người có thẩm quyền',
    name: meta.signerName,
    reason: meta.reason ?? 'Ký ban hành báo cáo',
    location: meta.location,
    signedAt: meta.signedAt,
  });
  return signPlaceholder(await doc.commit(), signer);
}

/**
 * The clerk's issue of a leader-signed report: an incremental update that writes the number (regular)
 * and the day, month and year (italic) into their slots in Tinos, then the agency's PAdES signature in
 * a second one, visible as the seal — a square of the seal's size (the signature slot's height unless
 * given), centred on the line a third of the way into the leader's signature image, so that it covers
 * about that image's left third (REPORT.md, "The signed and issued report").
 */
export async function issueSigned(leaderSigned: Uint8Array, slots: PdfSlots, agencySigner: Signer, meta: IssueMeta): Promise<Uint8Array> {
  const doc = await loadForUpdate(leaderSigned);
  const leader = signatureWidgets(doc)[0];
  if (!leader) throw new Error('issueSigned: the PDF carries no signature: the leader signs before the clerk issues');
  const fonts = reportFonts();
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const italic = await doc.embedFont(fonts.italic, { subset: true });
  // The number ends where "/BC-…" begins, so it reads "1015/BC-SKHCN" as a typed one would.
  drawInSlot(doc, slots.number, meta.number, regular, fonts.regular, slots.fontSize, 'right');
  for (const part of ['day', 'month', 'year'] as const) drawInSlot(doc, slots[part], meta[part], italic, fonts.italic, slots.fontSize, 'centre');
  await doc.commit();

  const seal = await doc.embedPng(meta.sealImagePng);
  const side = meta.sealSize ?? slots.signature.height;
  const { x, y, width, height } = leader.rect;
  const rect = { x: x + width / 3 - side / 2, y: y + height / 2 - side / 2, width: side, height: side };
  addSignatureField(doc, leader.page, rect, seal.ref, {
    field: 'Chữ ký số của cơ quan, tổ chức',
    name: meta.agencyName,
    reason: meta.reason ?? 'Phát hành báo cáo',
    location: meta.location,
    contactInfo: meta.agencyEmail,
    signedAt: meta.signedAt,
  });
  return signPlaceholder(await doc.commit(), agencySigner);
}

async function loadForUpdate(pdf: Uint8Array): Promise<PDFDocument> {
  // updateMetadata off: pdf-lib would otherwise stamp the Info dictionary with the time of day.
  const doc = await PDFDocument.load(pdf, { forIncrementalUpdate: true, updateMetadata: false });
  doc.registerFontkit(fontkit);
  return doc;
}

const metricsOf = new WeakMap<Buffer, fontkit.Font>();
/** The face's fontkit metrics, parsed once per face. */
function faceMetrics(face: Buffer): fontkit.Font {
  let font = metricsOf.get(face);
  if (!font) metricsOf.set(face, (font = fontkit.create(face) as fontkit.Font)); // a TTF, not a collection
  return font;
}

/** The text in the slot, centred or flush right, its ascent-to-descent box centred on the slot's height. */
function drawInSlot(doc: PDFDocument, slot: PdfRect, text: string, font: PDFFont, face: Buffer, size: number, align: 'centre' | 'right'): void {
  // pdf-lib's heightAtSize without the descender subtracts the descent twice: the face's own metrics instead.
  const { ascent, descent, unitsPerEm } = faceMetrics(face);
  const scale = size / unitsPerEm;
  doc.getPage(slot.page).drawText(text, {
    x: slot.x + (slot.width - font.widthOfTextAtSize(text, size)) / (align === 'right' ? 1 : 2),
    y: slot.y + (slot.height - (ascent - descent) * scale) / 2 - descent * scale,
    size,
    font,
  });
}

/** The /Widget annotations of signature fields, in page order then annotation order (the leader's first). */
function signatureWidgets(doc: PDFDocument): { page: PDFPage; rect: Omit<PdfRect, 'page'> }[] {
  return doc.getPages().flatMap((page) =>
    (page.node.Annots()?.asArray() ?? [])
      .map((ref) => doc.context.lookup(ref))
      .filter((annot): annot is PDFDict => annot instanceof PDFDict && annot.get(PDFName.of('FT')) === PDFName.of('Sig'))
      .map((annot) => ({ page, rect: annot.lookup(PDFName.of('Rect'), PDFArray).asRectangle() })),
  );
}

interface FieldText {
  /** The field's name (/T). */
  field: string;
  name: string;
  reason: string;
  location?: string;
  contactInfo?: string;
  signedAt: Date;
}

/**
 * A signature field on the page: the signature dictionary with @signpdf's byte-range placeholder and
 * zeroed /Contents (filled in by sign()), and its widget, whose normal appearance draws the image over
 * the whole rectangle; added to the AcroForm with SigFlags SignaturesExist | AppendOnly.
 */
function addSignatureField(doc: PDFDocument, page: PDFPage, rect: Omit<PdfRect, 'page'>, image: PDFRef, text: FieldText): void {
  const { context } = doc;
  const placeholder = PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER);
  const signature = context.register(
    context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
      // /ByteRange before /Contents: sign() looks for /Contents after the placeholder.
      ByteRange: [0, placeholder, placeholder, placeholder],
      Contents: PDFHexString.of('0'.repeat(DEFAULT_SIGNATURE_LENGTH * 2)),
      Name: PDFHexString.fromText(text.name),
      Reason: PDFHexString.fromText(text.reason),
      ...(text.location ? { Location: PDFHexString.fromText(text.location) } : {}),
      ...(text.contactInfo ? { ContactInfo: PDFHexString.fromText(text.contactInfo) } : {}),
      M: PDFString.of(pdfDateVietnam(text.signedAt)),
    }),
  );
  const appearance = context.register(
    context.formXObject([pushGraphicsState(), concatTransformationMatrix(rect.width, 0, 0, rect.height, 0, 0), drawObject('Image'), popGraphicsState()], {
      BBox: [0, 0, rect.width, rect.height],
      Resources: { XObject: { Image: image } },
    }),
  );
  const widget = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText(text.field),
      F: ANNOTATION_FLAGS.PRINT,
      P: page.ref,
      Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height],
      V: signature,
      AP: { N: appearance },
    }),
  );
  page.node.addAnnot(widget);
  const form = doc.catalog.getOrCreateAcroForm();
  form.addField(widget);
  form.dict.set(PDFName.of('SigFlags'), PDFNumber.of(SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY));
}

/** `D:YYYYMMDDHHmmss+07'00'`: the time in Vietnam (UTC+7 all year, no daylight saving). */
function pdfDateVietnam(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600 * 1000).toISOString();
  return `D:${local.slice(0, 19).replace(/[-T:]/g, '')}+07'00'`;
}

