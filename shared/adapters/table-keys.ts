// Every key of the one DynamoDB table, in one place (the storage table of docs/architecture.md lists what each
// item holds). Agency ids never contain '#', so the segments cannot run into each other.
import { createHash } from 'node:crypto';
import type { EntityRef } from '#domain/apply.ts';

const agency = (agencyId: string) => `AGENCY#${agencyId}`;

/**
 * `<tag>#<text>` while the text is short, `<tag>~<sha256>` otherwise: no raw text can produce the
 * second form, so two texts never share a key, and no key passes DynamoDB's limits (2048 bytes pk, 1024 sk).
 */
function keyPart(tag: string, text: string, maxBytes: number): string {
  return Buffer.byteLength(text) <= maxBytes ? `${tag}#${text}` : `${tag}~${createHash('sha256').update(text).digest('hex')}`;
}

/** Report versions sort as text: 0001, 0002, … */
const paddedVersion = (version: number) => String(version).padStart(4, '0');

const ENTITY_TAG = { dossier: 'DOSSIER', document: 'DOCUMENT' } as const;

export const keys = {
  // figures: entity records, month and year counters
  entity: (ref: EntityRef) => ({ pk: `${agency(ref.agencyId)}#${keyPart(ENTITY_TAG[ref.kind], ref.entityId, 1024)}`, sk: 'FACTS' }),
  figuresPk: (agencyId: string) => `${agency(agencyId)}#FIGURES`,
  /** the agency's totals of a month: every field's measures added up, and the documents' */
  monthTotalSk: (month: string) => `MONTH#${month}#TOTAL`,
  monthFieldSk: (month: string, field: string) => `MONTH#${month}#${keyPart('FIELD', field, 256)}`,
  yearSk: (year: string) => `YEAR#${year}`,
  /** the agency's totals of every report year's stock changes, `measure@YYYY` (sorts after every YEAR#) */
  yearTotalsSk: 'YEARS',
  /** the range of month (or year) items of a query: every field of `from` to every field of `to` */
  monthRange: (from: string, to: string) => ({ from: `MONTH#${from}#`, to: `MONTH#${to}#\uffff` }),
  yearRange: (from: string, to: string) => ({ from: `YEAR#${from}`, to: `YEAR#${to}` }),
  /** the month or year an item counts, from its sort key */
  bucketOf: (sk: string) => sk.split('#')[1]!,

  // profiles, narrative, report versions, deliveries
  profile: (agencyId: string) => ({ pk: agency(agencyId), sk: 'PROFILE' }),
  profilesIndex: 'PROFILES',
  periodPk: (agencyId: string, periodId: string) => `${agency(agencyId)}#PERIOD#${periodId}`,
  sectionSk: (sectionKey: string) => `SECTION#${sectionKey}`,
  sectionPrefix: 'SECTION#',
  latestReportSk: 'REPORT#LATEST',
  versionSk: (version: number) => `REPORT#V#${paddedVersion(version)}`,
  versionPrefix: 'REPORT#V#',
  /** one recipient's delivery over one channel: `DELIVERY#V#0001#exchange#01` */
  deliverySk: (version: number, channel: string, recipientNo: number) => `DELIVERY#V#${paddedVersion(version)}#${channel}#${String(recipientNo).padStart(2, '0')}`,
  /** an exchange delivery found by the DocumentId a status message answers and the organ that gives it */
  exchangeDocument: (documentId: string, organId: string) => ({ pk: keyPart('EXCHANGE', documentId, 512), sk: `ORGAN#${organId}` }),
  /** gsi1pk of a delivery whose last send failed: the daily run sends it again */
  failedDeliveriesIndex: 'DELIVERIES#FAILED',
  noticeSk: (noticeId: string, address: string) => `NOTICE#${noticeId}#${address}`,
  /** a report number given by the agency in a year (unique per agency and year, CONTRACT §6): which version holds it */
  reportNumber: (agencyId: string, year: number, number: string) => ({ pk: `${agency(agencyId)}#NUMBERS`, sk: keyPart(`${year}#NUMBER`, number, 512) }),
  deliveryPrefix: (version?: number) => (version === undefined ? 'DELIVERY#V#' : `DELIVERY#V#${paddedVersion(version)}#`),

  // uploads
  upload: (agencyId: string, uploadId: string) => ({ pk: `${agency(agencyId)}#UPLOAD#${uploadId}`, sk: 'UPLOAD' }),
  contentHash: (agencyId: string, sha256: string) => ({ pk: `${agency(agencyId)}#SHA256#${sha256}`, sk: 'SHA256' }),
  periodUploadsIndex: (agencyId: string, periodId: string) => `${agency(agencyId)}#PERIOD#${periodId}#UPLOADS`,

  // parked events
  parked: (agencyId: string, eventId: string) => ({ pk: `${agency(agencyId)}#PARKED`, sk: `EVENT#${eventId}` }),
  parkedIndex: 'PARKED',

  // close runs: one item per agency-period task of a scheduled close
  closeRunPk: (runId: string) => `CLOSE#${runId}`,
  closeTask: (runId: string, agencyId: string, periodId: string) => ({ pk: `CLOSE#${runId}`, sk: `TASK#${agencyId}#${periodId}` }),
} as const;
