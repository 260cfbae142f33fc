// The ports of the report: profiles, narrative, versions, deliveries, the stored files and mail.
// Implemented by the DynamoDB, S3 and SES/SMTP adapters and the tests' fakes.
import type { AgencyProfile } from './profile.ts';
import type { Delivery, DeliveryChannel, DeliveryTask } from './delivery.ts';
import type { ReportState, ReportVersion } from './report-version.ts';
import type { SectionKey } from './sections.ts';

type TransitionOutcome = 'done' | 'changed' | 'number_taken';

export interface ProfileStore {
  getProfile(agencyId: string): Promise<AgencyProfile | undefined>;
  putProfile(profile: AgencyProfile, updatedAt: string): Promise<void>;
  /** every agency with a profile (one item each on the PROFILES index) */
  listProfiles(): Promise<AgencyProfile[]>;
}

export interface SectionStore {
  putSection(agencyId: string, periodId: string, key: SectionKey, paragraphs: string[], updatedAt: string): Promise<void>;
  listSections(agencyId: string, periodId: string): Promise<Partial<Record<SectionKey, string[]>>>;
}

export interface ReportVersionStore {
  latestVersion(agencyId: string, periodId: string): Promise<ReportVersion | undefined>;
  listVersions(agencyId: string, periodId: string): Promise<ReportVersion[]>;
  getVersion(agencyId: string, periodId: string, version: number): Promise<ReportVersion | undefined>;
  /** Adds the next version; false when another writer added one first (nothing written). */
  addVersion(version: ReportVersion): Promise<boolean>;
  /**
   * Replaces a version by its next state, only while it is still in state `from` with the history
   * it was read with: `changed` when another transition came first. An issued version's number is
   * claimed for its agency and year in the same write: `number_taken` when another report holds it.
   * Anything but `done` wrote nothing.
   */
  transition(next: ReportVersion, from: ReportState): Promise<TransitionOutcome>;
  /** Whether the agency gave this number to an issued report of that year (checked before rendering; `transition` decides a race). */
  numberTaken(agencyId: string, year: number, number: string): Promise<boolean>;
}

/** Mails to the office and the leaders (draft notices, reminders): each notice once per address. */
export interface NoticeLog {
  /** true when this notice was not sent to the address yet (and now is claimed for it) */
  claimNotice(agencyId: string, periodId: string, noticeId: string, address: string, now: string): Promise<boolean>;
  /** gives the claim back after a failed send, so the next run tries again */
  releaseNotice(agencyId: string, periodId: string, noticeId: string, address: string): Promise<void>;
}

/** The e-mail addresses of an agency's leaders (the cchc-leader group in AWS): deadline reminders go there. */
export interface LeaderDirectory {
  leaderEmails(agencyId: string): Promise<string[]>;
}

/** Which delivery: the version, the recipient's position in "Nơi nhận" and the channel. */
export type DeliveryKey = { version: number; recipientNo: number; channel: DeliveryChannel };

/** Where each recipient's delivery of an issued version stands (CONTRACT §10): one entry per version, recipient and channel. */
export interface DeliveryLog {
  listDeliveries(agencyId: string, periodId: string, version?: number): Promise<Delivery[]>;
  getDelivery(agencyId: string, periodId: string, key: DeliveryKey): Promise<Delivery | undefined>;
  /**
   * Adds a queued delivery unless the version, recipient and channel has one already: false then
   * (an issue or a fallback queued twice), so no recipient gets two deliveries of one issue. An
   * exchange delivery is found again by its DocumentId and the recipient's organ code.
   */
  addDelivery(agencyId: string, periodId: string, delivery: Delivery): Promise<boolean>;
  /**
   * Replaces `previous` by `next` only while the stored delivery is still `previous`: false when
   * another writer (a status message, a worker) came first; nothing is written then.
   */
  updateDelivery(agencyId: string, periodId: string, next: Delivery, previous: Delivery): Promise<boolean>;
  /** the delivery an exchange status message is about: the DocumentId it answers and the organ that gives it */
  findByDocument(documentId: string, organId: string): Promise<DeliveryTask | undefined>;
  /** every agency's deliveries that failed, for the daily run to queue again */
  listFailedDeliveries(): Promise<DeliveryTask[]>;
}

export interface ReportFiles {
  put(key: string, body: Uint8Array, contentType: string, metadata: Record<string, string>): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** A short-lived download link. */
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** The delivery a mail is for: a bounce or complaint about it is recorded there (functions/mail-events). */
export interface DeliveryRef {
  agencyId: string;
  periodId: string;
  version: number;
}

export interface MailMessage {
  /** an address, or the agency's mailbox with its name as the display name */
  from: string | { name: string; address: string };
  /** one address, or every address of one recipient (one mail to them all) */
  to: string | string[];
  subject: string;
  text: string;
  attachments: MailAttachment[];
  /** Set on a report mail to a recipient; other mails (notices to the office) have none. */
  delivery?: DeliveryRef;
}

export interface Mailer {
  /** Resolves with the provider's message id; rejects when the provider refuses the message. */
  send(message: MailMessage): Promise<string>;
}
