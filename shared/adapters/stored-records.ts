// The records the table keeps, parsed on read rather than cast: a report version stays for ten
// years (its files under Object Lock) while the code that reads it changes. Each record type has a
// zod schema per version written; an item carries its version in `recordVersion`, and an item
// without one was written before versions were counted: version 1. When a shape changes, add the
// new schema as the next version, write that number beside the record, and upgrade the older ones
// here to the current shape.
import * as z from 'zod';
import { ATTACHMENT_CONTENT_TYPES, IMAGE_KINDS, REASON_CODES, UPLOAD_STATES, type Upload } from '#domain/attachment.ts';
import type { CloseTaskRecord } from '#domain/close-run.ts';
import { DOCUMENT_KINDS } from '#domain/document-kinds.ts';
import { parseWith } from '#domain/parse.ts';
import { DELIVERY_CHANNELS, DELIVERY_STATES, type Delivery } from '#domain/delivery.ts';
import { EXCHANGE_STATUS_CODES } from '#domain/document-exchange.ts';
import { REPORT_STATES, type ReportVersion } from '#domain/report-version.ts';
import { SECTION_KEYS } from '#domain/sections.ts';

/** The item attribute that names the version a record was written in. */
const RECORD_VERSION = 'recordVersion';
/** The version of the report versions written now (2: with the leader's signature and the missing citations, #19). */
export const REPORT_VERSION_RECORD = 2;

const reportFile = z.object({ key: z.string(), sha256: z.string(), size: z.number() });
const reportFiles = z.object({ docx: reportFile, pdf: reportFile });

const reportVersionV1 = z.object({
  agencyId: z.string(),
  periodId: z.string(),
  version: z.number().int(),
  inputHash: z.string(),
  figuresHash: z.string(),
  provisional: z.boolean(),
  amendment: z.boolean(),
  issuedOn: z.string(),
  title: z.string(),
  files: reportFiles,
  createdAt: z.string(),
  trigger: z.string(),
  state: z.enum(REPORT_STATES),
  history: z.array(z.object({ state: z.enum(REPORT_STATES), at: z.string(), by: z.string(), comment: z.string().optional() })),
  issued: z.object({ number: z.string(), signerName: z.string(), issuedOn: z.string(), files: reportFiles }).optional(),
});

const pdfRect = z.object({ page: z.number().int(), x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/** Version 2 (#19): the signed stage (who signed, the leader-signed PDF and its blanks) and the citations no attachment matched. */
const reportVersionV2 = reportVersionV1.extend({
  missingCitations: z.array(z.object({ sectionKey: z.string(), number: z.string() })).optional(),
  signed: z
    .object({
      signer: z.object({ userId: z.string(), name: z.string(), title: z.string() }),
      signedAt: z.string(),
      pdf: reportFile,
      slots: z.object({ number: pdfRect, day: pdfRect, month: pdfRect, year: pdfRect, signature: pdfRect, fontSize: z.number() }),
    })
    .optional(),
}) satisfies z.ZodType<ReportVersion>;

const deliveryV1 = z.object({
  version: z.number().int(),
  address: z.string(),
  recipient: z.string(),
  status: z.enum(['sending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  messageId: z.string().optional(),
  updatedAt: z.string(),
});

/** The version of the deliveries written now (2: one per recipient and channel, with its state and receipts, #20). */
export const DELIVERY_RECORD = 2;

const deliveryV2 = z.object({
  version: z.number().int(),
  channel: z.enum(DELIVERY_CHANNELS),
  recipient: z.object({
    no: z.number().int(),
    line: z.string(),
    name: z.string(),
    organId: z.string().optional(),
    emails: z.array(z.string()),
    editableCopy: z.boolean(),
  }),
  state: z.enum(DELIVERY_STATES),
  at: z.string(),
  detail: z.string().optional(),
  attempts: z.number().int(),
  messageId: z.string().optional(),
  claimedAt: z.string().optional(),
  statuses: z.array(z.object({ code: z.enum(EXCHANGE_STATUS_CODES), at: z.string() })).optional(),
}) satisfies z.ZodType<Delivery>;

/**
 * A version 1 delivery was one e-mail address of a recipient, sent inside the issue call: it reads
 * as that recipient's e-mail delivery (its position unknown: 0), `sending` as queued.
 */
function upgradeDeliveryV1(raw: unknown): Delivery {
  const v1 = parseWith(deliveryV1, raw, ['delivery']);
  return {
    version: v1.version,
    channel: 'email',
    recipient: { no: 0, line: v1.recipient, name: v1.recipient, emails: [v1.address], editableCopy: false },
    state: v1.status === 'sending' ? 'queued' : v1.status,
    at: v1.updatedAt,
    attempts: v1.attempts,
    ...(v1.lastError ? { detail: v1.lastError } : {}),
    ...(v1.messageId ? { messageId: v1.messageId } : {}),
  };
}

const closeTaskV1 = z.object({
  runId: z.string(),
  agencyId: z.string(),
  periodId: z.string(),
  state: z.enum(['queued', 'rendering', 'rendered', 'failed', 'parked']),
  attempts: z.number().int(),
  outcome: z.object({ version: z.number().int(), created: z.boolean(), notified: z.number().int(), failed: z.number().int() }).optional(),
  error: z.string().optional(),
  updatedAt: z.string(),
}) satisfies z.ZodType<CloseTaskRecord>;

/** The version of the upload records written now (2: a signing image instead of a cited document, #19). */
export const UPLOAD_RECORD = 2;

const citedDocument = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  number: z.string(),
  issuedOn: z.string(),
  issuer: z.string().optional(),
  subject: z.string(),
  reformArea: z.enum(SECTION_KEYS),
  periodId: z.string(),
});

/** Version 2 (#19): a document the report cites, or a signing image (signature or seal) citing nothing. */
const uploadV2 = z.object({
  agencyId: z.string(),
  uploadId: z.string(),
  state: z.enum(UPLOAD_STATES),
  fileName: z.string(),
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  declaredSize: z.number().int(),
  document: citedDocument.optional(),
  image: z.object({ kind: z.enum(IMAGE_KINDS) }).optional(),
  createdAt: z.string(),
  uploadExpiresAt: z.string(),
  size: z.number().int().optional(),
  sha256: z.string().optional(),
  acceptedAt: z.string().optional(),
  duplicateOf: z.string().optional(),
  reasonCode: z.enum(REASON_CODES).optional(),
  reason: z.string().optional(),
  rejectedAt: z.string().optional(),
}) satisfies z.ZodType<Upload>;

/** Version 1 (before #19): every upload a document the report cites. */
const uploadV1 = uploadV2.omit({ image: true }).extend({ document: citedDocument }) satisfies z.ZodType<Upload>;

/** Each record type: how each version written reads as the current shape. */
export const STORED_RECORDS = {
  // A version 1 record is a version 2 record without the fields version 2 added.
  reportVersion: {
    1: (raw: unknown): ReportVersion => parseWith(reportVersionV1, raw, ['report']),
    2: (raw: unknown): ReportVersion => parseWith(reportVersionV2, raw, ['report']),
  },
  delivery: { 1: upgradeDeliveryV1, 2: (raw: unknown): Delivery => parseWith(deliveryV2, raw, ['delivery']) },
  closeTask: { 1: (raw: unknown): CloseTaskRecord => parseWith(closeTaskV1, raw) },
  upload: {
    1: (raw: unknown): Upload => parseWith(uploadV1, raw, ['upload']),
    2: (raw: unknown): Upload => parseWith(uploadV2, raw, ['upload']),
  },
} as const;

/**
 * Reads a record from its item: `value` picks the record out of the item (an attribute, or the item
 * itself), the item's `recordVersion` picks the schema. An unknown version or a record its schema
 * refuses throws (Invalid naming the field): better than a report built from a guess.
 */
export function readStored<T>(versions: Readonly<Record<number, (raw: unknown) => T>>, item: Record<string, unknown>, value: (item: Record<string, unknown>) => unknown): T {
  const version = item[RECORD_VERSION] ?? 1;
  const read = typeof version === 'number' ? versions[version] : undefined;
  if (!read) throw new Error(`a record of version ${String(version)}, which this code cannot read (pk ${String(item.pk)}, sk ${String(item.sk)})`);
  return read(value(item));
}
