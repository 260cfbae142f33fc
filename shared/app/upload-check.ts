// Checks an object that arrived in incoming/ and files it: attachments/ when it is what the
// upload declared, quarantine/ otherwise. Safe to run twice for the same object: only a
// pending upload changes state, and nothing stays in attachments/ for an upload that is not
// accepted (the copy is made first, then the conditional state change, and the copy is
// removed when that change did not happen).
import {
  checkContent,
  DOCX,
  HEAD_BYTES,
  MAX_ATTACHMENT_BYTES,
  ODT,
  type ContentFacts,
  type Upload,
} from '#domain/attachment.ts';
import type { ContentInspector, UploadObjects, UploadRecords } from '#domain/attachment-ports.ts';
import { attachmentKey, parseIncomingKey, quarantineKey } from '#adapters/object-keys.ts';

export interface UploadCheckPorts {
  objects: UploadObjects;
  records: UploadRecords;
  content: ContentInspector;
  now: () => Date;
  log: (entry: Record<string, unknown>) => void;
}

export type CheckOutcome =
  /** not an incoming/{agencyId}/{uploadId} key */
  | 'ignored'
  /** no upload record: the object went to quarantine */
  | 'unknown'
  /** the object is no longer there (an earlier delivery filed it) */
  | 'gone'
  /** the upload was already decided; a leftover incoming object was removed */
  | 'already-decided'
  | 'accepted'
  | 'rejected';

/** `key` is the decoded object key. */
export async function checkUpload(ports: UploadCheckPorts, key: string): Promise<CheckOutcome> {
  const { objects, records, log } = ports;
  const ref = parseIncomingKey(key);
  if (!ref) {
    log({ msg: 'upload-check: not an upload key, left alone', key });
    return 'ignored';
  }
  const [upload, head] = await Promise.all([records.get(ref), objects.head(key)]);
  if (!head) {
    log({ msg: 'upload-check: object already gone', key, state: upload?.state });
    return 'gone';
  }
  if (!upload) {
    await move(objects, key, quarantineKey(ref), head.etag);
    log({ msg: 'upload-check: no upload record, quarantined', key });
    return 'unknown';
  }
  if (upload.state !== 'pending') {
    // The decision stands: this is the rest of an interrupted run, or a second POST to the key.
    await objects.delete(key);
    log({ msg: 'upload-check: upload already decided, incoming object removed', key, state: upload.state });
    return 'already-decided';
  }

  const facts = await contentFacts(ports, upload, key, head);
  const decision = checkContent(facts);
  const at = ports.now().toISOString();
  if (!decision.ok) {
    await objects.copy(key, quarantineKey(ref), head.etag);
    const moved = await records.reject(ref, { reasonCode: decision.reasonCode, reason: decision.reason, at });
    await objects.delete(key);
    log({ msg: 'upload-check: rejected', key, reasonCode: decision.reasonCode, decided: moved });
    return moved ? 'rejected' : 'already-decided';
  }

  const sha256 = await objects.sha256(key, head.etag);
  const target = attachmentKey(ref, upload.fileName);
  await objects.copy(key, target, head.etag);
  const moved = await records.accept(upload, { sha256, size: head.size, at });
  if (!moved) {
    const now = await records.get(ref);
    if (now?.state !== 'accepted' || now.sha256 !== sha256) await objects.delete(target);
  }
  await objects.delete(key);
  log({ msg: 'upload-check: accepted', key, sha256, decided: moved });
  return moved ? 'accepted' : 'already-decided';
}

/** Reads only what the decision needs: nothing when the size is wrong, the whole file for a zip. */
async function contentFacts(
  { objects, content }: Pick<UploadCheckPorts, 'objects' | 'content'>,
  upload: Upload,
  key: string,
  head: { size: number; etag: string },
): Promise<ContentFacts> {
  const declared: ContentFacts['declared'] = { contentType: upload.contentType, size: upload.declaredSize };
  const facts: ContentFacts = { declared, actualSize: head.size, detectedType: undefined };
  if (head.size !== declared.size || head.size > MAX_ATTACHMENT_BYTES) return facts;
  const zip = declared.contentType === DOCX || declared.contentType === ODT;
  const bytes = await objects.read(key, head.etag, zip ? undefined : { start: 0, end: HEAD_BYTES });
  facts.detectedType = await content.detectType(bytes.subarray(0, HEAD_BYTES));
  if (zip) facts.zipSummary = content.summarizeZip(bytes);
  return facts;
}

async function move(objects: UploadObjects, from: string, to: string, etag: string) {
  await objects.copy(from, to, etag);
  await objects.delete(from);
}
