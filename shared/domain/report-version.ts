// Report versions and their delivery: what is stored about each rendering of a period's report.
// The shape of the signed PDF's blanks (plain data, shared by the render and signing layers).
import type { PdfSlots } from '#render/pdf-slots.ts';
import type { Delivery, ListedDelivery } from './delivery.ts';

/** CONTRACT §6: draft → submitted → signed → issued, or submitted → returned. */
export const REPORT_STATES = ['draft', 'submitted', 'returned', 'signed', 'issued'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export interface ReportTransition {
  state: ReportState;
  at: string;
  /** the caller's user id (Cognito `sub`, a local token's user) or "schedule" */
  by: string;
  comment?: string;
}

export interface ReportVersion {
  agencyId: string;
  periodId: string;
  /** 1, 2, … per agency and period */
  version: number;
  /** SHA-256 of everything the report is rendered from: same hash, same bytes */
  inputHash: string;
  /** SHA-256 of the period's figures alone */
  figuresHash: string;
  /** rendered before the period closed: the figures may still change */
  provisional: boolean;
  /** a later version of a report already issued (a late event, edited narrative, …) */
  amendment: boolean;
  issuedOn: string;
  /** "Báo cáo công tác cải cách hành chính … của Sở …": the mail subject */
  title: string;
  files: { docx: ReportFile; pdf: ReportFile };
  createdAt: string;
  /** "schedule" or "staff" */
  trigger: string;
  state: ReportState;
  /** every transition, oldest first; the last one's state is `state` */
  history: ReportTransition[];
  /** {{cite:…}} markers of the narrative no accepted attachment matched when it was rendered: such a draft cannot be submitted */
  missingCitations?: MissingCitation[];
  /** once signed: who signed and the leader-signed PDF (number and date still blank), stored beside the draft's */
  signed?: SignedReport;
  /** once issued: the number, date and signer printed on the issued files, stored beside the draft's */
  issued?: IssuedReport;
}

export interface MissingCitation {
  sectionKey: string;
  /** the number the marker names, e.g. "1/X" in {{cite:1/X}} */
  number: string;
}

/** The leader who signed, as printed under the signature: never typed in, taken from the identity and the profile's `signers`. */
export interface ReportSigner {
  userId: string;
  name: string;
  /** "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC": the authority line, if any, then the title */
  title: string;
}

interface SignedReport {
  signer: ReportSigner;
  signedAt: string;
  /** the leader-signed PDF; the clerk's number, date and the agency's signature are added to it as incremental updates */
  pdf: ReportFile;
  /** where on it the clerk's number and date go, and the signature image's box (the seal covers its left third) */
  slots: PdfSlots;
}

interface IssuedReport {
  /** "1015/BC-SKHCN" */
  number: string;
  /** the signing leader's name (CONTRACT §10's FullName, the submissions board) */
  signerName: string;
  /** local date of the date line, YYYY-MM-DD */
  issuedOn: string;
  /** the DOCX and the signed PDF */
  files: { docx: ReportFile; pdf: ReportFile };
}

export interface ReportFile {
  key: string;
  sha256: string;
  size: number;
}

// ---- the answers of the report routes (CONTRACT §6) ----------------------------------------------

/** POST …/reports. */
export interface RenderOutcome {
  report: ReportVersion;
  /** false when the data had not changed since the latest version */
  created: boolean;
}

/** POST …/reports/{version}/issue. */
export interface IssueOutcome {
  report: ReportVersion;
  deliveries: Delivery[];
}

/** Links to a version's files, valid a few minutes. */
type ReportLinks = {
  docx: string;
  pdf: string;
};

/** A version as GET …/reports lists it: its number, download links and deliveries beside it. */
type ListedReport = ReportVersion & {
  number: string | null;
  /** the draft's files; once signed, the leader-signed PDF; once issued, the issued files */
  downloads: ReportLinks & { signed?: Pick<ReportLinks, 'pdf'>; issued?: ReportLinks; expiresAt: string };
  deliveries: ListedDelivery[];
};

/** GET …/reports: the period's versions, newest first. */
export interface ReportListing {
  agencyId: string;
  periodId: string;
  reports: ListedReport[];
}

/** JSON with object keys sorted, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The media types of the report files (stored objects, mail attachments). */
export const REPORT_MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

export type VersionRef = Pick<ReportVersion, 'agencyId' | 'periodId' | 'version'>;

/** The draft's files; the issued ones carry "-ban-hanh" (ban hành: issued). */
export const reportFileName = (r: VersionRef, ext: 'docx' | 'pdf', issued = false) =>
  `bao-cao-cchc-${r.agencyId}-${r.periodId}-v${r.version}${issued ? '-ban-hanh' : ''}.${ext}`;
