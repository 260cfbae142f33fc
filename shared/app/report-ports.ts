// What the report use cases work over (render, review and issue, deliver, the period close's
// notices): one bag of ports, built from the configuration by shared/adapters/report-ports.ts; each use
// case takes the `Pick` of it that it needs.
import type { AgencyProfile } from '#domain/profile.ts';
import type { PeriodUploads } from '#domain/attachment.ts';
import type { UploadObjects, UploadRecords } from '#domain/attachment-ports.ts';
import { Conflict } from '#domain/errors.ts';
import type { EventQueue } from '#domain/event-ports.ts';
import type { FiguresStore } from '#domain/figures-ports.ts';
import type { Metrics } from '#domain/metrics.ts';
import type { DeliveryLog, LeaderDirectory, Mailer, NoticeLog, ProfileStore, ReportFiles, ReportVersionStore, SectionStore } from '#domain/report-ports.ts';
import type { SignerFor } from '#domain/signer.ts';

export interface ReportPorts {
  figures: FiguresStore;
  profiles: ProfileStore;
  sections: SectionStore;
  /** the period's citations, and the signing images named in the profile */
  uploads: PeriodUploads & Pick<UploadRecords, 'get'>;
  versions: ReportVersionStore;
  files: ReportFiles;
  deliveries: DeliveryLog;
  /** one message per delivery task (CONTRACT §10): SQS in AWS, the in-process queue locally; the worker is functions/deliver */
  deliveryQueue: EventQueue;
  notices: NoticeLog;
  leaders: LeaderDirectory;
  /** signs an agency's issued PDF (its KMS key in AWS, a software key under .local/ locally) */
  signerFor: SignerFor;
  mailer: Mailer;
  mailFrom: string;
  metrics: Metrics;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

/** What signing and issuing take besides: the accepted uploads' bytes, where the signature and seal images are. */
export interface ReviewPorts extends ReportPorts {
  uploadObjects: Pick<UploadObjects, 'head' | 'read'>;
}

export interface DeliveryPolicy {
  /** sends tried per delivery (or notice address) in one run */
  attempts: number;
  /** first backoff; doubles after each failure */
  backoffMs: number;
  /** a worker's claim older than this belongs to a run that died and may be taken over */
  staleClaimMs: number;
}

export const DELIVERY_POLICY: DeliveryPolicy = { attempts: 3, backoffMs: 2_000, staleClaimMs: 15 * 60_000 };

export async function requireProfile(ports: Pick<ReportPorts, 'profiles'>, agencyId: string): Promise<AgencyProfile> {
  const profile = await ports.profiles.getProfile(agencyId);
  if (!profile) {
    throw new Conflict('profile_missing', `Agency ${agencyId} has no profile yet: PUT /v1/agencies/${agencyId} first`, [{ path: 'path.agencyId', message: 'no profile' }]);
  }
  return profile;
}

