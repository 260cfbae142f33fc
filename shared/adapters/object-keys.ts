// Every key of the S3 buckets, in one place beside the table's (table-keys.ts): the reports bucket's
// report files; the uploads bucket's keys are the attachments' (#domain/attachment.ts).
import { reportFileName, type VersionRef } from '#domain/report-version.ts';

/** `folder` keeps one issue attempt's files apart from a concurrent one's (the draft has none). */
export const reportKey = (r: VersionRef, ext: 'docx' | 'pdf', folder?: string) =>
  `reports/${r.agencyId}/${r.periodId}/v${String(r.version).padStart(4, '0')}/${folder ? `${folder}/` : ''}${reportFileName(r, ext, folder !== undefined)}`;


/** The narrative an issued version was rendered from (its sections by key), kept for the province's excerpts (CONTRACT §8). */
export const narrativeKey = (r: VersionRef) => `reports/${r.agencyId}/${r.periodId}/v${String(r.version).padStart(4, '0')}/thuyet-minh.json`;
