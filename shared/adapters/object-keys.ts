// Every key of the S3 buckets, in one place beside the table's (table-keys.ts): the reports bucket's
// report files, and the uploads bucket's objects as an upload moves through it (incoming/ where the
// browser posts it, then attachments/ once checked, or quarantine/).
import { agencyId } from '#events/event.schema.ts';
import type { UploadRef } from '#domain/attachment.ts';
import { reportFileName, type VersionRef } from '#domain/report-version.ts';
import { uploadId } from '#domain/upload-id.ts';

/** `folder` keeps one issue attempt's files apart from a concurrent one's (the draft has none). */
export const reportKey = (r: VersionRef, ext: 'docx' | 'pdf', folder?: string) =>
  `reports/${r.agencyId}/${r.periodId}/v${String(r.version).padStart(4, '0')}/${folder ? `${folder}/` : ''}${reportFileName(r, ext, folder !== undefined)}`;

/** The uploads bucket's prefixes: the functions' keys and the stacks' permissions, notifications and lifecycle rules use these. */
export const uploadPrefixes = {
  incoming: 'incoming/',
  attachments: 'attachments/',
  quarantine: 'quarantine/',
} as const;

export const incomingKey = ({ agencyId, uploadId }: UploadRef) => `${uploadPrefixes.incoming}${agencyId}/${uploadId}`;
export const quarantineKey = ({ agencyId, uploadId }: UploadRef) => `${uploadPrefixes.quarantine}${agencyId}/${uploadId}`;
export const attachmentKey = ({ agencyId, uploadId }: UploadRef, fileName: string) =>
  `${uploadPrefixes.attachments}${agencyId}/${uploadId}/${fileName}`;

/** The upload an `incoming/` key belongs to, or undefined for any other key. */
export function parseIncomingKey(key: string): UploadRef | undefined {
  const [prefix, agency, upload, ...rest] = key.split('/');
  if (`${prefix}/` !== uploadPrefixes.incoming || rest.length > 0) return undefined;
  if (!agencyId.safeParse(agency).success || !uploadId.safeParse(upload).success) return undefined;
  return { agencyId: agency!, uploadId: upload! };
}

/** An S3 notification's object key, which S3 sends URL-encoded with `+` for spaces. */
export const decodeS3EventKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

/** The indicator values of an issued version (CONTRACT §10's "also out of the exchange"), beside its issued PDF. */
export const indicatorsKey = (issuedPdfKey: string) => issuedPdfKey.replace(/[^/]+$/, 'chi-tieu.json');

/** The narrative an issued version was rendered from (its sections by key), kept for the province's excerpts (CONTRACT §8). */
export const narrativeKey = (r: VersionRef) => `reports/${r.agencyId}/${r.periodId}/v${String(r.version).padStart(4, '0')}/thuyet-minh.json`;
