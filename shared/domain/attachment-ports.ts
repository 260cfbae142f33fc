// The ports the attachment use cases run against; #adapters/uploads-*.ts implement them.
import type { AttachmentContentType, PeriodUploads, ReasonCode, Upload, UploadRef, ZipSummary } from './attachment.ts';

interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

/** The uploads bucket. Keys are whole object keys (incoming/…, attachments/…, quarantine/…). */
export interface UploadObjects {
  /** A browser-form POST that can only put `size` bytes of `contentType` at `key`. */
  presignUpload(input: { key: string; contentType: AttachmentContentType; size: number; expiresInSeconds: number }): Promise<PresignedUpload>;
  /** Size and ETag of an object, undefined when there is none. */
  head(key: string): Promise<{ size: number; etag: string } | undefined>;
  /** Bytes [start, end) of the object version with `etag` (fewer when the object is shorter). */
  read(key: string, etag: string, range?: { start: number; end: number }): Promise<Uint8Array>;
  /** SHA-256 (hex) of the object version with `etag`, streamed. */
  sha256(key: string, etag: string): Promise<string>;
  /** Copies the object version with `etag`. */
  copy(from: string, to: string, etag: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** The keys under incoming/ last written before `before` (the sweep's uploads that lost their check). */
  listIncoming(before: Date): Promise<string[]>;
}

export interface Acceptance {
  sha256: string;
  size: number;
  at: string;
}

export interface Rejection {
  reasonCode: ReasonCode;
  reason: string;
  at: string;
}

/**
 * Upload records. `accept` and `reject` only move a `pending` upload; they answer false when
 * it was not pending any more (another delivery of the same event got there first).
 */
export interface UploadRecords extends PeriodUploads {
  create(upload: Upload): Promise<void>;
  get(ref: UploadRef): Promise<Upload | undefined>;
  /** Also claims the content for the agency; a later upload of it is flagged `duplicateOf`. */
  accept(upload: Upload, acceptance: Acceptance): Promise<boolean>;
  reject(ref: UploadRef, rejection: Rejection): Promise<boolean>;
}

/** Looks inside a file without trusting it (file-type and a bounded zip reader in the adapter). */
export interface ContentInspector {
  /** MIME type from the leading bytes; undefined when unknown. */
  detectType(head: Uint8Array): Promise<string | undefined>;
  /** What a DOCX/ODT's zip claims and really inflates to. */
  summarizeZip(bytes: Uint8Array): ZipSummary;
}

/** The answer to an upload request (POST /v1/agencies/{agencyId}/uploads). */
export interface UploadTicket {
  uploadId: string;
  upload: PresignedUpload;
  expiresAt: string;
}
