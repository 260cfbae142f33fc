// Staff ask to upload an attachment, and see where their uploads stand.
import {
  UPLOAD_EXPIRES_SECONDS,
  type Upload,
  type UploadRef,
  type UploadRequest,
} from '#domain/attachment.ts';
import type { UploadObjects, UploadRecords, UploadTicket } from '#domain/attachment-ports.ts';
import { NotFound } from '#domain/errors.ts';
import { incomingKey } from '#adapters/object-keys.ts';

export interface UploadsPorts {
  objects: UploadObjects;
  records: UploadRecords;
  now: () => Date;
  /** A new upload id (ULID) for the instant. */
  newUploadId: (now: Date) => string;
}

/** Presigns the POST into incoming/ and records the upload as pending. */
export async function requestUpload(ports: UploadsPorts, agencyId: string, request: UploadRequest): Promise<UploadTicket> {
  const now = ports.now();
  const uploadId = ports.newUploadId(now);
  // The policy's expiry is whole seconds; never promise more than it grants.
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + UPLOAD_EXPIRES_SECONDS * 1000).toISOString();
  const upload = await ports.objects.presignUpload({
    key: incomingKey({ agencyId, uploadId }),
    contentType: request.contentType,
    size: request.size,
    expiresInSeconds: UPLOAD_EXPIRES_SECONDS,
  });
  await ports.records.create({
    agencyId,
    uploadId,
    state: 'pending',
    fileName: request.fileName,
    contentType: request.contentType,
    declaredSize: request.size,
    ...(request.document ? { document: request.document } : {}),
    ...(request.image ? { image: request.image } : {}),
    createdAt: now.toISOString(),
    uploadExpiresAt: expiresAt,
  });
  return { uploadId, upload, expiresAt };
}

/** What staff see of an upload: its state, why it was rejected, and the document it cites. */
function uploadView(upload: Upload) {
  return {
    uploadId: upload.uploadId,
    state: upload.state,
    ...(upload.state === 'rejected' ? { reason: upload.reason, reasonCode: upload.reasonCode, rejectedAt: upload.rejectedAt } : {}),
    fileName: upload.fileName,
    contentType: upload.contentType,
    size: upload.size ?? upload.declaredSize,
    ...(upload.state === 'accepted' ? { sha256: upload.sha256, acceptedAt: upload.acceptedAt } : {}),
    ...(upload.duplicateOf ? { duplicateOf: upload.duplicateOf } : {}),
    ...(upload.document ? { document: upload.document } : {}),
    ...(upload.image ? { image: upload.image } : {}),
    createdAt: upload.createdAt,
    ...(upload.state === 'pending' ? { uploadExpiresAt: upload.uploadExpiresAt } : {}),
  };
}

export async function getUpload(ports: Pick<UploadsPorts, 'records'>, ref: UploadRef) {
  const upload = await ports.records.get(ref);
  if (!upload) throw new NotFound('No such upload for this agency');
  return uploadView(upload);
}

/** The period's uploads in upload order: what the report will cite, and what it will not. */
export async function listPeriodUploads(ports: Pick<UploadsPorts, 'records'>, agencyId: string, periodId: string) {
  const uploads = await ports.records.listByPeriod(agencyId, periodId);
  return { agencyId, periodId, uploads: uploads.map(uploadView) };
}
