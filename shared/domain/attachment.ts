// Attachments (CONTRACT §4 "Uploads"): the documents staff upload so the report can cite them
// as footnotes in the section of their reform area. Pure: schemas, limits, the content decision
// and the citations; the I/O lives in #adapters/uploads-*.ts, the objects' keys in #adapters/object-keys.ts.
import * as z from 'zod';
import { citedDocumentNumber, DOCUMENT_KINDS } from './document-kinds.ts';
import { localDate, periodId } from './periods.ts';
import type { Citation } from './report/citations.ts';
import { firstMatch, textSchema, xmlText } from './report/text.ts';
import { SECTION_KEYS } from './sections.ts';
import { parseIsoDate } from './vi-format.ts';

export const MiB = 1024 * 1024;
/** Largest attachment accepted, in bytes. */
export const MAX_ATTACHMENT_BYTES = 20 * MiB;
/** How long a presigned upload stays usable. */
export const UPLOAD_EXPIRES_SECONDS = 900;
/** DOCX/ODT: bounds on what the zip says it holds, so no zip bomb gets through (and no member may hold more than it says). */
export const MAX_ZIP_UNCOMPRESSED_BYTES = 100 * MiB;
export const MAX_ZIP_ENTRIES = 2000;
/** file-type needs at most this many leading bytes to name a type. */
export const HEAD_BYTES = 4100;
const MAX_FILE_NAME_LENGTH = 200;

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ODT = 'application/vnd.oasis.opendocument.text';
export const JPEG = 'image/jpeg';
export const PNG = 'image/png';

const attachmentTypes = {
  [PDF]: { label: 'PDF', extensions: ['.pdf'] },
  [DOCX]: { label: 'DOCX', extensions: ['.docx'] },
  [ODT]: { label: 'ODT', extensions: ['.odt'] },
  [JPEG]: { label: 'JPEG', extensions: ['.jpg', '.jpeg'] },
  [PNG]: { label: 'PNG', extensions: ['.png'] },
} as const;
export type AttachmentContentType = keyof typeof attachmentTypes;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(attachmentTypes) as [AttachmentContentType, ...AttachmentContentType[]];
const ZIP_TYPES: readonly string[] = [DOCX, ODT];

/** The attachment type a file name's extension declares (what the staff console asks to upload). */
export function contentTypeFor(fileName: string): AttachmentContentType | undefined {
  const name = fileName.toLowerCase();
  return ATTACHMENT_CONTENT_TYPES.find((type) => attachmentTypes[type].extensions.some((ext) => name.endsWith(ext)));
}

const codePoints = (s: string) => [...s].length;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (date: string) => {
  try {
    parseIsoDate(date);
    return true;
  } catch {
    return false;
  }
};

/** A real calendar date, YYYY-MM-DD (a document's date, a report's date line). */
export const calendarDate = z
  .string()
  .regex(ISO_DATE, { message: 'must be a date YYYY-MM-DD', abort: true })
  .refine(isRealDate, { message: 'is not a real date', abort: true });

/** The document an attachment is, as the report cites it. `today` is the local date (YYYY-MM-DD). */
const attachmentDocument = (today: string) =>
  z.strictObject({
    kind: z.enum(DOCUMENT_KINDS, `must be one of ${DOCUMENT_KINDS.join(', ')}`),
    number: citedDocumentNumber,
    issuedOn: calendarDate.refine((d) => d <= today, `must not be after today (${today})`),
    // Both are printed in the report's footnote, so they follow the report's text rule.
    issuer: textSchema(200).optional(),
    subject: textSchema(500),
    reformArea: z.enum(SECTION_KEYS, `must be one of ${SECTION_KEYS.join(', ')}`),
    periodId,
  });
export type AttachmentDocument = z.infer<ReturnType<typeof attachmentDocument>>;

// Bidi controls (U+061C, U+200E/F, U+202A–E, U+2066–9) reorder what a name shows, so
// "bao-cao\u202Excod.pdf" reads as "bao-caofdp.docx"; zero-width ones (U+200B–D, U+2060, U+FEFF) hide.
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

const fileName = z
  .string()
  .normalize('NFC')
  .min(1, 'must not be empty')
  .refine((s) => codePoints(s) <= MAX_FILE_NAME_LENGTH, `must be at most ${MAX_FILE_NAME_LENGTH} characters`)
  .refine((s) => !/[/\\]/.test(s), 'must not contain path separators (/ or \\)')
  .check(xmlText())
  .superRefine((s, ctx) => {
    const hidden = firstMatch(s, INVISIBLE);
    if (hidden) {
      ctx.addIssue({
        code: 'custom',
        message: `must not contain invisible or direction-changing characters: ${hidden.char} at character ${hidden.at} could disguise the file's name or type`,
      });
    }
  })
  .refine((s) => s.trim() === s && s !== '.' && s !== '..', 'must not be . or .. nor start or end with spaces');

/**
 * The images an agency signs with (CONTRACT §6): a leader's handwritten signature and the agency's
 * seal, PNG with a transparent background, named by upload id in the profile (`signers[].signatureImage`,
 * `sealImage`). They are uploads like any other, checked the same way, but cite nothing.
 */
export const IMAGE_KINDS = ['signature-image', 'seal-image'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];
/** A signing image is drawn a few centimetres wide: 1 MiB is plenty, and keeps every signed PDF small. */
const MAX_IMAGE_BYTES = MiB;

/** Body of `POST /v1/agencies/{agencyId}/uploads`: a document to cite, or a signing image; `now` decides what "future" means. */
export const uploadRequest = (now: Date) =>
  z
    .strictObject({
      fileName,
      contentType: z.enum(ATTACHMENT_CONTENT_TYPES, `must be one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}`),
      size: z.int().min(1, 'must be at least 1 byte').max(MAX_ATTACHMENT_BYTES, `must be at most ${MAX_ATTACHMENT_BYTES} bytes (20 MiB)`),
      document: attachmentDocument(localDate(now.getTime())).optional(),
      image: z.strictObject({ kind: z.enum(IMAGE_KINDS, `must be one of ${IMAGE_KINDS.join(', ')}`) }).optional(),
    })
    .superRefine((body, ctx) => {
      if ((body.document === undefined) === (body.image === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['document'], message: 'give either document (an attachment the report cites) or image (a signature or seal image), not both' });
      }
      if (body.image && body.contentType !== PNG) ctx.addIssue({ code: 'custom', path: ['contentType'], message: `must be ${PNG} for a ${body.image.kind}` });
      if (body.image && body.size > MAX_IMAGE_BYTES) ctx.addIssue({ code: 'custom', path: ['size'], message: `must be at most ${MAX_IMAGE_BYTES} bytes (1 MiB) for a ${body.image.kind}` });
      // The stored attachment keeps its name, so the name must open as what it holds.
      const { extensions } = attachmentTypes[body.contentType];
      if (!extensions.some((ext) => body.fileName.toLowerCase().endsWith(ext))) {
        ctx.addIssue({ code: 'custom', path: ['fileName'], message: `must end with ${extensions.join(' or ')} for ${body.contentType}` });
      }
    });
export type UploadRequest = z.infer<ReturnType<typeof uploadRequest>>;

// ---- identifiers ------------------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Builds an upload id from an instant (epoch ms) and 10 random bytes. */
export function uploadIdFrom(instant: number, random: Uint8Array): string {
  if (random.length < 10) throw new Error('an upload id needs 10 random bytes');
  let time = '';
  for (let t = instant, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let bits = 0n;
  for (const byte of random.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let rest = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) rest = CROCKFORD[Number(bits & 31n)] + rest;
  return time + rest;
}

export interface UploadRef {
  agencyId: string;
  uploadId: string;
}

// ---- the content decision ---------------------------------------------------------------------

export const REASON_CODES = ['too_large', 'size_mismatch', 'unsupported_type', 'type_mismatch', 'invalid_zip', 'zip_bomb', 'invalid_document'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * What the central directory of a DOCX/ODT says (entry counting stops once over the bound), and
 * whether a member, inflated, holds more than the directory says (inflating stops there).
 */
export type ZipSummary =
  | { valid: false }
  | { valid: true; entryCount: number; totalUncompressed: number; names: ReadonlySet<string>; mimetype?: string; inflatesPastDeclared?: true };

export interface ContentFacts {
  declared: { contentType: AttachmentContentType; size: number };
  actualSize: number;
  /** MIME type file-type found in the first bytes; undefined when it found none */
  detectedType: string | undefined;
  /** present when the declared type is DOCX or ODT */
  zipSummary?: ZipSummary;
}

export type ContentDecision = { ok: true } | { ok: false; reasonCode: ReasonCode; reason: string };

const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const label = (type: string) => (type in attachmentTypes ? attachmentTypes[type as AttachmentContentType].label : type);
const reject = (reasonCode: ReasonCode, reason: string): ContentDecision => ({ ok: false, reasonCode, reason });

/** Whether an uploaded object may become an attachment; the reason tells staff what to do. */
export function checkContent({ declared, actualSize, detectedType, zipSummary }: ContentFacts): ContentDecision {
  const want = label(declared.contentType);
  if (actualSize > MAX_ATTACHMENT_BYTES) {
    return reject('too_large', `Tệp dài ${number.format(actualSize)} byte, vượt giới hạn 20 MiB. Hãy giảm dung lượng hoặc tách tệp rồi tải lên lại.`);
  }
  if (actualSize !== declared.size) {
    return reject(
      'size_mismatch',
      `Tệp nhận được dài ${number.format(actualSize)} byte, khác với ${number.format(declared.size)} byte đã khai báo. Hãy tạo yêu cầu tải lên mới với đúng tệp cần gửi.`,
    );
  }
  const zipFamily = detectedType === 'application/zip' || (detectedType !== undefined && ZIP_TYPES.includes(detectedType));
  if (detectedType === undefined || !(detectedType in attachmentTypes || zipFamily)) {
    return reject(
      'unsupported_type',
      `Nội dung tệp không phải PDF, DOCX, ODT, JPEG hay PNG${detectedType ? ` (nhận ra: ${detectedType})` : ''}. Hãy tải lên văn bản ở một trong các định dạng này.`,
    );
  }
  const declaredZip = ZIP_TYPES.includes(declared.contentType);
  // A zip's head may only say "zip"; which document it is shows in its members below.
  if (detectedType !== declared.contentType && !(declaredZip && detectedType === 'application/zip')) {
    return reject(
      'type_mismatch',
      `Nội dung tệp là ${zipFamily && !declaredZip ? 'tệp nén' : label(detectedType)}, không phải ${want} như đã khai báo. Hãy chọn đúng tệp hoặc khai báo đúng loại tệp.`,
    );
  }
  if (!declaredZip) return { ok: true };
  if (!zipSummary?.valid) {
    return reject('invalid_zip', `Tệp ${want} bị hỏng, không đọc được cấu trúc nén. Hãy mở và lưu lại văn bản rồi tải lên lại.`);
  }
  const resave = 'Hệ thống không nhận tệp này; hãy lưu lại văn bản bằng trình soạn thảo rồi tải lên lại.';
  if (zipSummary.entryCount > MAX_ZIP_ENTRIES || zipSummary.totalUncompressed > MAX_ZIP_UNCOMPRESSED_BYTES) {
    return reject(
      'zip_bomb',
      `Tệp ${want} khi giải nén vượt giới hạn cho phép (tối đa ${number.format(MAX_ZIP_ENTRIES)} thành phần và ${MAX_ZIP_UNCOMPRESSED_BYTES / MiB} MiB). ${resave}`,
    );
  }
  if (zipSummary.inflatesPastDeclared) {
    return reject(
      'zip_bomb',
      `Tệp ${want} khi giải nén cho ra nhiều dữ liệu hơn kích thước chính tệp khai báo (dấu hiệu của tệp nén độc hại). ${resave}`,
    );
  }
  const missing =
    declared.contentType === DOCX
      ? ['[Content_Types].xml', 'word/document.xml'].find((name) => !zipSummary.names.has(name))
      : zipSummary.mimetype === ODT
        ? undefined
        : 'mimetype';
  if (missing) {
    return reject(
      'invalid_document',
      `Tệp không phải văn bản ${want} hợp lệ (thiếu hoặc sai thành phần ${missing}). Hãy mở và lưu lại văn bản ở định dạng ${want} rồi tải lên lại.`,
    );
  }
  return { ok: true };
}

// ---- records and citations --------------------------------------------------------------------

export const UPLOAD_STATES = ['pending', 'accepted', 'rejected'] as const;
type UploadState = (typeof UPLOAD_STATES)[number];

export interface Upload extends UploadRef {
  state: UploadState;
  fileName: string;
  contentType: AttachmentContentType;
  /** the size the request declared */
  declaredSize: number;
  /** the document the report cites; an image has none */
  document?: AttachmentDocument;
  /** a signing image (signature or seal), named in the profile, cited nowhere */
  image?: { kind: ImageKind };
  createdAt: string;
  /** when the presigned upload stops being usable */
  uploadExpiresAt: string;
  /** accepted: the stored object's size and SHA-256 (hex) */
  size?: number;
  sha256?: string;
  acceptedAt?: string;
  /** accepted, with content an earlier accepted upload of the agency already has */
  duplicateOf?: string;
  reasonCode?: ReasonCode;
  reason?: string;
  rejectedAt?: string;
}

/** Reads the uploads of a period (the table adapter implements it). */
export interface PeriodUploads {
  listByPeriod(agencyId: string, periodId: string): Promise<Upload[]>;
}

/**
 * The citations of a period: its accepted uploads, each content once (the earliest upload of
 * it in the period). `duplicateOf` is not used here: it may point to an upload of another
 * period, and a plan uploaded again for the year report is still cited there.
 */
export function citationsOf<U extends Pick<Upload, 'uploadId' | 'state' | 'sha256' | 'document'>>(uploads: readonly U[]): Citation[] {
  const first = new Map<string, U & { document: AttachmentDocument }>();
  for (const u of uploads) {
    if (u.state !== 'accepted' || u.sha256 === undefined || u.document === undefined) continue;
    const seen = first.get(u.sha256);
    if (!seen || u.uploadId < seen.uploadId) first.set(u.sha256, { ...u, document: u.document });
  }
  return [...first.values()]
    .sort(
      (a, b) =>
        compare(a.document.issuedOn, b.document.issuedOn) ||
        compare(a.document.number, b.document.number) ||
        compare(a.uploadId, b.uploadId),
    )
    .map(({ document: d }) => ({
      sectionKey: d.reformArea,
      kind: d.kind,
      number: d.number,
      issuedOn: d.issuedOn,
      ...(d.issuer === undefined ? {} : { issuer: d.issuer }),
      subject: d.subject,
    }));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function listCitations(store: PeriodUploads, agencyId: string, periodId: string): Promise<Citation[]> {
  return citationsOf(await store.listByPeriod(agencyId, periodId));
}
